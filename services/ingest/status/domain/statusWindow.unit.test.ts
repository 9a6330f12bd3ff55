import { describe, expect, it } from 'vitest';
import { statusWindowStart } from './statusWindow.ts';

const now = new Date('2026-03-31T12:00:00.000Z');

describe('statusWindowStart', () => {
  it.each([
    ['nothing asked: the retention horizon', undefined, '2026-03-01T12:00:00.000Z'],
    ['a time inside the retention: that time', new Date('2026-03-30T00:00:00.000Z'), '2026-03-30T00:00:00.000Z'],
    ['a time before the horizon: the horizon', new Date('2025-01-01T00:00:00.000Z'), '2026-03-01T12:00:00.000Z'],
    ['a time in the future: that time (nothing to count)', new Date('2026-04-01T00:00:00.000Z'), '2026-04-01T00:00:00.000Z'],
  ])('%s', (_name, requested, want) => {
    expect(statusWindowStart(now, 30, requested).toISOString()).toBe(want);
  });
});
