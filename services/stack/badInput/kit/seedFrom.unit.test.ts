import { describe, expect, it } from 'vitest';
import { seedFrom } from './prng.ts';

describe('seedFrom', () => {
  it.each([
    [undefined, 5],
    ['', 5],
    ['123', 123],
    ['0xff', 255],
  ])('reads %j as %i (fallback 5)', (given, want) => {
    expect(seedFrom(given, 5)).toBe(want);
  });

  it.each(['abc', '-1', '1.5', '4294967296'])('refuses %j', (given) => {
    expect(() => seedFrom(given, 5)).toThrow(/FUZZ_SEED/);
  });
});
