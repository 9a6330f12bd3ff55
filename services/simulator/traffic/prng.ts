/**
 * A small seeded pseudo-random generator (mulberry32) with the draws the traffic generators use.
 * Deterministic by design: the same seed replays the same traffic, so a run that surprised someone
 * can be reproduced with `--seed`. Not for anything secret.
 */

/** Draws from one seeded stream. */
export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, maxExclusive). */
  int(min: number, maxExclusive: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** One value by weight: `[[value, weight], …]`, weights positive. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** `length` lower-case hex digits. */
  hex(length: number): string;
}

/** Creates a generator from a 32-bit seed (other numbers are folded into 32 bits). */
export function createPrng(seed: number): Prng {
  let state = Math.trunc(seed) >>> 0;
  const next = (): number => {
    // mulberry32: tiny state, good enough spread for simulated traffic.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, maxExclusive: number): number => min + Math.floor(next() * (maxExclusive - min));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      const item = items[int(0, items.length)];
      if (item === undefined) throw new RangeError('pick from an empty list');
      return item;
    },
    weighted<T>(entries: readonly (readonly [T, number])[]): T {
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [value, weight] of entries) {
        roll -= weight;
        if (roll < 0) return value;
      }
      const last = entries.at(-1);
      if (last === undefined) throw new RangeError('weighted pick from an empty list');
      return last[0];
    },
    hex(length) {
      let out = '';
      while (out.length < length) out += int(0, 0x10000).toString(16).padStart(4, '0');
      return out.slice(0, length);
    },
  };
}

/** A 32-bit hash of a string (FNV-1a), to derive stable sub-seeds such as one per channel. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
