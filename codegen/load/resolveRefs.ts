/**
 * Inlines local JSON references (`#/components/...`) so each schema is self-contained for Ajv.
 * An unresolved or cyclic `$ref` is a contract error, never a warning (STYLE: no warn-and-continue).
 */
import { ContractError } from './contractError.ts';

/** Reads the value a local JSON pointer (`#/a/b~1c`) names, or undefined. */
export function readPointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * Returns a deep copy of `value` with every `$ref` replaced by its target, resolved against `root`.
 * `where` names the location for error messages.
 */
export function resolveRefs(root: unknown, value: unknown, where: string, seen: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((item, i) => resolveRefs(root, item, `${where}/${i}`, seen));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const ref = record['$ref'];
  if (typeof ref === 'string') {
    if (!ref.startsWith('#/')) throw new ContractError(`${where}: only local references are supported, got "${ref}"`);
    if (seen.includes(ref)) throw new ContractError(`${where}: cyclic reference ${[...seen, ref].join(' -> ')}`);
    const target = readPointer(root, ref);
    if (target === undefined) throw new ContractError(`${where}: unresolved reference "${ref}"`);
    // Sibling keywords beside $ref (e.g. a description) are kept; the target's keywords win on conflict.
    const { $ref: _ignored, ...siblings } = record;
    const resolved = resolveRefs(root, target, ref, [...seen, ref]);
    return resolved !== null && typeof resolved === 'object' && !Array.isArray(resolved)
      ? { ...resolveRefs(root, siblings, where, seen) as object, ...resolved }
      : resolved;
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(record)) out[key] = resolveRefs(root, child, `${where}/${key}`, seen);
  return out;
}
