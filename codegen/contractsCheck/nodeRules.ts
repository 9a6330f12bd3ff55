/**
 * The checks that look at one schema node without recursing: its type set, its closed value set
 * (`enum`/`const`) and its validation constraints. `x-known-values` is documentation of an open
 * provider enum and is deliberately never read here.
 */
import type { BreakingChange } from './breakingChange.ts';

type Schema = Record<string, unknown>;

/** The JSON types a schema names (`nullable: true` of OpenAPI 3.0 counts as "null"), or undefined when untyped. */
export function typesOf(schema: Schema): Set<string> | undefined {
  const type = schema['type'];
  const list = typeof type === 'string' ? [type] : Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : undefined;
  if (!list) return undefined;
  return new Set(schema['nullable'] === true ? [...list, 'null'] : list);
}

/** Whether a type set accepts every value of type `t` (an integer is a number). */
export function acceptsType(types: Set<string>, t: string): boolean {
  return types.has(t) || (t === 'integer' && types.has('number'));
}

const show = (types: Set<string>): string => (types.size === 1 ? [...types][0] ?? '' : `[${[...types].join(', ')}]`);

/** A type dropped from the set, or an untyped schema that became typed. */
export function diffTypes(before: Schema, after: Schema, location: string): BreakingChange[] {
  const was = typesOf(before);
  const now = typesOf(after);
  if (!now) return [];
  if (!was) {
    // An untyped enum/const already limited the values: only a value of a dropped type is a narrowing.
    const values = closedValues(before);
    const lost = values ? values.filter((v) => !acceptsType(now, jsonType(v))) : undefined;
    if (lost?.length === 0) return [];
    return [{ location, kind: 'type-narrowed', message: `type narrowed from ${lost ? `values ${JSON.stringify(lost)}` : 'any type'} to ${show(now)}` }];
  }
  const dropped = [...was].filter((t) => !acceptsType(now, t));
  return dropped.length === 0 ? [] : [{ location, kind: 'type-narrowed', message: `type narrowed from ${show(was)} to ${show(now)} (no longer accepts ${dropped.join(', ')})` }];
}

/** The JSON Schema type of a value (`integer` for whole numbers). */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function closedValues(schema: Schema): unknown[] | undefined {
  if (Array.isArray(schema['enum'])) return schema['enum'];
  return 'const' in schema ? [schema['const']] : undefined;
}

/** Removed and added values of a closed enum (ours: adding one breaks consumers with exhaustive handling). */
export function diffEnum(before: Schema, after: Schema, location: string): BreakingChange[] {
  const was = closedValues(before);
  const now = closedValues(after);
  if (!now) return [];
  const text = (v: unknown): string => JSON.stringify(v);
  if (!was) return [{ location, kind: 'type-narrowed', message: `values now restricted to the closed set ${text(now)}` }];
  const has = (list: unknown[], v: unknown): boolean => list.some((w) => text(w) === text(v));
  return [
    ...was.filter((v) => !has(now, v)).map((v): BreakingChange => ({ location, kind: 'enum-value-removed', message: `enum value ${text(v)} removed` })),
    ...now.filter((v) => !has(was, v)).map((v): BreakingChange => ({ location, kind: 'enum-value-added', message: `enum value ${text(v)} added to a closed enum (open provider values belong in x-known-values)` })),
  ];
}

const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'] as const;
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'] as const;
const EXACT = ['pattern', 'format', 'multipleOf'] as const;

/** Bounds raised or lowered, and a pattern, format or multipleOf added or changed. */
export function diffConstraints(before: Schema, after: Schema, location: string): BreakingChange[] {
  const out: BreakingChange[] = [];
  const tightened = (keyword: string, was: unknown, now: unknown): void => {
    out.push({ location, kind: 'constraint-tightened', message: `${keyword} tightened from ${was === undefined ? 'none' : JSON.stringify(was)} to ${JSON.stringify(now)}` });
  };
  for (const keyword of LOWER_BOUNDS) {
    const was = before[keyword];
    const now = after[keyword];
    if (typeof now === 'number' && (typeof was !== 'number' || now > was)) tightened(keyword, was, now);
  }
  for (const keyword of UPPER_BOUNDS) {
    const was = before[keyword];
    const now = after[keyword];
    if (typeof now === 'number' && (typeof was !== 'number' || now < was)) tightened(keyword, was, now);
  }
  for (const keyword of EXACT) {
    if (after[keyword] !== undefined && JSON.stringify(after[keyword]) !== JSON.stringify(before[keyword])) tightened(keyword, before[keyword], after[keyword]);
  }
  if (after['uniqueItems'] === true && before['uniqueItems'] !== true) tightened('uniqueItems', before['uniqueItems'], true);
  return out;
}
