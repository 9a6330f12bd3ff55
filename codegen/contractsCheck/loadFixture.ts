/** Test helper: a fresh, editable copy of a fixture contract under ./fixtures. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** A parsed YAML document whose nested values tests reach with `at`. */
export type Doc = Record<string, unknown>;

/** Parses `fixtures/<name>` anew on each call, so every test edits its own copy. */
export function loadFixture(name: string): Doc {
  return parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')) as Doc;
}

/** The object at a path of keys inside `doc` (throws when the fixture lacks it, so a test cannot edit nothing). */
export function at(doc: Doc, ...keys: readonly string[]): Doc {
  let node: unknown = doc;
  for (const key of keys) {
    node = (node as Doc | undefined)?.[key];
    if (node === null || typeof node !== 'object') throw new Error(`fixture has no object at ${keys.join('.')}`);
  }
  return node as Doc;
}
