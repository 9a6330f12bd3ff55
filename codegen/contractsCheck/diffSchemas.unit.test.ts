import { describe, expect, it } from 'vitest';
import type { BreakingKind } from './breakingChange.ts';
import { diffSchemas } from './diffSchemas.ts';

type Want = readonly (readonly [BreakingKind, string])[];
const obj = (properties: Record<string, unknown>, required: string[] = []): Record<string, unknown> => ({ type: 'object', required, properties });
const run = (before: unknown, after: unknown): Want => diffSchemas(before, after, '#').map((c) => [c.kind, c.location] as const);

const catches: { name: string; before: unknown; after: unknown; want: Want }[] = [
  { name: 'a removed field', before: obj({ a: { type: 'string' }, b: {} }), after: obj({ a: { type: 'string' } }), want: [['field-removed', '#/properties/b']] },
  { name: 'a nullable type made non-null', before: { type: ['string', 'null'] }, after: { type: 'string' }, want: [['type-narrowed', '#']] },
  { name: 'number narrowed to integer', before: { type: 'number' }, after: { type: 'integer' }, want: [['type-narrowed', '#']] },
  { name: 'string changed to object', before: { type: 'string' }, after: { type: 'object' }, want: [['type-narrowed', '#']] },
  { name: 'an untyped field given a type', before: obj({ data: {} }), after: obj({ data: { type: 'object' } }), want: [['type-narrowed', '#/properties/data']] },
  { name: 'a newly required field', before: obj({ a: {} }), after: obj({ a: {} }, ['a']), want: [['field-required', '#/properties/a']] },
  { name: 'a new field that is required', before: obj({}), after: obj({ b: { type: 'string' } }, ['b']), want: [['field-required', '#/properties/b']] },
  { name: 'a removed enum value', before: { type: 'string', enum: ['a', 'b'] }, after: { type: 'string', enum: ['a'] }, want: [['enum-value-removed', '#']] },
  { name: 'a value added to a closed enum', before: { enum: ['a'] }, after: { enum: ['a', 'b'] }, want: [['enum-value-added', '#']] },
  { name: 'a changed const', before: { const: '1.0' }, after: { const: '2.0' }, want: [['enum-value-removed', '#'], ['enum-value-added', '#']] },
  { name: 'an open string closed into an enum', before: { type: 'string', 'x-known-values': ['a'] }, after: { type: 'string', enum: ['a'] }, want: [['type-narrowed', '#']] },
  { name: 'a change inside array items', before: { type: 'array', items: obj({ id: {} }) }, after: { type: 'array', items: obj({}) }, want: [['field-removed', '#/items/properties/id']] },
  { name: 'additional properties closed', before: obj({}), after: { ...obj({}), additionalProperties: false }, want: [['type-narrowed', '#/additionalProperties']] },
  { name: 'additional properties narrowed', before: { additionalProperties: { type: ['string', 'integer'] } }, after: { additionalProperties: { type: 'string' } }, want: [['type-narrowed', '#/additionalProperties']] },
  { name: 'a removed anyOf alternative', before: { anyOf: [{ type: 'string' }, { type: 'null' }] }, after: { type: 'string' }, want: [['type-narrowed', '#/anyOf/1']] },
  { name: 'a removed oneOf $ref alternative', before: { oneOf: [{ $ref: '#/$defs/a' }, { $ref: '#/$defs/b' }], $defs: { a: obj({}), b: obj({}) } }, after: { oneOf: [{ $ref: '#/$defs/a' }], $defs: { a: obj({}), b: obj({}) } }, want: [['alternative-removed', '#/oneOf/1']] },
  { name: 'a change inside a matched alternative', before: { anyOf: [obj({ id: {} }), { type: 'null' }] }, after: { anyOf: [{ type: 'null' }, obj({})] }, want: [['field-removed', '#/anyOf/0/properties/id']] },
  { name: 'a change inside an allOf member', before: { allOf: [obj({ id: {} }), obj({ at: {} })] }, after: { allOf: [obj({ id: {} }), obj({})] }, want: [['field-removed', '#/properties/at']] },
  { name: 'a change behind a $ref', before: { $ref: '#/$defs/u', $defs: { u: obj({ id: { type: 'string' } }) } }, after: { $ref: '#/$defs/u', $defs: { u: obj({ id: { type: 'integer' } }) } }, want: [['type-narrowed', '#/properties/id']] },
  { name: 'a tightened maxLength', before: { type: 'string', maxLength: 10 }, after: { type: 'string', maxLength: 5 }, want: [['constraint-tightened', '#']] },
  { name: 'an added pattern', before: { type: 'string' }, after: { type: 'string', pattern: '^a' }, want: [['constraint-tightened', '#']] },
  { name: 'a schema made false', before: obj({ a: {} }), after: obj({ a: false }), want: [['type-narrowed', '#/properties/a']] },
];

