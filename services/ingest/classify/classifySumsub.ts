/**
 * Turns a correctly signed Sumsub request into a `Delivery` (DESIGN §5, after the digest):
 * JSON → known `type` → payload schema. Sumsub signs no timestamp, so there is no replay window;
 * a redelivery is recognised by our SHA-256 of the body, kept 90 days.
 */
import { sumsubEventType } from '../../../generated/asyncapi/catalogue.ts';
import type { Delivery, QuarantineReason } from '../accept/delivery.ts';
import { addMs, checkPayload, parseJsonBody, sha256, storableText, type ValidationIssue } from './payloadChecks.ts';
import { parseSumsubTimestamp } from './sumsubTimestamp.ts';

/** A Sumsub request whose digest verified. */
export interface SumsubRequest {
  readonly rawBody: Buffer;
  /** Lower-case names, as received. */
  readonly headers: Readonly<Record<string, string>>;
  readonly receivedAt: Date;
}

const BODY_DEDUPE_MS = 90 * 24 * 60 * 60 * 1000;

/** A string field of a parsed body, if it is an object with one. */
function stringField(value: unknown, name: string): string | null {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, name)) return null;
  const field: unknown = Reflect.get(value, name);
  return typeof field === 'string' ? field : null;
}

/** `createdAtMs` (then the older `createdAt`) read as UTC; null when neither is readable. */
function providerTimeOf(body: unknown): Date | null {
  for (const name of ['createdAtMs', 'createdAt']) {
    const text = stringField(body, name);
    const at = text === null ? null : parseSumsubTimestamp(text);
    if (at !== null) return at;
  }
  return null;
}

/** Classifies a verified Sumsub request. Precondition: the digest verified. */
export function classifySumsub(input: SumsubRequest): Delivery {
  const bodySha256 = sha256(input.rawBody);
  const body = parseJsonBody(input.rawBody);
  const value = body.kind === 'json' ? body.value : null;
  const rawType = stringField(value, 'type');
  // Stored in the inbox row even when unknown (quarantined): it must be text PostgreSQL can hold.
  const providerType = rawType === null ? null : storableText(rawType);
  const providerTime = providerTimeOf(value);
  const base = {
    source: 'sumsub',
    rawBody: input.rawBody,
    headers: input.headers,
    receivedAt: input.receivedAt,
    // Sumsub sends no delivery id: the body hash below is the idempotency key.
    providerMessageId: null,
    providerType,
    providerVersion: null,
    bodySha256,
    dedupeKeys: [{ key: `sumsub:body:${bodySha256.toString('hex')}`, expiresAt: addMs(input.receivedAt, BODY_DEDUPE_MS) }],
  } as const;
  const quarantine = (reason: QuarantineReason, errors: readonly ValidationIssue[] = []): Delivery => ({
    ...base,
    kind: 'quarantine',
    reason,
    errors,
    providerTime: providerTime ?? input.receivedAt,
  });

  if (body.kind === 'not_json') return quarantine('INGEST_BODY_NOT_JSON');
  const eventType = rawType === null ? undefined : sumsubEventType(rawType);
  if (eventType === undefined) return quarantine('INGEST_EVENT_TYPE_UNKNOWN');
  const payload = checkPayload(eventType, body.value);
  if (payload.kind === 'invalid') return quarantine('INGEST_PAYLOAD_INVALID', payload.errors);
  return {
    ...base,
    kind: 'valid',
    eventType,
    data: body.value,
    // The schema requires createdAtMs in SumsubTimestamp form, so this fallback is for a pattern Date cannot read.
    providerTime: providerTime ?? input.receivedAt,
    subject: payload.subject,
    broadcasterUserId: null,
  };
}
