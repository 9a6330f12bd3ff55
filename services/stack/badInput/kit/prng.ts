/**
 * A small seeded PRNG (mulberry32) for the fuzz run: the same seed gives the same sequence of
 * mutations on every machine, so a failing seed reproduces. Not for anything secret.
 */

/** A deterministic source of random choices. */
export interface Prng {
  /** The seed it started from (print it with any failure). */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/** A PRNG seeded with the 32-bit unsigned integer `seed`. */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    seed: seed >>> 0,
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      const item = items[int(items.length)];
      if (item === undefined) throw new Error('pick: empty list');
      return item;
    },
  };
}

/** The seed from `FUZZ_SEED` (decimal or 0x hex) when given, else `fallback`; throws on a malformed value. */
export function seedFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const seed = Number(value.trim());
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`FUZZ_SEED must be an integer in [0, 2^32), got ${JSON.stringify(value)}`);
  return seed;
}