const allows: { name: string; before: unknown; after: unknown }[] = [
  { name: 'a new optional field', before: obj({ a: {} }, ['a']), after: obj({ a: {}, b: { type: 'string' } }, ['a']) },
  { name: 'description and example edits', before: { type: 'string', description: 'x', examples: ['a'] }, after: { type: 'string', description: 'y', examples: ['b'] } },
  { name: 'a widened type', before: { type: 'integer' }, after: { type: ['number', 'null'] } },
  { name: 'a type widened into an anyOf', before: obj({ a: { type: 'string' } }), after: { anyOf: [obj({ a: { type: 'string' } }), { type: 'null' }] } },
  { name: 'a removed required entry', before: obj({ a: {} }, ['a']), after: obj({ a: {} }) },
  { name: 'added x-known-values', before: { type: 'string', 'x-known-values': ['a'] }, after: { type: 'string', 'x-known-values': ['a', 'b'] } },
  { name: 'an enum opened into a string', before: { type: 'string', enum: ['a'] }, after: { type: 'string' } },
  { name: 'a typed const', before: { const: 'x' }, after: { type: 'string', const: 'x' } },
  { name: 'a loosened maxLength', before: { type: 'string', maxLength: 5 }, after: { type: 'string', maxLength: 10 } },
  { name: 'a field moved into a $ref', before: obj({ id: { type: 'string' } }), after: { $ref: '#/$defs/u', $defs: { u: obj({ id: { type: 'string' } }) } } },
];

describe('diffSchemas', () => {
  it.each(catches)('catches $name', ({ before, after, want }) => {
    expect(run(before, after)).toEqual(want);
  });
  it.each(allows)('allows $name', ({ before, after }) => {
    expect(run(before, after)).toEqual([]);
  });

  const tree = (childType: string): unknown => ({
    $ref: '#/$defs/node',
    $defs: { node: obj({ name: { type: childType }, children: { type: 'array', items: { $ref: '#/$defs/node' } } }) },
  });
  it('walks a recursive schema once and still finds the change in it', () => {
    expect(run(tree('string'), tree('string'))).toEqual([]);
    expect(run(tree('string'), tree('integer'))).toEqual([['type-narrowed', '#/properties/name']]);
  });
  it('resolves references against the given documents', () => {
    const roots = { before: { s: { type: 'string' } }, after: { s: { type: 'integer' } } };
    expect(diffSchemas({ $ref: '#/s' }, { $ref: '#/s' }, 'doc#/x', roots).map((c) => c.location)).toEqual(['doc#/x']);
  });
  it('fails clearly on a reference that does not resolve', () => {
    expect(() => diffSchemas({}, { $ref: '#/$defs/missing' }, 'doc#/x')).toThrow('doc#/x: unresolved reference "#/$defs/missing"');
  });
  it('fails clearly on a cycle of references alone', () => {
    const loop = { $ref: '#/$defs/a', $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } } };
    expect(() => diffSchemas(loop, loop, '#')).toThrow(/cyclic reference/);
  });
});
