/**
 * Follows `$ref`s to a non-schema object (an AsyncAPI message, an OpenAPI parameter, request
 * body or response) so both versions are compared by content, whichever component holds it.
 */
import { ContractError } from '../load/contractError.ts';
import { readPointer } from '../load/resolveRefs.ts';
import { asRecord } from './breakingChange.ts';

/** The object `value` stands for, after following local references; `where` names it in errors. */
export function followRef(root: unknown, value: unknown, where: string, seen: readonly string[] = []): Record<string, unknown> {
  const record = asRecord(value);
  if (!record) throw new ContractError(`${where}: expected an object`);
  const ref = record['$ref'];
  if (typeof ref !== 'string') return record;
  if (!ref.startsWith('#/')) throw new ContractError(`${where}: only local references are supported, got "${ref}"`);
  if (seen.includes(ref)) throw new ContractError(`${where}: cyclic reference ${[...seen, ref].join(' -> ')}`);
  const target = readPointer(root, ref);
  if (target === undefined) throw new ContractError(`${where}: unresolved reference "${ref}"`);
  return followRef(root, target, where, [...seen, ref]);
}
