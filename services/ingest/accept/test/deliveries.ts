/**
 * Test deliveries built from the contract's examples (generated/asyncapi/examples.ts), the way a
 * receiver would after verifying and classifying them. Each call can vary the body (`nonce`), so
 * tests get distinct deliveries without inlining JSON.
 */
import { createHash } from 'node:crypto';
import { eventCatalogue, type EventType } from '../../../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../../../generated/asyncapi/examples.ts';
import type { DedupeKey, QuarantinedDelivery, QuarantineReason, ValidDelivery } from '../delivery.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The ten Kick webhook types. */
export const KICK_TYPES = (Object.keys(eventExamples) as EventType[]).filter((t) => eventCatalogue[t].provider === 'kick');

function sha256(...parts: (string | Buffer)[]): Buffer {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(p);
  return hash.digest();
}

function example(type: EventType): { headers: Readonly<Record<string, string>>; payload: Record<string, unknown> } {
  const first = eventExamples[type][0];
  if (first === undefined) throw new Error(`no example for ${type}`);
  return { headers: first.headers, payload: { ...(first.payload as unknown as Record<string, unknown>) } };
}

function subjectOf(type: EventType, data: unknown): string {
  // The catalogue's subjectOf is typed per event type; the examples match their type.
  return (eventCatalogue[type].subjectOf as (d: unknown) => string)(data);
}

function broadcasterOf(data: Record<string, unknown>): number | null {
  const b = data.broadcaster;
  if (typeof b === 'object' && b !== null && 'user_id' in b && typeof b.user_id === 'number') return b.user_id;
  return typeof data.broadcaster_user_id === 'number' ? data.broadcaster_user_id : null;
}

/** Options shared by the builders. */
export interface DeliveryOptions {
  /** Kick message id (default: derived from the nonce). */
  messageId?: string;
  /** Varies the body: an extra pass-through field `vf_test_nonce`. */
  nonce?: string | number;
  receivedAt?: Date;
}

/** A valid Kick webhook of `type` (default chat message). */
export function kickDelivery(type: EventType = 'kick.chat.message.sent.v1', options: DeliveryOptions = {}): ValidDelivery {
  const { headers, payload } = example(type);
  const data = options.nonce === undefined ? payload : { ...payload, vf_test_nonce: String(options.nonce) };
  const rawBody = Buffer.from(JSON.stringify(data));
  const receivedAt = options.receivedAt ?? new Date();
  const messageId = options.messageId ?? `msg-${String(options.nonce ?? 'example')}-${type}`;
  const providerType = headers['kick-event-type'] ?? '';
  const providerVersion = headers['kick-event-version'] ?? '';
  const dedupeKeys: DedupeKey[] = [
    { key: `kick:body:${sha256(`${providerType}\n${providerVersion}\n`, rawBody).toString('hex')}`, expiresAt: new Date(receivedAt.getTime() + DAY_MS) },
  ];
  return {
    kind: 'valid',
    source: 'kick',
    rawBody,
    headers: { ...headers, 'kick-event-message-id': messageId },
    receivedAt,
    providerMessageId: messageId,
    providerType,
    providerVersion,
    bodySha256: sha256(rawBody),
    dedupeKeys,
    eventType: type,
    data,
    providerTime: new Date(headers['kick-event-message-timestamp'] ?? receivedAt.toISOString()),
    subject: subjectOf(type, data),
    broadcasterUserId: broadcasterOf(data),
  };
}

/** A valid Sumsub webhook (applicant reviewed): no message id, deduped on the body's SHA-256 for 90 days. */
export function sumsubDelivery(options: Omit<DeliveryOptions, 'messageId'> = {}): ValidDelivery {
  const type: EventType = 'sumsub.applicant_reviewed.v1';
  const { headers, payload } = example(type);
  const data = options.nonce === undefined ? payload : { ...payload, vf_test_nonce: String(options.nonce) };
  const rawBody = Buffer.from(JSON.stringify(data));
  const receivedAt = options.receivedAt ?? new Date();
  const bodySha256 = sha256(rawBody);
  return {
    kind: 'valid',
    source: 'sumsub',
    rawBody,
    headers,
    receivedAt,
    providerMessageId: null,
    providerType: typeof data.type === 'string' ? data.type : null,
    providerVersion: null,
    bodySha256,
    dedupeKeys: [{ key: `sumsub:body:${bodySha256.toString('hex')}`, expiresAt: new Date(receivedAt.getTime() + 90 * DAY_MS) }],
    eventType: type,
    data,
    providerTime: new Date(`${String(data.createdAtMs).replace(' ', 'T')}Z`),
    subject: subjectOf(type, data),
    broadcasterUserId: null,
  };
}

/** A viewer probe of the example channel at `minute` (its message id dedupes a retried poll). */
export function probeDelivery(minute: string = '2025-01-14T16:08:00Z'): ValidDelivery {
  const type: EventType = 'kick.viewer_probe.v1';
  const { payload } = example(type);
  const data: Record<string, unknown> = { ...payload, probed_at: minute };
  const rawBody = Buffer.from(JSON.stringify(data));
  const broadcaster = Number(data.broadcaster_user_id);
  return {
    kind: 'valid',
    source: 'kick_probe',
    rawBody,
    headers: {},
    receivedAt: new Date(),
    providerMessageId: `probe:${String(broadcaster)}:${minute}`,
    providerType: 'kick.viewer_probe',
    providerVersion: '1',
    bodySha256: sha256(rawBody),
    dedupeKeys: [],
    eventType: type,
    data,
    providerTime: new Date(minute),
    subject: subjectOf(type, data),
    broadcasterUserId: broadcaster,
  };
}

/** The Kick delivery `valid` would be, quarantined for `reason` instead. */
export function quarantined(valid: ValidDelivery, reason: QuarantineReason = 'INGEST_PAYLOAD_INVALID'): QuarantinedDelivery {
  const { kind: _kind, eventType: _type, data: _data, subject: _subject, broadcasterUserId: _b, ...base } = valid;
  return { ...base, kind: 'quarantine', reason, errors: [{ instancePath: '/broadcaster', message: 'test: must be object' }] };
}
