/**
 * Bodies on both provider receivers, correctly signed, so the body alone decides (DESIGN §5: any
 * body is taken whatever its content type; over 1 MiB → 413; not JSON → quarantined
 * `INGEST_BODY_NOT_JSON`; not the event's schema, or a payload jsonb cannot store → quarantined
 * `INGEST_PAYLOAD_INVALID`). Sumsub reads the event type from the body, so a body without an
 * object `type` is `INGEST_EVENT_TYPE_UNKNOWN` there.
 */
import { expect } from 'vitest';
import type { EventType } from '../../../../generated/asyncapi/catalogue.ts';
import { MAX_PAYLOAD_DEPTH } from '../../../ingest/classify/payloadChecks.ts';
import { EDGE_TEXT, nestedArrays, nestedObjects, paddedTo, withRawBytes, withRawField } from '../kit/bodies.ts';
import { accepted, quarantined, refused, type CorpusCase, type CorpusContext, type StoredView } from '../kit/corpusCase.ts';
import { SUMSUB_SECRET, validKick } from '../kit/validDeliveries.ts';
import { sumsubWire, withBody, withHeader, type Endpoint, type WireRequest } from '../kit/wire.ts';

const MiB = 1024 * 1024;

/** Per provider: the type used, a free-text field of it, and how to send a body signed. */
interface Provider {
  readonly endpoint: Extract<Endpoint, 'kick' | 'sumsub'>;
  readonly type: EventType;
  readonly textField: string;
  readonly send: (ctx: CorpusContext, body: Buffer | string) => WireRequest;
  /** The reason for JSON that is not an object with the type's fields. */
  readonly notAnEvent: 'INGEST_PAYLOAD_INVALID' | 'INGEST_EVENT_TYPE_UNKNOWN';
}

const providers: readonly Provider[] = [
  { endpoint: 'kick', type: 'kick.chat.message.sent.v1', textField: 'content', send: (ctx, body) => validKick(ctx.kick, 'kick.chat.message.sent.v1', ctx.tag, { body }), notAnEvent: 'INGEST_PAYLOAD_INVALID' },
  { endpoint: 'sumsub', type: 'sumsub.applicant_reviewed.v1', textField: 'externalUserId', send: (_ctx, body) => sumsubWire(body, SUMSUB_SECRET), notAnEvent: 'INGEST_EVENT_TYPE_UNKNOWN' },
];

/** A check that the accepted envelope's `field` is exactly `want`. */
function storedText(field: string, want: string): (stored: StoredView) => Promise<void> {
  return async ({ ledger, id }) => {
    const envelope = await ledger.outboxEnvelope(id ?? '');
    const data: unknown = envelope?.data;
    expect(typeof data === 'object' && data !== null ? Reflect.get(data, field) : undefined).toBe(want);
  };
}

