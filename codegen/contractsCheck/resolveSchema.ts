/**
 * Resolves a schema just enough to compare it: follows local `$ref`s (sibling keywords kept, the
 * target wins, as in codegen/load/resolveRefs.ts) and merges `allOf` members into one schema, so a
 * change inside a shared component shows up on every message or operation that uses it.
 * Resolution is lazy (one level at a time) because recursive schemas are legal JSON Schema:
 * the diff walks them and stops when it meets the same pair of references again.
 */
import { ContractError } from '../load/contractError.ts';
import { readPointer } from '../load/resolveRefs.ts';
import { asRecord } from './breakingChange.ts';

/** A JSON Schema node: `true` accepts anything, `false` nothing. */
export type SchemaNode = boolean | Record<string, unknown>;

/** A resolved node and the references followed to reach it (the diff's cycle key). */
export interface ResolvedSchema {
  readonly schema: SchemaNode;
  readonly refs: readonly string[];
}

function follow(root: unknown, raw: unknown, where: string, refs: string[]): SchemaNode {
  const chain: string[] = [];
  let node: unknown = raw;
  for (;;) {
    if (typeof node === 'boolean') return node;
    const record = asRecord(node);
    if (!record) throw new ContractError(`${where}: expected a schema object or boolean`);
    const ref = record['$ref'];
    if (typeof ref !== 'string') return record;
    if (!ref.startsWith('#/')) throw new ContractError(`${where}: only local references are supported, got "${ref}"`);
    if (chain.includes(ref)) throw new ContractError(`${where}: cyclic reference ${[...chain, ref].join(' -> ')}`);
    chain.push(ref);
    refs.push(ref);
    const target = readPointer(root, ref);
    if (target === undefined) throw new ContractError(`${where}: unresolved reference "${ref}"`);
    const { $ref: _followed, ...siblings } = record;
    const targetRecord = asRecord(target);
    node = targetRecord ? { ...siblings, ...targetRecord } : target;
  }
}

function typeList(schema: Record<string, unknown>): string[] | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : undefined;
}

/** Merges two allOf members: both sets of properties and required names, the intersection of types and enums. */
function mergeSchemas(first: Record<string, unknown>, second: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...second, ...first };
  const p1 = asRecord(first['properties']) ?? {};
  const p2 = asRecord(second['properties']) ?? {};
  const properties: Record<string, unknown> = { ...p2, ...p1 };
  for (const key of Object.keys(p1)) if (key in p2) properties[key] = { allOf: [p1[key], p2[key]] };
  if (Object.keys(properties).length > 0) merged['properties'] = properties;
  const required = [first['required'], second['required']].flatMap((r) => (Array.isArray(r) ? r : []));
  if (required.length > 0) merged['required'] = [...new Set(required)];
  const t1 = typeList(first);
  const t2 = typeList(second);
  if (t1 && t2) {
    // integer is the part of number both members accept.
    const integerOnly = (a: string[], b: string[]): boolean => a.includes('integer') && b.includes('number');
    const both = t1.filter((t) => t2.includes(t));
    merged['type'] = [...new Set([...both, ...(integerOnly(t1, t2) || integerOnly(t2, t1) ? ['integer'] : [])])];
  }
  const e1 = first['enum'];
  const e2 = second['enum'];
  if (Array.isArray(e1) && Array.isArray(e2)) merged['enum'] = e1.filter((v) => e2.some((w) => JSON.stringify(w) === JSON.stringify(v)));
  return merged;
}

function flatten(root: unknown, raw: unknown, where: string, refs: string[], stack: readonly string[]): SchemaNode {
  const node = follow(root, raw, where, refs);
  if (typeof node === 'boolean' || !Array.isArray(node['allOf'])) return node;
  const { allOf, ...base } = node as Record<string, unknown> & { allOf: unknown[] };
  let merged: Record<string, unknown> = base;
  for (const [i, member] of allOf.entries()) {
    const ref = asRecord(member)?.['$ref'];
    // A schema that includes itself through allOf adds nothing on the second visit.
    if (typeof ref === 'string' && stack.includes(ref)) continue;
    const flat = flatten(root, member, `${where}/allOf/${i}`, refs, typeof ref === 'string' ? [...stack, ref] : stack);
    if (flat === false) return false;
    if (flat !== true) merged = mergeSchemas(merged, flat);
  }
  return merged;
}

/** Resolves `raw` against the document `root`; `where` names the location in errors. */
export function resolveSchema(root: unknown, raw: unknown, where: string): ResolvedSchema {
  const refs: string[] = [];
  const schema = flatten(root, raw, where, refs, []);
  return { schema, refs };
}
