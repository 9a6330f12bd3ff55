import { describe, expect, it } from 'vitest';
import { bearerToken } from './adminTokenGate.ts';

describe('bearerToken', () => {
  it.each([
    ['Bearer s3cret', 's3cret'],
    ['bearer   s3cret ', 's3cret'],
    ['Basic czNjcmV0', null],
    ['Bearer', null],
    ['Bearer two words', null],
    [undefined, null],
  ])('%s gives %s', (header, want) => {
    expect(bearerToken(header)).toBe(want);
  });
});
