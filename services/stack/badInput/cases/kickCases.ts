/**
 * `/webhooks/kick`: signatures, required headers and the replay window (DESIGN §5,
 * contracts/openapi/ingest.yaml `receiveKickWebhook`). The signature covers
 * `<Kick-Event-Message-Id>.<Kick-Event-Message-Timestamp>.<body>`: any change to those after
 * signing is a bad signature; the type and version headers are not signed.
 */
import { eventCatalogue } from '../../../../generated/asyncapi/catalogue.ts';
import { accepted, quarantined, refused, type CorpusCase, type CorpusContext } from '../kit/corpusCase.ts';
import { validKick } from '../kit/validDeliveries.ts';
import { headerOf, signKick, signSumsub, withBody, withHeader, type WireRequest } from '../kit/wire.ts';

const CHAT = 'kick.chat.message.sent.v1';
const HOUR_MS = 3_600_000;

function chat(ctx: CorpusContext, at?: Date): WireRequest {
  return validKick(ctx.kick, CHAT, ctx.tag, at === undefined ? {} : { at });
}

/** A chat delivery whose Kick timestamp header is `text`, signed over it (so only the window decides). */
function stampedAt(ctx: CorpusContext, text: string): WireRequest {
  return signKick(ctx.kick, withHeader(chat(ctx), 'Kick-Event-Message-Timestamp', text));
}

function ago(ms: number): Date {
  return new Date(Date.now() - ms);
}

const signatureCases: CorpusCase[] = [
  { name: 'signed by a key Kick does not use', endpoint: 'kick', request: (ctx) => validKick(ctx.otherKick, CHAT, ctx.tag), expect: refused(401, 'INGEST_SIGNATURE_INVALID') },
  { name: 'signature over another message id', endpoint: 'kick', request: (ctx) => withHeader(chat(ctx), 'Kick-Event-Message-Id', `01KOTHER${ctx.tag}`), expect: refused(401, 'INGEST_SIGNATURE_INVALID') },
  { name: 'signature over another timestamp', endpoint: 'kick', request: (ctx) => withHeader(chat(ctx), 'Kick-Event-Message-Timestamp', ago(1000).toISOString()), expect: refused(401, 'INGEST_SIGNATURE_INVALID') },
  {
    name: 'signature over another body (one byte changed)',
    endpoint: 'kick',
    request: (ctx) => {
      const request = chat(ctx);
      const body = Buffer.from(request.body);
      body[body.length - 2] = 0x20;
      return withBody(request, body);
    },
    expect: refused(401, 'INGEST_SIGNATURE_INVALID'),
  },
  { name: 'signature truncated to half', endpoint: 'kick', request: (ctx) => withHeader(chat(ctx), 'Kick-Event-Signature', (headerOf(chat(ctx), 'kick-event-signature') ?? '').slice(0, 172)), expect: refused(401, 'INGEST_SIGNATURE_INVALID') },
  {
    name: 'signature one character short',
    endpoint: 'kick',
    request: (ctx) => {
      const request = chat(ctx);
      return withHeader(request, 'Kick-Event-Signature', (headerOf(request, 'kick-event-signature') ?? '').slice(0, -1));
    },
    expect: refused(401, 'INGEST_SIGNATURE_INVALID'),
  },
  {
    name: 'signature with base64 junk appended',
    endpoint: 'kick',
    request: (ctx) => {
      const request = chat(ctx);
      return withHeader(request, 'Kick-Event-Signature', `${headerOf(request, 'kick-event-signature') ?? ''}AAAA`);
    },
    expect: refused(401, 'INGEST_SIGNATURE_INVALID'),
  },
  { name: 'signature that is not base64', endpoint: 'kick', request: (ctx) => withHeader(chat(ctx), 'Kick-Event-Signature', '!!! not base64 ***'), expect: refused(401, 'INGEST_SIGNATURE_INVALID') },
  { name: 'Sumsub-style HMAC digest as the signature', endpoint: 'kick', request: (ctx) => withHeader(chat(ctx), 'Kick-Event-Signature', 'a'.repeat(64)), expect: refused(401, 'INGEST_SIGNATURE_INVALID') },
  { name: 'no Kick-Event-Signature', endpoint: 'kick', request: (ctx) => withHeader(chat(ctx), 'Kick-Event-Signature', undefined), expect: refused(401, 'INGEST_SIGNATURE_MISSING') },
  { name: 'empty Kick-Event-Signature', endpoint: 'kick', request: (ctx) => withHeader(chat(ctx), 'Kick-Event-Signature', ''), expect: refused(401, 'INGEST_SIGNATURE_MISSING') },
  {
    name: 'no signature and no type: the signature is checked first',
    endpoint: 'kick',
    request: (ctx) => withHeader(withHeader(chat(ctx), 'Kick-Event-Signature', undefined), 'Kick-Event-Type', undefined),
    expect: refused(401, 'INGEST_SIGNATURE_MISSING'),
  },
  { name: 'Sumsub digest headers on the Kick route', endpoint: 'kick', request: (ctx) => signSumsub(withHeader(chat(ctx), 'Kick-Event-Signature', undefined), 'any-secret'), expect: refused(401, 'INGEST_SIGNATURE_MISSING') },
  ...['Kick-Event-Message-Id', 'Kick-Event-Message-Timestamp', 'Kick-Event-Type', 'Kick-Event-Version'].map(
    (name): CorpusCase => ({ name: `no ${name}`, endpoint: 'kick', request: (ctx) => withHeader(chat(ctx), name, undefined), expect: refused(400, 'INGEST_HEADER_MISSING') }),
  ),
  { name: 'empty Kick-Event-Type', endpoint: 'kick', request: (ctx) => withHeader(chat(ctx), 'Kick-Event-Type', ''), expect: refused(400, 'INGEST_HEADER_MISSING') },
];

