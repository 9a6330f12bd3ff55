import { describe, expect, it } from 'vitest';
import { tsType } from './tsType.ts';

describe('tsType: JSON Schema → TypeScript', () => {
  const cases: Array<{ given: unknown; want: string }> = [
    { given: { type: 'string' }, want: 'string' },
    { given: { type: 'integer' }, want: 'number' },
    { given: { type: ['string', 'null'] }, want: 'string | null' },
    { given: { const: '1.0' }, want: '"1.0"' },
    { given: { enum: ['a', 'b'] }, want: '"a" | "b"' },
    { given: { type: 'array', items: { type: ['integer', 'null'] } }, want: 'Array<number | null>' },
    { given: { $ref: '#/components/schemas/kickUser' }, want: 'KickUser' },
    { given: { oneOf: [{ type: 'boolean' }, { type: 'string', enum: ['true', 'false'] }] }, want: 'boolean | "true" | "false"' },
    { given: { allOf: [{ $ref: '#/components/schemas/a' }, { $ref: '#/components/schemas/b' }] }, want: 'A & B' },
    { given: {}, want: 'unknown' },
    { given: { type: 'object', additionalProperties: false }, want: 'Record<string, never>' },
    { given: { type: 'object' }, want: '{\n  [key: string]: unknown;\n}' },
    {
      given: { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, 'a-b': { type: 'string' } } },
      want: '{\n  id: number;\n  "a-b"?: string;\n  [key: string]: unknown;\n}',
    },
    {
      given: { type: 'object', additionalProperties: false, properties: { x: { type: 'string', description: 'Why.' } } },
      want: '{\n  /** Why. */\n  x?: string;\n}',
    },
  ];
  it.each(cases)('$given → $want', ({ given, want }) => {
    expect(tsType(given)).toBe(want);
  });

  const failures: Array<{ given: unknown; error: RegExp }> = [
    { given: { type: 'array', items: [{ type: 'string' }] }, error: /tuple "items"/ },
    { given: { type: 'decimal' }, error: /unknown type "decimal"/ },
    { given: 'string', error: /must be an object/ },
  ];
  it.each(failures)('rejects $given', ({ given, error }) => {
    expect(() => tsType(given)).toThrow(error);
  });
});
