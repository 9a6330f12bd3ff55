/**
 * Transform: JSON Schema (the 2020-12 subset our OpenAPI 3.1 documents use) → TypeBox 1.x code text.
 * The TypeBox values give route handlers their types through the fastify type provider and carry
 * the `$id` the validator compiler looks up; validation itself runs the AOT-compiled contract
 * schema, so this transform only has to be faithful for types. Anything it cannot express fails
 * with the location instead of degrading to `unknown` (STYLE: no warn-and-continue).
 * Spec: https://spec.openapis.org/oas/v3.1.0#schema-object, https://json-schema.org/draft/2020-12
 */
import { ContractError } from '../load/contractError.ts';
import { propertyKey } from './naming.ts';

export interface ToTypeBoxOptions {
  /** Maps a `$ref` (`#/components/schemas/X`) to the name of the const that holds it. */
  readonly refName: (ref: string, where: string) => string;
  /** Options set on the outermost type only (the `$id` of a route-schema part). */
  readonly rootOptions?: Readonly<Record<string, unknown>>;
  /** Indentation of the current nesting level. */
  readonly indent?: string;
}

/** Keywords that only annotate: they go on the outermost type of a union. */
const ANNOTATIONS = new Set(['title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly']);
/** Validation keywords TypeBox carries as options. */
const CONSTRAINTS = new Set([
  'format', 'pattern', 'minLength', 'maxLength', 'contentEncoding', 'contentMediaType',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties',
  // A schema-valued constraint (e.g. CloudEvents extension names); carried verbatim as an option.
  'propertyNames',
]);
/** Keywords the transform translates itself. */
const STRUCTURAL = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'oneOf', 'anyOf', 'allOf', '$ref']);
/** Documentation that neither TypeBox nor the validators need. */
const IGNORED = /^x-|^(example|externalDocs|\$comment)$/;

const HINTS: Readonly<Record<string, string>> = {
  nullable: 'OpenAPI 3.0 "nullable" is not 3.1: write type: [T, "null"]',
  discriminator: 'write the alternatives as oneOf without "discriminator"',
};

type Schema = Record<string, unknown>;
type Ctx = Required<Omit<ToTypeBoxOptions, 'rootOptions'>>;

function fail(where: string, message: string): never {
  throw new ContractError(`${where}: ${message}`);
}

function checkKeywords(s: Schema, where: string): void {
  for (const key of Object.keys(s)) {
    if (STRUCTURAL.has(key) || ANNOTATIONS.has(key) || CONSTRAINTS.has(key) || IGNORED.test(key)) continue;
    fail(where, `unsupported keyword "${key}"${HINTS[key] ? ` (${HINTS[key]})` : ''}`);
  }
}

/** Renders `{ a: 1, b: "x" }` from code-valued entries; empty → ''. */
function optionsCode(entries: ReadonlyArray<readonly [string, string]>): string {
  return entries.length === 0 ? '' : `{ ${entries.map(([k, v]) => `${propertyKey(k)}: ${v}`).join(', ')} }`;
}

function pick(s: Schema, keys: ReadonlySet<string>): Array<[string, string]> {
  return Object.keys(s).filter((k) => keys.has(k)).sort().map((k) => [k, JSON.stringify(s[k])]);
}

function rootEntries(root: Readonly<Record<string, unknown>> | undefined): Array<[string, string]> {
  return Object.entries(root ?? {}).map(([k, v]) => [k, JSON.stringify(v)]);
}

/** `Type.X(args, options)` with the options argument left out when empty. */
function call(name: string, args: readonly string[], options: ReadonlyArray<readonly [string, string]>): string {
  const opts = optionsCode(options);
  return `Type.${name}(${[...args, ...(opts ? [opts] : [])].join(', ')})`;
}

