/**
 * Byte and header mutations for the fuzz run. Header values only ever hold bytes a real HTTP
 * parser lets through (tab, visible ASCII, space, 0x80–0xFF): `app.inject()` would also pass CR, LF
 * and NUL, which Node's parser refuses on a real connection (the corpus covers those on a socket).
 * Content-Type only ever gets well-formed media types: fastify answers a malformed one with its
 * own 415 before any route runs (a known defect of the provider routes, knownDefects.int.test.ts).
 */
import { mutateJson } from './jsonMutations.ts';
import type { Prng } from './prng.ts';
import { withBody, withHeader, type WireRequest } from './wire.ts';

/** The body limit of each endpoint, to grow a body just past it. */
const LIMITS = { kick: 1024 * 1024, sumsub: 1024 * 1024, events: 16 * 1024 * 1024 } as const;

const INTERESTING_BYTES = [0x00, 0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x0a, 0xff, 0xc0, 0xed, 0xef, 0x80];

const CONTENT_TYPES = [
  'application/json', 'text/plain', 'application/cloudevents+json', 'application/cloudevents-batch+json', 'APPLICATION/CLOUDEVENTS-BATCH+JSON; charset=utf-8',
  'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/octet-stream', 'text/html; charset="utf-8"',
];

function headerSafeText(prng: Prng, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    const roll = prng.int(0, 10);
    text += String.fromCharCode(roll === 0 ? 0x09 : roll === 1 ? 0x80 + prng.int(0, 0x80) : 0x20 + prng.int(0, 0x5f));
  }
  return text;
}

function randomCase(prng: Prng, text: string): string {
  return [...text].map((c) => (prng.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join('');
}

type Operator = (prng: Prng, request: WireRequest) => WireRequest;

const bodyOperators: readonly (readonly [string, Operator])[] = [
  ['flip bits', (prng, r) => {
    const body = Buffer.from(r.body);
    for (let n = 1 + prng.int(0, 8); n > 0 && body.length > 0; n--) {
      const at = prng.int(0, body.length);
      body[at] = (body[at] ?? 0) ^ (1 << prng.int(0, 8));
    }
    return withBody(r, body);
  }],
  ['insert byte', (prng, r) => {
    const at = prng.int(0, r.body.length + 1);
    const byte = prng.chance(0.5) ? prng.pick(INTERESTING_BYTES) : prng.int(0, 256);
    return withBody(r, Buffer.concat([r.body.subarray(0, at), Buffer.from([byte]), r.body.subarray(at)]));
  }],
  ['delete bytes', (prng, r) => {
    const at = prng.int(0, r.body.length + 1);
    return withBody(r, Buffer.concat([r.body.subarray(0, at), r.body.subarray(at + 1 + prng.int(0, 4))]));
  }],
  ['truncate', (prng, r) => withBody(r, r.body.subarray(0, prng.int(0, r.body.length + 1)))],
  ['repeat a slice', (prng, r) => {
    const from = prng.int(0, r.body.length + 1);
    const slice = r.body.subarray(from, from + prng.int(0, 64));
    const at = prng.int(0, r.body.length + 1);
    return withBody(r, Buffer.concat([r.body.subarray(0, at), slice, r.body.subarray(at)]));
  }],
];

const headerOperators: readonly (readonly [string, Operator])[] = [
  ['drop a header', (prng, r) => {
    const drop = prng.int(0, r.headers.length);
    return { ...r, headers: r.headers.filter((_line, i) => i !== drop) };
  }],
  // Not Content-Type: Node keeps the first of repeated Content-Type lines, inject() would join them.
  ['repeat a header', (prng, r) => {
    const others = r.headers.filter(([name]) => name.toLowerCase() !== 'content-type');
    return others.length === 0 ? r : { ...r, headers: [...r.headers, prng.pick(others)] };
  }],
  ['header name case', (prng, r) => ({ ...r, headers: r.headers.map(([name, value]) => [randomCase(prng, name), value] as const) })],
  ['header value', (prng, r) => {
    const others = r.headers.filter(([name]) => name.toLowerCase() !== 'content-type');
    if (others.length === 0) return r;
    const [name, value] = prng.pick(others);
    const changes = [value.slice(0, prng.int(0, value.length + 1)), value + headerSafeText(prng, 1 + prng.int(0, 4)), headerSafeText(prng, prng.int(0, 40)), '', randomCase(prng, value), value.repeat(2), 'x'.repeat(8000)];
    return withHeader(r, name, prng.pick(changes));
  }],
  ['content type', (prng, r) => withHeader(r, 'Content-Type', prng.pick(CONTENT_TYPES))],
];

/** One to three mutations of `request`; returns the result and the operators applied, in order. */
export function mutate(prng: Prng, request: WireRequest): { readonly request: WireRequest; readonly applied: readonly string[] } {
  let current = request;
  const applied: string[] = [];
  for (let n = 1 + prng.int(0, 3); n > 0; n--) {
    const roll = prng.next();
    if (roll < 0.35) {
      const json = mutateJson(prng, current.body);
      if (json !== null) {
        current = withBody(current, json.body);
        applied.push(json.name);
        continue;
      }
    }
    // Growing an /internal/events body past 16 MiB is slow: rarer there.
    if (roll < 0.995 || (current.endpoint === 'events' && prng.chance(0.8))) {
      const [name, operator] = roll < 0.7 ? prng.pick(bodyOperators) : prng.pick(headerOperators);
      current = operator(prng, current);
      applied.push(name);
    } else {
      current = withBody(current, Buffer.concat([current.body, Buffer.alloc(Math.max(1, LIMITS[current.endpoint] + 1 - current.body.length), 0x20)]));
      applied.push('grow past the body limit');
    }
  }
  return { request: current, applied };
}
