import { describe, expect, it } from 'vitest';
import { componentOrder } from './componentOrder.ts';
import { toTypeBox } from './toTypeBox.ts';

const refName = (ref: string, where: string): string => {
  const match = /^#\/components\/schemas\/(\w+)$/.exec(ref);
  if (!match?.[1]) throw new Error(`${where}: bad ref ${ref}`);
  return match[1];
};
const convert = (schema: unknown, rootOptions?: Record<string, unknown>): string =>
  toTypeBox(schema, '#/given', { refName, ...(rootOptions ? { rootOptions } : {}) });

describe('toTypeBox: JSON Schema → TypeBox code', () => {
  const cases: Array<{ given: unknown; want: string; what: string }> = [
    { what: 'string with format, pattern and length', given: { type: 'string', format: 'uuid', pattern: '^a', minLength: 1, maxLength: 36 }, want: 'Type.String({ format: "uuid", maxLength: 36, minLength: 1, pattern: "^a" })' },
    { what: 'integer with bounds', given: { type: 'integer', minimum: 0, maximum: 10 }, want: 'Type.Integer({ maximum: 10, minimum: 0 })' },
    { what: 'number', given: { type: 'number', exclusiveMinimum: 0 }, want: 'Type.Number({ exclusiveMinimum: 0 })' },
    { what: 'boolean', given: { type: 'boolean' }, want: 'Type.Boolean()' },
    { what: 'null', given: { type: 'null' }, want: 'Type.Null()' },
    { what: 'description is kept as an option', given: { type: 'string', description: 'A name.' }, want: 'Type.String({ description: "A name." })' },
    { what: 'x-* and example are documentation only', given: { type: 'string', 'x-known-values': ['a'], example: 'a' }, want: 'Type.String()' },
    {
      what: 'object with required and optional properties, closed',
      given: { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string' }, 'user-agent': { type: 'string' } } },
      want: 'Type.Object({\n  id: Type.String(),\n  "user-agent": Type.Optional(Type.String()),\n}, { additionalProperties: false })',
    },
    { what: 'open object without properties is a map of unknown', given: { type: 'object' }, want: 'Type.Record(Type.String(), Type.Unknown())' },
    { what: 'additionalProperties schema without properties is a map', given: { type: 'object', additionalProperties: { type: 'integer' } }, want: 'Type.Record(Type.String(), Type.Integer())' },
    {
      what: 'additionalProperties schema beside properties',
      given: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } },
      want: 'Type.Object({\n  a: Type.Optional(Type.String()),\n}, { additionalProperties: Type.String() })',
    },
    { what: 'closed empty object', given: { type: 'object', additionalProperties: false }, want: 'Type.Object({}, { additionalProperties: false })' },
    { what: 'properties without type is an object', given: { properties: { a: { type: 'boolean' } }, required: ['a'] }, want: 'Type.Object({\n  a: Type.Boolean(),\n})' },
    { what: 'array with item constraints', given: { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true }, want: 'Type.Array(Type.String(), { minItems: 1, uniqueItems: true })' },
    { what: 'array without items', given: { type: 'array' }, want: 'Type.Array(Type.Unknown())' },
    { what: 'nullable via type array', given: { type: ['string', 'null'], format: 'date-time', description: 'When.' }, want: 'Type.Union([Type.String({ format: "date-time" }), Type.Null()], { description: "When." })' },
    { what: 'type array of one', given: { type: ['integer'] }, want: 'Type.Integer()' },
    { what: 'enum of strings', given: { type: 'string', enum: ['a', 'b'] }, want: 'Type.Union([Type.Literal("a"), Type.Literal("b")])' },
    { what: 'enum with null', given: { enum: ['a', null] }, want: 'Type.Union([Type.Literal("a"), Type.Null()])' },
    { what: 'enum of one', given: { enum: [3] }, want: 'Type.Literal(3)' },
    { what: 'const string', given: { const: '1.0' }, want: 'Type.Literal("1.0")' },
    { what: 'const boolean', given: { const: true }, want: 'Type.Literal(true)' },
    { what: 'oneOf', given: { oneOf: [{ type: 'string' }, { type: 'integer' }] }, want: 'Type.Union([Type.String(), Type.Integer()])' },
    { what: 'anyOf with null', given: { anyOf: [{ $ref: '#/components/schemas/Thing' }, { type: 'null' }] }, want: 'Type.Union([Thing, Type.Null()])' },
    {
      what: 'oneOf beside an object base',
      given: { type: 'object', properties: { a: { type: 'string' } }, oneOf: [{ required: ['a'] }, { type: 'object' }] },
      want: 'Type.Intersect([Type.Object({\n  a: Type.Optional(Type.String()),\n}), Type.Union([Type.Unknown(), Type.Record(Type.String(), Type.Unknown())])])',
    },
    { what: 'allOf', given: { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', properties: { b: { type: 'number' } } }] }, want: 'Type.Intersect([Base, Type.Object({\n  b: Type.Optional(Type.Number()),\n})])' },
    { what: '$ref to a component', given: { $ref: '#/components/schemas/Thing' }, want: 'Thing' },
    { what: '$ref with a description beside it', given: { $ref: '#/components/schemas/Thing', description: 'why' }, want: 'Thing' },
    { what: 'empty schema', given: {}, want: 'Type.Unknown()' },
    { what: 'true schema', given: true, want: 'Type.Unknown()' },
    { what: 'false schema', given: false, want: 'Type.Never()' },
  ];
  it.each(cases)('$what', ({ given, want }) => {
    expect(convert(given)).toBe(want);
  });

  it('puts root options ($id) first on the outermost type', () => {
    expect(convert({ type: 'object', properties: {}, additionalProperties: false }, { $id: 'doc/op/body' })).toBe('Type.Object({}, { $id: "doc/op/body", additionalProperties: false })');
  });

  it('gives a part that is exactly a component its own $id through Type.With', () => {
    expect(convert({ $ref: '#/components/schemas/Thing' }, { $id: 'doc/op/response/200' })).toBe('Type.With(Thing, { $id: "doc/op/response/200" })');
  });

  it('indents nested objects', () => {
    expect(convert({ type: 'object', properties: { inner: { type: 'object', properties: { x: { type: 'string' } }, required: ['x'] } } })).toBe(
      'Type.Object({\n  inner: Type.Optional(Type.Object({\n    x: Type.String(),\n  })),\n})',
    );
  });
});

describe('toTypeBox: constructs it cannot express fail with their location', () => {
  const cases: Array<{ given: unknown; error: RegExp; what: string }> = [
    { what: 'OpenAPI 3.0 nullable', given: { type: 'object', properties: { a: { type: 'string', nullable: true } } }, error: /#\/given\/properties\/a: unsupported keyword "nullable" \(OpenAPI 3.0 "nullable" is not 3.1: write type: \[T, "null"\]\)/ },
    { what: 'an unknown keyword', given: { type: 'object', patternProperties: { '^a': {} } }, error: /#\/given: unsupported keyword "patternProperties"/ },
    { what: 'not', given: { not: { type: 'string' } }, error: /#\/given: unsupported keyword "not"/ },
    { what: 'tuple items', given: { type: 'array', items: [{ type: 'string' }] }, error: /#\/given: tuple "items" are not supported/ },
    { what: 'an unknown type', given: { type: 'date' }, error: /#\/given: unknown type "date"/ },
    { what: 'an object enum value', given: { enum: [{ a: 1 }] }, error: /#\/given\/enum: only string, number, boolean and null values/ },
    { what: 'required without a property', given: { type: 'object', required: ['b'], properties: { a: { type: 'string' } } }, error: /#\/given: required "b" not declared in "properties"/ },
    { what: 'structural keywords beside $ref', given: { $ref: '#/components/schemas/Thing', type: 'object' }, error: /#\/given: keywords beside "\$ref" are not supported: type/ },
    { what: 'a reference outside components.schemas', given: { items: { $ref: '#/paths/x' } }, error: /#\/given\/items: bad ref #\/paths\/x/ },
    { what: 'two compositions in one schema', given: { oneOf: [{}], anyOf: [{}] }, error: /#\/given: combine at most one of oneOf, anyOf, allOf/ },
    { what: 'an empty oneOf', given: { oneOf: [] }, error: /#\/given: "oneOf" must be a non-empty array/ },
    { what: 'a schema that is not an object', given: 'string', error: /#\/given: a schema must be an object or a boolean/ },
  ];
  it.each(cases)('$what', ({ given, error }) => {
    expect(() => convert(given)).toThrow(error);
  });
});

describe('componentOrder', () => {
  it('declares dependencies first, ties by name', () => {
    const components = [
      { name: 'Zed', schema: { type: 'string' } },
      { name: 'Item', schema: { allOf: [{ $ref: '#/components/schemas/Zed' }, { $ref: '#/components/schemas/Base' }] } },
      { name: 'Base', schema: { type: 'object' } },
    ];
    expect(componentOrder(components, 'doc.yaml')).toEqual(['Base', 'Zed', 'Item']);
  });

  it('names the cycle it cannot emit', () => {
    const components = [
      { name: 'A', schema: { properties: { b: { $ref: '#/components/schemas/B' } } } },
      { name: 'B', schema: { items: { $ref: '#/components/schemas/A' } } },
    ];
    expect(() => componentOrder(components, 'doc.yaml')).toThrow(/doc.yaml#\/components\/schemas: cyclic reference A -> B -> A cannot be emitted/);
  });

  it('names an unresolved component reference', () => {
    expect(() => componentOrder([{ name: 'A', schema: { $ref: '#/components/schemas/Nope' } }], 'doc.yaml')).toThrow(/doc.yaml#\/components\/schemas\/A: unresolved reference "#\/components\/schemas\/Nope"/);
  });
});
