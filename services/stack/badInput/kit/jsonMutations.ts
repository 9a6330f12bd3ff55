/**
 * JSON-aware mutations for the fuzz run: parse the body, change one place (a value of another type
 * or an edge value, a key removed or added, an array element dropped or repeated), serialise
 * again. Deep nesting is spliced into the text afterwards (serialising it would recurse).
 */
import type { Prng } from './prng.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const DEEP_MARK = '@@deep-nesting@@';

/** Values swapped in: other types, numeric and string edges, unicode edges. */
const EDGE_VALUES: readonly Json[] = [
  null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53, 9223372036854775808, 1e20, '', ' ', '0', 'null', 'true',
  'x'.repeat(3000), '\u0000', 'a\u0000b', '\ud800', '\udc00x', '\u202Eevil', '\u200B', '\uFEFF', '\u{1F600}', 'é', '\\', '"', '{}', '1970-01-01T00:00:00Z', '0000-01-01 00:00:00', '9999-12-31 23:59:59-2359',
  [], {}, [null], { a: { b: { c: [] } } }, DEEP_MARK,
];

const EDGE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype', '', '\u0000', 'k\ud800', 'x'.repeat(300), '\u202E', 'id', 'type', 'data', 'VfUpper', 'vf-dash'];

interface Place {
  readonly parent: Json[] | { [key: string]: Json } | null;
  readonly key: string | number | null;
}

/** Deeper than this, a body is not JSON-mutated (serialising it again would recurse too deep). */
const MAX_WALK_DEPTH = 200;

/** Every place of `root` (containers' children), root itself as `{ parent: null }`; null when nested too deep. */
function places(root: Json): Place[] | null {
  const out: Place[] = [{ parent: null, key: null }];
  const pending: { readonly node: Json; readonly depth: number }[] = [{ node: root, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { node, depth } = next;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > MAX_WALK_DEPTH) return null;
    const children: [string | number, Json][] = Array.isArray(node) ? node.map((child, i) => [i, child]) : Object.entries(node);
    for (const [key, child] of children) {
      out.push({ parent: node, key });
      pending.push({ node: child, depth: depth + 1 });
    }
  }
  return out;
}

function set(place: Place, value: Json): void {
  if (Array.isArray(place.parent) && typeof place.key === 'number') place.parent[place.key] = value;
  else if (place.parent !== null && !Array.isArray(place.parent) && typeof place.key === 'string') Object.defineProperty(place.parent, place.key, { value, enumerable: true, writable: true, configurable: true });
}

function remove(place: Place): void {
  if (Array.isArray(place.parent) && typeof place.key === 'number') place.parent.splice(place.key, 1);
  else if (place.parent !== null && !Array.isArray(place.parent) && typeof place.key === 'string') Reflect.deleteProperty(place.parent, place.key);
}

function containers(root: Json, all: readonly Place[]): (Json[] | { [key: string]: Json })[] {
  const found: (Json[] | { [key: string]: Json })[] = typeof root === 'object' && root !== null ? [root] : [];
  for (const { parent, key } of all) {
    if (parent === null || key === null) continue;
    const child = Array.isArray(parent) ? parent[Number(key)] : parent[String(key)];
    if (typeof child === 'object' && child !== null) found.push(child);
  }
  return found;
}

/** One JSON mutation of `body`, or null when it is not JSON. Returns the operator's name too. */
export function mutateJson(prng: Prng, body: Buffer): { readonly name: string; readonly body: Buffer } | null {
  let root: Json;
  try {
    root = JSON.parse(body.toString('utf8')) as Json;
  } catch {
    return null;
  }
  const all = places(root);
  if (all === null) return null;
  const place = prng.pick(all.slice(1).length > 0 ? all.slice(1) : all);
  const operator = prng.int(0, 4);
  let name: string;
  if (operator === 0 || place.parent === null) {
    const value = prng.pick(EDGE_VALUES);
    if (place.parent === null) root = value;
    else set(place, value);
    name = `json value → ${JSON.stringify(value).slice(0, 24)}`;
  } else if (operator === 1) {
    remove(place);
    name = `json remove ${String(place.key)}`;
  } else if (operator === 2) {
    const found = containers(root, all);
    const target = prng.pick(found.length > 0 ? found : [[]]);
    const key = prng.pick(EDGE_KEYS);
    if (Array.isArray(target)) target.push(prng.pick(EDGE_VALUES));
    else Object.defineProperty(target, key, { value: prng.pick(EDGE_VALUES), enumerable: true, writable: true, configurable: true });
    name = `json add ${JSON.stringify(key).slice(0, 16)}`;
  } else {
    const parent = place.parent;
    if (Array.isArray(parent) && typeof place.key === 'number') parent.push(structuredClone(parent[place.key] ?? null));
    else set(place, [structuredClone((parent as Record<string, Json>)[String(place.key)] ?? null)]);
    name = 'json repeat/wrap';
  }
  const depth = prng.pick([50, 200, 5000]);
  const text = JSON.stringify(root).replaceAll(JSON.stringify(DEEP_MARK), () => '['.repeat(depth) + ']'.repeat(depth));
  return { name, body: Buffer.from(text, 'utf8') };
}
