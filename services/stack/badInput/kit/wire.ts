/**
 * Requests as they travel: an endpoint, an ordered list of header lines (so a header can appear
 * twice, or in any case) and the body bytes. Builders sign the way each sender does: Kick with
 * RSA-SHA256 over `<message id>.<timestamp>.<body>`, Sumsub with a hex HMAC of the body, the
 * fan-out with Standard Webhooks over the raw bytes (the official `standardwebhooks` package
 * decodes a Buffer body as UTF-8 before signing, so it cannot sign invalid UTF-8 bytes as sent;
 * the corpus checks separately that its signatures are accepted).
 */
import { createHmac } from 'node:crypto';
import type { KickSigner } from '../../../ingest/app/test/publicAppHarness.ts';

/** What signing a Kick request needs of a key pair. */
export type KickSign = Pick<KickSigner, 'sign'>;

/** The three endpoints under test. */
export type Endpoint = 'kick' | 'sumsub' | 'events';

/** The path of each endpoint. */
export const endpointPath: { readonly [E in Endpoint]: string } = { kick: '/webhooks/kick', sumsub: '/webhooks/sumsub', events: '/internal/events' };

/** One header line: name as sent, value as a latin1 string (one char per byte). */
export type HeaderLine = readonly [name: string, value: string];

/** A request to one endpoint. */
export interface WireRequest {
  readonly endpoint: Endpoint;
  readonly headers: readonly HeaderLine[];
  readonly body: Buffer;
}

/** The value of the first header `name` (any case), else undefined. */
export function headerOf(request: WireRequest, name: string): string | undefined {
  return request.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}

/** `request` with every header `name` (any case) replaced by one line, or removed when `value` is undefined. */
export function withHeader(request: WireRequest, name: string, value: string | undefined): WireRequest {
  const others = request.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
  return { ...request, headers: value === undefined ? others : [...others, [name, value]] };
}

/** `request` with another body (signatures untouched). */
export function withBody(request: WireRequest, body: Buffer | string): WireRequest {
  return { ...request, body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8') };
}

/** What a Kick delivery carries. */
export interface KickParts {
  readonly type: string;
  readonly version: string;
  readonly messageId: string;
  readonly timestamp: string;
  readonly body: Buffer | string;
}

/** A Kick delivery, signed by `signer`, headers in Kick's documented casing. */
export function kickWire(signer: KickSign, parts: KickParts): WireRequest {
  const request: WireRequest = {
    endpoint: 'kick',
    headers: [
      ['Content-Type', 'application/json'],
      ['Kick-Event-Message-Id', parts.messageId],
      ['Kick-Event-Subscription-Id', '01JSUBSCRIPTIONBADINPUT0000'],
      ['Kick-Event-Message-Timestamp', parts.timestamp],
      ['Kick-Event-Type', parts.type],
      ['Kick-Event-Version', parts.version],
    ],
    body: Buffer.isBuffer(parts.body) ? parts.body : Buffer.from(parts.body, 'utf8'),
  };
  return signKick(signer, request);
}

/** `request` (Kick) with a signature by `signer` over its current message id, timestamp and body. */
export function signKick(signer: KickSign, request: WireRequest): WireRequest {
  const signature = signer.sign(headerOf(request, 'kick-event-message-id') ?? '', headerOf(request, 'kick-event-message-timestamp') ?? '', request.body);
  return withHeader(request, 'Kick-Event-Signature', signature);
}

/** `request` (Sumsub) with `X-Payload-Digest` of its body under `secret` with `alg`. */
export function signSumsub(request: WireRequest, secret: string, alg = 'HMAC_SHA256_HEX'): WireRequest {
  const hash = { HMAC_SHA1_HEX: 'sha1', HMAC_SHA256_HEX: 'sha256', HMAC_SHA512_HEX: 'sha512' }[alg] ?? 'sha256';
  const digest = createHmac(hash, secret).update(request.body).digest('hex');
  return withHeader(withHeader(request, 'X-Payload-Digest', digest), 'X-Payload-Digest-Alg', alg);
}

/** A Sumsub delivery of `body`, signed with `secret`. */
export function sumsubWire(body: Buffer | string, secret: string, alg = 'HMAC_SHA256_HEX'): WireRequest {
  return signSumsub({ endpoint: 'sumsub', headers: [['Content-Type', 'application/json']], body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8') }, secret, alg);
}

/** Options of {@link signEvents}. */
export interface EventsSigning {
  readonly secrets: readonly string[];
  readonly at: Date;
  readonly msgId: string;
}

/** `request` (/internal/events) with Standard Webhooks headers: one `v1,` signature per secret. */
export function signEvents(request: WireRequest, signing: EventsSigning): WireRequest {
  const timestamp = String(Math.floor(signing.at.getTime() / 1000));
  const signed = Buffer.concat([Buffer.from(`${signing.msgId}.${timestamp}.`, 'utf8'), request.body]);
  const signature = signing.secrets
    .map((secret) => `v1,${createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64')).update(signed).digest('base64')}`)
    .join(' ');
  return withHeader(withHeader(withHeader(request, 'webhook-id', signing.msgId), 'webhook-timestamp', timestamp), 'webhook-signature', signature);
}

/** A `/internal/events` request of `body` with `contentType`, signed. */
export function eventsWire(body: Buffer | string, signing: EventsSigning, contentType = 'application/cloudevents-batch+json'): WireRequest {
  return signEvents({ endpoint: 'events', headers: [['Content-Type', contentType]], body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8') }, signing);
}
