import { describe, expect, it } from 'vitest';
import { readPointer, resolveRefs } from './resolveRefs.ts';

const root = {
  components: {
    schemas: {
      id: { type: 'integer' },
      user: { type: 'object', properties: { id: { $ref: '#/components/schemas/id' } } },
      'a/b': { type: 'string' },
      loop: { $ref: '#/components/schemas/loop2' },
      loop2: { $ref: '#/components/schemas/loop' },
    },
  },
};

describe('resolveRefs', () => {
  it('inlines nested references', () => {
    expect(resolveRefs(root, { $ref: '#/components/schemas/user' }, 'x')).toEqual({ type: 'object', properties: { id: { type: 'integer' } } });
  });
  it('keeps sibling keywords beside a reference', () => {
    expect(resolveRefs(root, { $ref: '#/components/schemas/id', description: 'd' }, 'x')).toEqual({ type: 'integer', description: 'd' });
  });
  it('decodes escaped pointer segments', () => {
    expect(readPointer(root, '#/components/schemas/a~1b')).toEqual({ type: 'string' });
  });
  const failures = [
    { ref: '#/components/schemas/missing', error: /x: unresolved reference "#\/components\/schemas\/missing"/ },
    { ref: 'other.yaml#/a', error: /only local references/ },
    { ref: '#/components/schemas/loop', error: /cyclic reference/ },
  ];
  it.each(failures)('fails clearly on $ref', ({ ref, error }) => {
    expect(() => resolveRefs(root, { $ref: ref }, 'x')).toThrow(error);
  });
});
