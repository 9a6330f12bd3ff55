import { describe, expect, it } from 'vitest';
import { createPrng, seedFrom } from './prng.ts';

describe('createPrng', () => {
  it('gives the same sequence for the same seed, and another for another seed', () => {
    const draw = (seed: number): number[] => {
      const prng = createPrng(seed);
      return Array.from({ length: 8 }, () => prng.int(1_000_000));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('stays in range', () => {
    const prng = createPrng(7);
    const values = Array.from({ length: 10_000 }, () => prng.next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(new Set(Array.from({ length: 1000 }, () => prng.int(3)))).toEqual(new Set([0, 1, 2]));
  });
});

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