function casesOf(p: Provider): CorpusCase[] {
  const raw = (ctx: CorpusContext, json: string): WireRequest => p.send(ctx, withRawField(p.type, ctx.tag, p.textField, json));
  const bytes = (ctx: CorpusContext, inner: number[]): WireRequest => p.send(ctx, withRawBytes(p.type, ctx.tag, p.textField, Buffer.from(inner)));
  const extra = (ctx: CorpusContext, json: string): WireRequest => p.send(ctx, withRawField(p.type, ctx.tag, 'vf_extra', json));
  const valid = (ctx: CorpusContext): WireRequest => raw(ctx, JSON.stringify(`text ${ctx.tag}`));
  const cases: Omit<CorpusCase, 'endpoint'>[] = [
    // JSON shape
    { name: 'body that is not JSON', request: (ctx) => p.send(ctx, `not json ${ctx.tag}`), expect: quarantined('INGEST_BODY_NOT_JSON') },
    { name: 'JSON truncated mid-object', request: (ctx) => p.send(ctx, raw(ctx, '"x"').body.subarray(0, 40)), expect: quarantined('INGEST_BODY_NOT_JSON') },
    { name: 'empty body', request: (ctx) => p.send(ctx, ''), expect: quarantined('INGEST_BODY_NOT_JSON') },
    { name: 'JSON null', request: (ctx) => p.send(ctx, 'null'), expect: quarantined(p.notAnEvent) },
    { name: 'JSON array of the payload', request: (ctx) => p.send(ctx, `[${valid(ctx).body.toString()}]`), expect: quarantined(p.notAnEvent) },
    { name: 'JSON string', request: (ctx) => p.send(ctx, JSON.stringify(ctx.tag)), expect: quarantined(p.notAnEvent) },
    { name: '10,000 nested arrays', request: (ctx) => p.send(ctx, nestedArrays(10_000)), expect: quarantined(p.notAnEvent) },
    { name: '10,000 nested objects in an extra field', request: (ctx) => extra(ctx, nestedObjects(10_000)), expect: quarantined('INGEST_PAYLOAD_INVALID') },
    { name: `nesting one level past the limit (${String(MAX_PAYLOAD_DEPTH)})`, request: (ctx) => extra(ctx, nestedObjects(MAX_PAYLOAD_DEPTH)), expect: quarantined('INGEST_PAYLOAD_INVALID') },
    { name: 'nesting at the limit', request: (ctx) => extra(ctx, nestedObjects(MAX_PAYLOAD_DEPTH - 1)), expect: accepted },
    // size
    { name: 'body of exactly 1 MiB', request: (ctx) => p.send(ctx, paddedTo(p.type, ctx.tag, MiB)), expect: accepted },
    { name: 'body of 1 MiB + 1 byte, signed', request: (ctx) => p.send(ctx, paddedTo(p.type, ctx.tag, MiB + 1)), expect: refused(413, 'INGEST_PAYLOAD_TOO_LARGE') },
    { name: 'body of 5 MiB, unsigned', request: (ctx) => withBody(withHeader(withHeader(p.send(ctx, 'x'), 'Kick-Event-Signature', undefined), 'X-Payload-Digest', undefined), Buffer.alloc(5 * MiB, 0x20)), expect: refused(413, 'INGEST_PAYLOAD_TOO_LARGE') },
    // encodings
    { name: 'JSON after a UTF-8 byte order mark', request: (ctx) => p.send(ctx, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), valid(ctx).body])), expect: accepted },
    { name: 'JSON in UTF-16LE', request: (ctx) => p.send(ctx, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(valid(ctx).body.toString(), 'utf16le')])), expect: quarantined('INGEST_BODY_NOT_JSON') },
    // content types: any is taken
    ...['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'application/json; charset=iso-8859-1', 'application/cloudevents+json', 'image/png'].map(
      (type): Omit<CorpusCase, 'endpoint'> => ({ name: `Content-Type ${type}`, request: (ctx) => withHeader(valid(ctx), 'Content-Type', type), expect: accepted }),
    ),
    { name: 'no Content-Type', request: (ctx) => withHeader(valid(ctx), 'Content-Type', undefined), expect: accepted },
    // unicode
    { name: 'bidi controls, zero-width characters, marks, emoji and noncharacters kept unchanged', request: (ctx) => raw(ctx, JSON.stringify(EDGE_TEXT)), expect: accepted, verify: storedText(p.textField, EDGE_TEXT) },
    { name: 'the same text as \\u escapes', request: (ctx) => raw(ctx, asciiEscaped(EDGE_TEXT)), expect: accepted, verify: storedText(p.textField, EDGE_TEXT) },
    { name: 'an escaped surrogate pair', request: (ctx) => raw(ctx, '"\\ud83d\\ude00"'), expect: accepted, verify: storedText(p.textField, '\u{1F600}') },
    { name: 'an escaped lone high surrogate', request: (ctx) => raw(ctx, '"a\\ud800b"'), expect: quarantined('INGEST_PAYLOAD_INVALID') },
    { name: 'an escaped lone low surrogate', request: (ctx) => raw(ctx, '"\\udc00"'), expect: quarantined('INGEST_PAYLOAD_INVALID') },
    { name: 'an escaped U+0000 in a string', request: (ctx) => raw(ctx, '"a\\u0000b"'), expect: quarantined('INGEST_PAYLOAD_INVALID') },
    { name: 'an escaped U+0000 in a key', request: (ctx) => extra(ctx, '{"k\\u0000": 1}'), expect: quarantined('INGEST_PAYLOAD_INVALID') },
    { name: 'a raw NUL byte in a string', request: (ctx) => bytes(ctx, [0x61, 0x00, 0x62]), expect: quarantined('INGEST_BODY_NOT_JSON') },
    { name: 'a raw control character in a string', request: (ctx) => bytes(ctx, [0x61, 0x0a, 0x62]), expect: quarantined('INGEST_BODY_NOT_JSON') },
    { name: "overlong UTF-8 for '/'", request: (ctx) => bytes(ctx, [0xc0, 0xaf]), expect: quarantined('INGEST_BODY_NOT_JSON') },
    { name: 'byte 0xFF', request: (ctx) => bytes(ctx, [0x61, 0xff]), expect: quarantined('INGEST_BODY_NOT_JSON') },
    { name: 'a lone continuation byte', request: (ctx) => bytes(ctx, [0x80]), expect: quarantined('INGEST_BODY_NOT_JSON') },
    { name: 'a UTF-8-encoded surrogate (CESU-8)', request: (ctx) => bytes(ctx, [0xed, 0xa0, 0x80]), expect: quarantined('INGEST_BODY_NOT_JSON') },
    { name: 'a truncated multi-byte sequence', request: (ctx) => bytes(ctx, [0xe2, 0x82]), expect: quarantined('INGEST_BODY_NOT_JSON') },
  ];
  return cases.map((c) => ({ ...c, endpoint: p.endpoint, name: `${p.endpoint}: ${c.name}` }));
}

/** `text` as a JSON string with every non-ASCII UTF-16 unit written as a \u escape. */
function asciiEscaped(text: string): string {
  return JSON.stringify(text).replace(/[\u0080-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Bodies of both provider receivers. */
export const bodyCases: readonly CorpusCase[] = providers.flatMap(casesOf);
