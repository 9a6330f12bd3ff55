import { describe, expect, it } from 'vitest';
import { chunk50 } from './chunk50.ts';

describe('chunk50', () => {
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  it.each([
    { given: 0, want: [] },
    { given: 1, want: [1] },
    { given: 50, want: [50] },
    { given: 51, want: [50, 1] },
    { given: 120, want: [50, 50, 20] },
  ])('splits $given items into chunks of $want', ({ given, want }) => {
    const chunks = chunk50(range(given));
    expect(chunks.map((c) => c.length)).toEqual(want);
    expect(chunks.flat()).toEqual(range(given));
  });
});
