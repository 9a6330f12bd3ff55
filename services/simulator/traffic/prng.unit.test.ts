import { describe, expect, it } from 'vitest';
import { createPrng, hash32 } from './prng.ts';

describe('createPrng', () => {
  it('replays the same draws for the same seed', () => {
    const draw = (seed: number): number[] => {
      const prng = createPrng(seed);
      return Array.from({ length: 20 }, () => prng.next());
    };
    expect(draw(9)).toEqual(draw(9));
    expect(draw(9)).not.toEqual(draw(10));
  });

  it('keeps integers in range and reaches both ends', () => {
    const prng = createPrng(3);
    const values = new Set(Array.from({ length: 2000 }, () => prng.int(2, 6)));
    expect([...values].sort()).toEqual([2, 3, 4, 5]);
  });

  it('picks by weight', () => {
    const prng = createPrng(4);
    const picks = Array.from({ length: 10_000 }, () => prng.weighted([['rare', 1], ['common', 9]] as const));
    const rare = picks.filter((p) => p === 'rare').length / picks.length;
    expect(rare).toBeGreaterThan(0.07);
    expect(rare).toBeLessThan(0.13);
  });

  it('makes hex strings of the asked length', () => {
    expect(createPrng(5).hex(24)).toMatch(/^[0-9a-f]{24}$/);
  });

  it('hashes strings stably', () => {
    expect(hash32('abc')).toBe(hash32('abc'));
    expect(hash32('abc')).not.toBe(hash32('abd'));
  });
});
