/**
 * `POST /internal/events` (DESIGN §7, contracts/openapi/internal-events.yaml `receiveEvents`):
 * content type (415) → size (413) → Standard Webhooks headers, 5-minute tolerance, signature
 * under a configured secret (401) → JSON array or object (400); then one result per envelope.
 * Nothing is applied on a refusal; only `processed` writes a processed_events row.
 */
import { expect } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { v7 as uuidv7 } from 'uuid';
import { NEW_SECRET, OLD_SECRET } from '../../../env-api/test/envAppHarness.ts';
import { EDGE_TEXT, nestedArrays, nestedObjects } from '../kit/bodies.ts';
import { refused, results, type CorpusCase } from '../kit/corpusCase.ts';
import { EVENTS_SECRETS, validEnvelope } from '../kit/validDeliveries.ts';
import { eventsWire, headerOf, withBody, withHeader, type WireRequest } from '../kit/wire.ts';

const CHAT = 'kick.chat.message.sent.v1';
const BATCH = 'application/cloudevents-batch+json';
const SINGLE = 'application/cloudevents+json';
const MAX_BODY = 16 * 1024 * 1024;
const OTHER_SECRET = 'whsec_' + Buffer.from('a-secret-no-environment-trusts!!').toString('base64');
const processed = { status: 'processed' } as const;

/** A batch of `envelopes` (default: one valid chat envelope), signed now under the new secret. */
function batch(envelopes: readonly unknown[] = [validEnvelope(CHAT)], options: { contentType?: string; secrets?: readonly string[]; at?: Date } = {}): WireRequest {
  return eventsWire(JSON.stringify(envelopes), { secrets: options.secrets ?? [NEW_SECRET], at: options.at ?? new Date(), msgId: `batch-${uuidv7()}` }, options.contentType ?? BATCH);
}

function signed(body: Buffer | string, contentType = BATCH): WireRequest {
  return eventsWire(body, { secrets: [NEW_SECRET], at: new Date(), msgId: `batch-${uuidv7()}` }, contentType);
}

function secondsAgo(seconds: number): Date {
  return new Date(Date.now() - seconds * 1000);
}

const rejected = (code: string) => ({ status: 'rejected', code }) as const;

