/**
 * The fuzz run's seeded randomness: the simulator's PRNG (mulberry32), so the same seed gives the
 * same sequence of mutations on every machine and a failing seed reproduces.
 */
export { createPrng, type Prng } from '../../../simulator/traffic/prng.ts';

/** The seed from `FUZZ_SEED` (`value`), else `fallback`; a bad value is an error naming it. */
export function seedFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const seed = Number(value.trim());
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`FUZZ_SEED must be an integer in [0, 2^32), got ${JSON.stringify(value)}`);
  return seed;
}
