/**
 * Compares two versions of a JSON Schema and names every change that rejects or drops data the
 * base version described: a removed property, a narrowed type, a newly required property, a
 * removed enum value, a value added to a closed enum, a removed anyOf/oneOf alternative, a
 * tightened constraint. Widening, new optional properties and annotation edits pass.
 */
import { asRecord, pointerJoin, type BreakingChange } from './breakingChange.ts';
import { matchAlternatives, type Alternative } from './matchAlternatives.ts';
import { diffConstraints, diffEnum, diffTypes, typesOf } from './nodeRules.ts';
import { resolveSchema, type SchemaNode } from './resolveSchema.ts';

/** The documents the two schemas live in, against which their `$ref`s resolve. */
export interface SchemaRoots {
  readonly before: unknown;
  readonly after: unknown;
}

interface Walk {
  readonly roots: SchemaRoots;
  readonly out: BreakingChange[];
  /** Reference pairs on the current path: meeting one again means a recursive schema, already compared. */
  readonly onPath: Set<string>;
}

const COMBINATORS = ['anyOf', 'oneOf'] as const;

function alternativesOf(schema: Record<string, unknown>): { keyword: string; list: unknown[] } | undefined {
  for (const keyword of COMBINATORS) if (Array.isArray(schema[keyword])) return { keyword, list: schema[keyword] };
  return undefined;
}

/** Whether values of `type` can still reach this part of the schema (an untyped schema admits all). */
const admits = (schema: Record<string, unknown>, type: string): boolean => typesOf(schema)?.has(type) ?? true;

/** The schema without its anyOf/oneOf: what every alternative is also held to. */
function siblingsOf(schema: Record<string, unknown>, keyword: string | undefined): Record<string, unknown> {
  if (keyword === undefined) return schema;
  const { [keyword]: _alternatives, ...siblings } = schema;
  return siblings;
}

/**
 * `{ S, anyOf: [A, B] }` accepts `S ∧ A` or `S ∧ B`, so each alternative is compared as
 * `allOf: [S, A]`. A schema without alternatives is a single alternative, matched among the new ones.
 */
function compareAlternatives(walk: Walk, before: Record<string, unknown>, after: Record<string, unknown>, location: string): void {
  const was = alternativesOf(before);
  const now = alternativesOf(after);
  const wasSiblings = siblingsOf(before, was?.keyword);
  const nowSiblings = siblingsOf(after, now?.keyword);
  const wasList = was?.list ?? [before];
  const nowList = now?.list ?? [after];
  const wasAlternatives = wasList.map((raw, i): Alternative => ({ raw, root: walk.roots.before, where: was ? pointerJoin(location, was.keyword, i) : location }));
  const nowAlternatives = nowList.map((raw, i): Alternative => ({ raw, root: walk.roots.after, where: now ? pointerJoin(location, now.keyword, i) : location }));
  // Without alternatives in the new version, every base alternative must fit the one new schema.
  const matches = now ? matchAlternatives(wasAlternatives, nowAlternatives) : wasList.map(() => 0);
  for (const [i, match] of matches.entries()) {
    const where = wasAlternatives[i]?.where ?? location;
    if (match === undefined) {
      walk.out.push({ location: where, kind: 'alternative-removed', message: `${was ? `alternative ${i}` : 'the base schema'} has no counterpart among the new ${now?.keyword ?? ''} alternatives` });
      continue;
    }
    const wasSchema = was ? { allOf: [wasSiblings, wasList[i]] } : before;
    const nowSchema = now ? { allOf: [nowSiblings, nowList[match]] } : after;
    compare(walk, wasSchema, nowSchema, where);
  }
}

function compareObjects(walk: Walk, before: Record<string, unknown>, after: Record<string, unknown>, location: string): void {
  const was = asRecord(before['properties']) ?? {};
  const now = asRecord(after['properties']) ?? {};
  for (const [name, schema] of Object.entries(was)) {
    const where = pointerJoin(location, 'properties', name);
    if (!(name in now)) walk.out.push({ location: where, kind: 'field-removed', message: `field "${name}" removed` });
    else compare(walk, schema, now[name], where);
  }
  const wasRequired = new Set(Array.isArray(before['required']) ? before['required'] : []);
  const nowRequired = Array.isArray(after['required']) ? after['required'] : [];
  for (const name of nowRequired) {
    if (typeof name === 'string' && !wasRequired.has(name)) walk.out.push({ location: pointerJoin(location, 'properties', name), kind: 'field-required', message: `field "${name}" is now required` });
  }
  if ('additionalProperties' in before || 'additionalProperties' in after) {
    compare(walk, before['additionalProperties'] ?? true, after['additionalProperties'] ?? true, pointerJoin(location, 'additionalProperties'));
  }
}

function compareNodes(walk: Walk, beforeNode: SchemaNode, afterNode: SchemaNode, location: string): void {
  if (beforeNode === false) return;
  if (afterNode === false) {
    walk.out.push({ location, kind: 'type-narrowed', message: 'no value is accepted here any more' });
    return;
  }
  const before = beforeNode === true ? {} : beforeNode;
  const after = afterNode === true ? {} : afterNode;
  if (alternativesOf(before) || alternativesOf(after)) {
    compareAlternatives(walk, before, after, location);
    return;
  }
  walk.out.push(...diffTypes(before, after, location), ...diffEnum(before, after, location), ...diffConstraints(before, after, location));
  if (admits(after, 'object')) compareObjects(walk, before, after, location);
  if (admits(after, 'array') && ('items' in before || 'items' in after)) {
    compare(walk, before['items'] ?? true, after['items'] ?? true, pointerJoin(location, 'items'));
  }
}

function compare(walk: Walk, rawBefore: unknown, rawAfter: unknown, location: string): void {
  const before = resolveSchema(walk.roots.before, rawBefore, location);
  const after = resolveSchema(walk.roots.after, rawAfter, location);
  const key = before.refs.length + after.refs.length > 0 ? `${before.refs.join(',')}|${after.refs.join(',')}` : undefined;
  if (key !== undefined && walk.onPath.has(key)) return;
  if (key !== undefined) walk.onPath.add(key);
  try {
    compareNodes(walk, before.schema, after.schema, location);
  } finally {
    if (key !== undefined) walk.onPath.delete(key);
  }
}

/**
 * Every breaking change from `before` to `after`, located under `location`.
 * `$ref`s resolve against `roots` (by default each schema is its own document, for `#/$defs/...`).
 */
export function diffSchemas(before: unknown, after: unknown, location: string, roots: SchemaRoots = { before, after }): BreakingChange[] {
  const walk: Walk = { roots, out: [], onPath: new Set() };
  compare(walk, before, after, location);
  return walk.out;
}
