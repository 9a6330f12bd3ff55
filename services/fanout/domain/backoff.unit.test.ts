import { describe, expect, it } from 'vitest';
import { backoffBaseMs, backoffDelayMs, parseRetryAfterMs } from './backoff.ts';

describe('backoffDelayMs', () => {
  const maxMs = 3_600_000;

  it('draws uniformly below a ceiling that doubles with each attempt (full jitter)', () => {
    expect(backoffDelayMs({ attempts: 1, backoffMaxMs: maxMs, random: () => 0.5 })).toBe(backoffBaseMs / 2);
    expect(backoffDelayMs({ attempts: 4, backoffMaxMs: maxMs, random: () => 0.5 })).toBe(4 * backoffBaseMs);
    expect(backoffDelayMs({ attempts: 4, backoffMaxMs: maxMs, random: () => 0 })).toBe(0);
  });

  it('never exceeds FANOUT_BACKOFF_MAX_MS however many attempts', () => {
    expect(backoffDelayMs({ attempts: 1_000, backoffMaxMs: maxMs, random: () => 0.999999 })).toBeLessThanOrEqual(maxMs);
    expect(backoffDelayMs({ attempts: 30, backoffMaxMs: 5_000, random: () => 0.5 })).toBe(2_500);
  });

  it('waits at least what Retry-After asks for, but no longer than the cap', () => {
    expect(backoffDelayMs({ attempts: 1, backoffMaxMs: maxMs, random: () => 0.1, retryAfterMs: 120_000 })).toBe(120_000);
    expect(backoffDelayMs({ attempts: 1, backoffMaxMs: 60_000, random: () => 0.1, retryAfterMs: 120_000 })).toBe(60_000);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2025-01-14T16:00:00Z');

  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Tue, 14 Jan 2025 16:01:30 GMT', 90_000],
    ['Tue, 14 Jan 2025 15:00:00 GMT', 0],
    ['soon', null],
    [null, null],
  ])('reads %j as %j ms', (value, want) => {
    expect(parseRetryAfterMs(value, now)).toBe(want);
  });
});