const requestCases: CorpusCase[] = [
  // content type, before anything else
  ...['application/json', 'text/plain', 'application/cloudevents-batch', 'multipart/form-data; boundary=x'].map(
    (type): CorpusCase => ({ name: `Content-Type ${type}`, endpoint: 'events', request: () => batch(undefined, { contentType: type }), expect: refused(415, 'ENVAPI_CONTENT_TYPE_UNSUPPORTED') }),
  ),
  { name: 'no Content-Type', endpoint: 'events', request: () => withHeader(batch(), 'Content-Type', undefined), expect: refused(415, 'ENVAPI_CONTENT_TYPE_UNSUPPORTED') },
  { name: 'Content-Type with charset', endpoint: 'events', request: () => batch(undefined, { contentType: `${BATCH}; charset=utf-8` }), expect: results(processed) },
  { name: 'Content-Type in upper case', endpoint: 'events', request: () => batch(undefined, { contentType: BATCH.toUpperCase() }), expect: results(processed) },
  { name: 'body over 16 MiB with a wrong content type: 415 first', endpoint: 'events', request: () => signed(Buffer.alloc(MAX_BODY + 1, 0x20), 'text/plain'), expect: refused(415, 'ENVAPI_CONTENT_TYPE_UNSUPPORTED') },
  { name: 'body of 16 MiB + 1 byte', endpoint: 'events', request: () => signed(Buffer.alloc(MAX_BODY + 1, 0x20)), expect: refused(413, 'ENVAPI_PAYLOAD_TOO_LARGE') },
  // signature headers and tolerance
  ...['webhook-id', 'webhook-timestamp', 'webhook-signature'].map(
    (name): CorpusCase => ({ name: `no ${name}`, endpoint: 'events', request: () => withHeader(batch(), name, undefined), expect: refused(401, 'ENVAPI_SIGNATURE_MISSING') }),
  ),
  { name: 'empty webhook-signature', endpoint: 'events', request: () => withHeader(batch(), 'webhook-signature', ''), expect: refused(401, 'ENVAPI_SIGNATURE_MISSING') },
  { name: 'signed 4 minutes ago', endpoint: 'events', request: () => batch(undefined, { at: secondsAgo(240) }), expect: results(processed) },
  { name: 'signed 6 minutes ago', endpoint: 'events', request: () => batch(undefined, { at: secondsAgo(360) }), expect: refused(401, 'ENVAPI_TIMESTAMP_OUTSIDE_TOLERANCE') },
  { name: 'signed 6 minutes ahead', endpoint: 'events', request: () => batch(undefined, { at: secondsAgo(-360) }), expect: refused(401, 'ENVAPI_TIMESTAMP_OUTSIDE_TOLERANCE') },
  ...[
    ['in milliseconds', String(Date.now())],
    ['with a fraction', `${String(Math.floor(Date.now() / 1000))}.5`],
    ['negative', '-1'],
    ['as an ISO date', new Date().toISOString()],
  ].map(([label = '', value = '']): CorpusCase => ({ name: `webhook-timestamp ${label}`, endpoint: 'events', request: () => withHeader(batch(), 'webhook-timestamp', value), expect: refused(401, 'ENVAPI_TIMESTAMP_OUTSIDE_TOLERANCE') })),
  { name: 'signed under a secret no environment trusts', endpoint: 'events', request: () => batch(undefined, { secrets: [OTHER_SECRET] }), expect: refused(401, 'ENVAPI_SIGNATURE_INVALID') },
  { name: 'signed under the old secret (rotation)', endpoint: 'events', request: () => batch(undefined, { secrets: [OLD_SECRET] }), expect: results(processed) },
  { name: 'a foreign and a valid signature (rotation)', endpoint: 'events', request: () => batch(undefined, { secrets: [OTHER_SECRET, NEW_SECRET] }), expect: results(processed) },
  {
    name: 'signed by the official standardwebhooks package',
    endpoint: 'events',
    request: () => {
      const at = new Date();
      const request = batch(undefined, { at });
      return withHeader(request, 'webhook-signature', new Webhook(EVENTS_SECRETS[1] ?? '').sign(headerOf(request, 'webhook-id') ?? '', at, request.body.toString()));
    },
    expect: results(processed),
  },
  { name: 'signature over another webhook-id', endpoint: 'events', request: () => withHeader(batch(), 'webhook-id', 'batch-other'), expect: refused(401, 'ENVAPI_SIGNATURE_INVALID') },
  { name: 'signature over another body', endpoint: 'events', request: () => withBody(batch(), JSON.stringify([validEnvelope(CHAT)])), expect: refused(401, 'ENVAPI_SIGNATURE_INVALID') },
  { name: 'signature truncated', endpoint: 'events', request: () => withHeader(batch(), 'webhook-signature', (headerOf(batch(), 'webhook-signature') ?? '').slice(0, 20)), expect: refused(401, 'ENVAPI_SIGNATURE_INVALID') },
  ...[
    ['labelled v2', (s: string) => s.replace('v1,', 'v2,')],
    ['without its version', (s: string) => s.replace('v1,', '')],
    ['with base64 junk appended', (s: string) => `${s}AA==`],
    ['in hex', (s: string) => `v1,${Buffer.from(s.slice(3), 'base64').toString('hex')}`],
  ].map(([label, change]): CorpusCase => ({
    name: `webhook-signature ${String(label)}`,
    endpoint: 'events',
    request: () => {
      const request = batch();
      return withHeader(request, 'webhook-signature', (change as (s: string) => string)(headerOf(request, 'webhook-signature') ?? ''));
    },
    expect: refused(401, 'ENVAPI_SIGNATURE_INVALID'),
  })),
  // the body as a whole
  { name: 'body that is not JSON', endpoint: 'events', request: () => signed('not json'), expect: refused(400, 'ENVAPI_BODY_INVALID') },
  { name: 'JSON truncated', endpoint: 'events', request: () => signed(JSON.stringify([validEnvelope(CHAT)]).slice(0, 60)), expect: refused(400, 'ENVAPI_BODY_INVALID') },
  { name: 'empty body', endpoint: 'events', request: () => signed(''), expect: refused(400, 'ENVAPI_BODY_INVALID') },
  { name: 'invalid UTF-8', endpoint: 'events', request: () => signed(Buffer.concat([Buffer.from('[{"id":"'), Buffer.from([0xc0, 0xaf, 0xff]), Buffer.from('"}]')])), expect: refused(400, 'ENVAPI_BODY_INVALID') },
  { name: 'a batch content type with one object', endpoint: 'events', request: () => signed(JSON.stringify(validEnvelope(CHAT))), expect: refused(400, 'ENVAPI_BODY_INVALID') },
  { name: 'a single-event content type with an array', endpoint: 'events', request: () => signed(JSON.stringify([validEnvelope(CHAT)]), SINGLE), expect: refused(400, 'ENVAPI_BODY_INVALID') },
  { name: 'JSON null as a batch', endpoint: 'events', request: () => signed('null'), expect: refused(400, 'ENVAPI_BODY_INVALID') },
  { name: 'one event (application/cloudevents+json)', endpoint: 'events', request: () => signed(JSON.stringify(validEnvelope(CHAT)), SINGLE), expect: results(processed) },
  { name: 'a batch after a UTF-8 byte order mark', endpoint: 'events', request: () => signed(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify([validEnvelope(CHAT)]))])), expect: results(processed) },
  { name: 'an empty batch', endpoint: 'events', request: () => batch([]), expect: results() },
  { name: '10,000 nested arrays', endpoint: 'events', request: () => signed(nestedArrays(10_000)), expect: results({ status: 'rejected', code: 'ENVAPI_ENVELOPE_INVALID' }) },
];