function isLiteral(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function literal(value: unknown, where: string, options: ReadonlyArray<readonly [string, string]> = []): string {
  if (!isLiteral(value)) fail(where, `only string, number, boolean and null values can be enum/const values, got ${JSON.stringify(value)}`);
  return value === null ? call('Null', [], options) : call('Literal', [JSON.stringify(value)], options);
}

function objectType(s: Schema, ctx: Ctx, where: string, options: Array<[string, string]>): string {
  const props = s['properties'] ?? {};
  if (props === null || typeof props !== 'object' || Array.isArray(props)) fail(where, '"properties" must be an object');
  const required = s['required'] ?? [];
  if (!Array.isArray(required) || !required.every((r) => typeof r === 'string')) fail(where, '"required" must be an array of names');
  const names = Object.keys(props);
  const undeclared = required.filter((r) => !names.includes(r));
  if (undeclared.length > 0) fail(where, `required ${undeclared.map((r) => `"${r}"`).join(', ')} not declared in "properties"`);
  const extra = s['additionalProperties'];
  const inner = `${ctx.indent}  `;
  const extraCode = extra === undefined || extra === true ? undefined
    : extra === false ? 'false' : toTypeBoxInner(extra, { ...ctx, indent: inner }, `${where}/additionalProperties`);
  if (names.length === 0 && extraCode !== 'false') {
    // A map: no declared fields, every value alike (an open `{type: object}` is a map of unknown).
    return call('Record', ['Type.String()', extraCode ?? 'Type.Unknown()'], options);
  }
  const lines = names.map((name) => {
    const code = toTypeBoxInner((props as Schema)[name], { ...ctx, indent: inner }, `${where}/properties/${name}`);
    return `${inner}${propertyKey(name)}: ${required.includes(name) ? code : `Type.Optional(${code})`},\n`;
  });
  const body = names.length === 0 ? '{}' : `{\n${lines.join('')}${ctx.indent}}`;
  // Objects stay open unless the contract closes them: undocumented fields pass through (DESIGN §4).
  return call('Object', [body], extraCode === undefined ? options : [...options, ['additionalProperties', extraCode]]);
}

function namedType(type: unknown, s: Schema, ctx: Ctx, where: string, options: Array<[string, string]>): string {
  switch (type) {
    case 'string': return call('String', [], options);
    case 'integer': return call('Integer', [], options);
    case 'number': return call('Number', [], options);
    case 'boolean': return call('Boolean', [], options);
    case 'null': return call('Null', [], options);
    case 'object': return objectType(s, ctx, where, options);
    case 'array': {
      const items = s['items'];
      if (Array.isArray(items)) fail(where, 'tuple "items" are not supported');
      return call('Array', [items === undefined ? 'Type.Unknown()' : toTypeBoxInner(items, ctx, `${where}/items`)], options);
    }
    default: return fail(where, `unknown type ${JSON.stringify(type)}`);
  }
}

function composition(s: Schema, ctx: Ctx, where: string, root: Array<[string, string]>): string | undefined {
  const key = (['oneOf', 'anyOf', 'allOf'] as const).find((k) => s[k] !== undefined);
  if (key === undefined) return undefined;
  const list = s[key];
  if (!Array.isArray(list) || list.length === 0) fail(where, `"${key}" must be a non-empty array`);
  if (['oneOf', 'anyOf', 'allOf'].filter((k) => s[k] !== undefined).length > 1) fail(where, 'combine at most one of oneOf, anyOf, allOf per schema');
  const { [key]: _list, ...rest } = s;
  const parts = list.map((alt, i) => toTypeBoxInner(alt, ctx, `${where}/${key}/${i}`));
  const options = [...root, ...pick(s, ANNOTATIONS)];
  // oneOf and anyOf both become a TypeScript union; the exactly-one rule of oneOf is enforced by the
  // AOT validator, which compiles the contract schema itself.
  const combined = key === 'allOf' ? parts : [call('Union', [`[${parts.join(', ')}]`], [])];
  const hasBase = Object.keys(rest).some((k) => STRUCTURAL.has(k) || CONSTRAINTS.has(k));
  if (hasBase) combined.unshift(toTypeBoxInner(Object.fromEntries(Object.entries(rest).filter(([k]) => !ANNOTATIONS.has(k))), ctx, where));
  if (key !== 'allOf' && !hasBase) return call('Union', [`[${parts.join(', ')}]`], options);
  return call('Intersect', [`[${combined.join(', ')}]`], options);
}

function build(schema: unknown, ctx: Ctx, where: string, rootOptions: Readonly<Record<string, unknown>> | undefined): string {
  const root = rootEntries(rootOptions);
  if (schema === true) return call('Unknown', [], root);
  if (schema === false) return call('Never', [], root);
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return fail(where, 'a schema must be an object or a boolean');
  const s = schema as Schema;
  checkKeywords(s, where);
  const ref = s['$ref'];
  if (ref !== undefined) {
    if (typeof ref !== 'string') fail(where, '"$ref" must be a string');
    const beside = Object.keys(s).filter((k) => k !== '$ref' && !ANNOTATIONS.has(k) && !IGNORED.test(k));
    if (beside.length > 0) fail(where, `keywords beside "$ref" are not supported: ${beside.join(', ')}`);
    const name = ctx.refName(ref, where);
    // A part that is exactly a component still needs its own $id: With copies the schema and adds it.
    return root.length > 0 ? `Type.With(${name}, ${optionsCode(root)})` : name;
  }
  const composed = composition(s, ctx, where, root);
  if (composed !== undefined) return composed;
  if (s['const'] !== undefined) return literal(s['const'], `${where}/const`, [...root, ...pick(s, ANNOTATIONS)]);
  if (s['enum'] !== undefined) {
    const values = s['enum'];
    if (!Array.isArray(values) || values.length === 0) fail(where, '"enum" must be a non-empty array');
    const options = [...root, ...pick(s, ANNOTATIONS)];
    if (values.length === 1) return literal(values[0], `${where}/enum`, options);
    return call('Union', [`[${values.map((v, i) => literal(v, `${where}/enum/${i}`)).join(', ')}]`], options);
  }
  const type = s['type'];
  if (Array.isArray(type)) {
    if (type.length === 0) fail(where, '"type" must not be an empty array');
    if (type.length === 1) return namedType(type[0], s, ctx, where, [...root, ...pick(s, ANNOTATIONS), ...pick(s, CONSTRAINTS)]);
    // `type: [string, "null"]`: constraints belong to each non-null member, annotations to the union.
    const members = type.map((t) => (t === 'null' ? 'Type.Null()' : namedType(t, s, ctx, where, pick(s, CONSTRAINTS))));
    return call('Union', [`[${members.join(', ')}]`], [...root, ...pick(s, ANNOTATIONS)]);
  }
  const options = [...root, ...pick(s, ANNOTATIONS), ...pick(s, CONSTRAINTS)];
  if (type === undefined) {
    if (s['properties'] !== undefined || s['additionalProperties'] !== undefined) return objectType(s, ctx, where, options);
    if (s['items'] !== undefined) return namedType('array', s, ctx, where, options);
    return call('Unknown', [], options);
  }
  return namedType(type, s, ctx, where, options);
}

function toTypeBoxInner(schema: unknown, ctx: Ctx, where: string): string {
  return build(schema, ctx, where, undefined);
}

/**
 * Returns the TypeBox expression for `schema` (e.g. `Type.Object({ … })`), to be written into a
 * module that imports `Type` from `typebox`. `where` names the schema's location in errors.
 */
export function toTypeBox(schema: unknown, where: string, options: ToTypeBoxOptions): string {
  return build(schema, { refName: options.refName, indent: options.indent ?? '' }, where, options.rootOptions);
}
