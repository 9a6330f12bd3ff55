import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs } from './retryAfterMs.ts';

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    { given: null, want: null },
    { given: '0', want: 0 },
    { given: '30', want: 30_000 },
    { given: ' 5 ', want: 5_000 },
    { given: 'Thu, 01 Jan 2026 00:01:30 GMT', want: 90_000 },
    { given: 'Wed, 31 Dec 2025 23:59:00 GMT', want: 0 },
    { given: 'soon', want: null },
    { given: '-5', want: null },
  ])('reads $given as $want ms', ({ given, want }) => {
    expect(parseRetryAfterMs(given, now)).toBe(want);
  });
});