const windowCases: CorpusCase[] = [
  { name: 'timestamp 1 hour old', endpoint: 'kick', request: (ctx) => chat(ctx, ago(HOUR_MS)), expect: accepted },
  { name: 'timestamp 47 hours old (inside the 48 h window)', endpoint: 'kick', request: (ctx) => chat(ctx, ago(47 * HOUR_MS)), expect: accepted },
  { name: 'timestamp 49 hours old', endpoint: 'kick', request: (ctx) => chat(ctx, ago(49 * HOUR_MS)), expect: quarantined('INGEST_TIMESTAMP_OUTSIDE_WINDOW') },
  { name: 'timestamp 3 days old', endpoint: 'kick', request: (ctx) => chat(ctx, ago(72 * HOUR_MS)), expect: quarantined('INGEST_TIMESTAMP_OUTSIDE_WINDOW') },
  { name: 'timestamp 4 minutes ahead', endpoint: 'kick', request: (ctx) => chat(ctx, ago(-4 * 60_000)), expect: accepted },
  { name: 'timestamp 6 minutes ahead', endpoint: 'kick', request: (ctx) => chat(ctx, ago(-6 * 60_000)), expect: quarantined('INGEST_TIMESTAMP_OUTSIDE_WINDOW') },
  { name: 'timestamp a year ahead', endpoint: 'kick', request: (ctx) => chat(ctx, ago(-365 * 24 * HOUR_MS)), expect: quarantined('INGEST_TIMESTAMP_OUTSIDE_WINDOW') },
  { name: 'timestamp year 0000', endpoint: 'kick', request: (ctx) => stampedAt(ctx, '0000-01-01T00:00:00Z'), expect: quarantined('INGEST_TIMESTAMP_OUTSIDE_WINDOW') },
  { name: 'timestamp with a +02:00 offset, now', endpoint: 'kick', request: (ctx) => stampedAt(ctx, offsetNow()), expect: accepted },
  { name: 'timestamp without a zone', endpoint: 'kick', request: (ctx) => stampedAt(ctx, new Date().toISOString().slice(0, 19)), expect: quarantined('INGEST_TIMESTAMP_OUTSIDE_WINDOW') },
  { name: 'timestamp as Unix seconds', endpoint: 'kick', request: (ctx) => stampedAt(ctx, String(Math.floor(Date.now() / 1000))), expect: quarantined('INGEST_TIMESTAMP_OUTSIDE_WINDOW') },
  { name: 'timestamp that is not a date', endpoint: 'kick', request: (ctx) => stampedAt(ctx, 'yesterday'), expect: quarantined('INGEST_TIMESTAMP_OUTSIDE_WINDOW') },
];

/** Now as RFC 3339 with a +02:00 offset. */
function offsetNow(): string {
  const local = new Date(Date.now() + 2 * HOUR_MS).toISOString().slice(0, 19);
  return `${local}+02:00`;
}

const typeCases: CorpusCase[] = [
  { name: 'unknown Kick-Event-Type', endpoint: 'kick', request: (ctx) => withHeader(chat(ctx), 'Kick-Event-Type', 'chat.message.exploded'), expect: quarantined('INGEST_EVENT_TYPE_UNKNOWN') },
  { name: 'unknown Kick-Event-Version', endpoint: 'kick', request: (ctx) => withHeader(chat(ctx), 'Kick-Event-Version', '2'), expect: quarantined('INGEST_EVENT_TYPE_UNKNOWN') },
  {
    name: 'type header of another event than the body',
    endpoint: 'kick',
    request: (ctx) => withHeader(chat(ctx), 'Kick-Event-Type', eventCatalogue['kick.channel.followed.v1'].providerName),
    expect: quarantined('INGEST_PAYLOAD_INVALID'),
  },
];

/** Signatures, headers, the replay window and the event type of the Kick receiver. */
export const kickCases: readonly CorpusCase[] = [...signatureCases, ...windowCases, ...typeCases];