/** A chat envelope carrying `content`, with a message id of its own (the projector's key). */
function chatWith(content: unknown): Record<string, unknown> {
  const envelope = validEnvelope(CHAT);
  return { ...envelope, data: { ...(envelope.data as Record<string, unknown>), message_id: `msg-${String(envelope.id)}`, content } };
}

const envelopeCases: CorpusCase[] = [
  { name: 'envelope without id', endpoint: 'events', request: () => batch([{ ...validEnvelope(CHAT), id: undefined }]), expect: results(rejected('ENVAPI_ENVELOPE_INVALID')) },
  { name: 'envelope id that is not a UUID', endpoint: 'events', request: () => batch([validEnvelope(CHAT, { id: 'not-a-uuid' })]), expect: results(rejected('ENVAPI_ENVELOPE_INVALID')) },
  { name: 'specversion 0.3', endpoint: 'events', request: () => batch([validEnvelope(CHAT, { specversion: '0.3' })]), expect: results(rejected('ENVAPI_ENVELOPE_INVALID')) },
  { name: 'time that is not RFC 3339', endpoint: 'events', request: () => batch([validEnvelope(CHAT, { time: 'yesterday' })]), expect: results(rejected('ENVAPI_ENVELOPE_INVALID')) },
  { name: 'dataschema of another type', endpoint: 'events', request: () => batch([validEnvelope(CHAT, { dataschema: 'urn:vf:schema:kick.channel.followed.v1' })]), expect: results(rejected('ENVAPI_ENVELOPE_INVALID')) },
  { name: 'an upper-case extension attribute', endpoint: 'events', request: () => batch([validEnvelope(CHAT, { VfExtra: 1 })]), expect: results(rejected('ENVAPI_ENVELOPE_INVALID')) },
  { name: 'an envelope that is a string', endpoint: 'events', request: () => batch(['envelope']), expect: results(rejected('ENVAPI_ENVELOPE_INVALID')) },
  { name: 'a type this environment does not know', endpoint: 'events', request: () => batch([validEnvelope(CHAT, { type: 'kick.chat.message.exploded.v1' })]), expect: results({ status: 'unsupported', code: 'ENVAPI_EVENT_TYPE_UNKNOWN' }) },
  {
    name: 'the same envelope twice in one batch',
    endpoint: 'events',
    request: () => {
      const envelope = validEnvelope(CHAT);
      return batch([envelope, envelope]);
    },
    expect: results(processed, { status: 'duplicate' }),
  },
  { name: 'good, bad, good', endpoint: 'events', request: () => batch([validEnvelope(CHAT), validEnvelope(CHAT, { specversion: 2 }), validEnvelope(CHAT)]), expect: results(processed, rejected('ENVAPI_ENVELOPE_INVALID'), processed) },
  { name: '10,000 nested objects in an extra data field', endpoint: 'events', request: () => signed(JSON.stringify([chatWith('deep')]).replace('"deep"', () => `"deep","vf_extra":${nestedObjects(10_000)}`)), expect: results(processed) },
  {
    name: 'bidi controls, zero-width characters, marks, emoji and noncharacters kept unchanged',
    endpoint: 'events',
    request: () => batch([chatWith(EDGE_TEXT)]),
    expect: results(processed),
    verify: async ({ ledger, id }) => {
      const row = await ledger.envRow('SELECT content FROM kick_chat_messages WHERE event_id::text = $1', [id]);
      expect(row?.content).toBe(EDGE_TEXT);
    },
  },
  // A projector error is `failed` (retried): PostgreSQL text cannot hold U+0000 (ingest quarantines such payloads first).
  { name: 'U+0000 in chat content', endpoint: 'events', request: () => batch([chatWith('a\u0000b')]), expect: results({ status: 'failed', code: 'ENVAPI_PROJECTOR_FAILED' }) },
];

/** The environment side's request and envelope cases. */
export const eventsCases: readonly CorpusCase[] = [...requestCases, ...envelopeCases];
