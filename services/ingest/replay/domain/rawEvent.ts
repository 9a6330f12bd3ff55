/**
 * A `vf.raw_events` row as a replay reads it back (sql/clickhouse/vf/0001_raw_events.sql), and
 * the verdict of today's contracts on it. Pure: no I/O.
 *
 * Re-validation uses the receivers' own classifiers with the replay window off (it is a
 * receive-time rule; an operator replaying an old event means it), as `vf quarantine replay`
 * does. Signatures are not checked again: only correctly signed deliveries were ever stored.
 * Viewer probes (source `ingest`) carry no signature and no headers: their body is checked
 * against the probe's schema directly.
 */
import { createHash } from 'node:crypto';
import type { ValidDelivery } from '../../accept/delivery.ts';
import { checkPayload, parseJsonBody } from '../../classify/payloadChecks.ts';
import { reclassify, storedHeaders } from '../../quarantine/domain/reclassify.ts';

/** One row of `vf.raw_events`. */
export interface RawEvent {
  readonly rawId: string;
  /** `ingest`: events we originate (viewer probes). */
  readonly source: 'kick' | 'sumsub' | 'ingest';
  readonly type: string;
  readonly providerMessageId: string;
  readonly subject: string;
  readonly receivedAt: Date;
  readonly providerTime: Date;
  readonly status: 'accepted' | 'quarantined';
  /** The request headers as a JSON object ('' once RAW_BODY_TTL_DAYS has passed). */
  readonly headers: string;
  /** The body as received ('' once RAW_BODY_TTL_DAYS has passed). */
  readonly body: string;
  readonly envelopeId: string | null;
}

/** Today's verdict on a raw event. */
export type RawVerdict =
  | { readonly kind: 'valid'; readonly delivery: ValidDelivery }
  | { readonly kind: 'not_passing'; readonly reason: string; readonly errors: readonly unknown[] };

const probeType = 'kick.viewer_probe.v1';

function parsedHeaders(text: string): Record<string, string> {
  try {
    return storedHeaders(JSON.parse(text));
  } catch {
    return {};
  }
}

function probeVerdict(raw: RawEvent, rawBody: Buffer): RawVerdict {
  const body = parseJsonBody(rawBody);
  if (body.kind === 'not_json') return { kind: 'not_passing', reason: 'INGEST_BODY_NOT_JSON', errors: [] };
  if (raw.type !== probeType) return { kind: 'not_passing', reason: 'INGEST_EVENT_TYPE_UNKNOWN', errors: [] };
  const payload = checkPayload(probeType, body.value);
  if (payload.kind === 'invalid') return { kind: 'not_passing', reason: 'INGEST_PAYLOAD_INVALID', errors: payload.errors };
  return {
    kind: 'valid',
    delivery: {
      kind: 'valid',
      source: 'kick_probe',
      rawBody,
      headers: {},
      receivedAt: raw.receivedAt,
      providerMessageId: raw.providerMessageId,
      providerType: 'kick.viewer_probe',
      providerVersion: '1',
      bodySha256: createHash('sha256').update(rawBody).digest(),
      dedupeKeys: [],
      eventType: probeType,
      data: body.value,
      // The scheduled minute, which the raw sink stored as the provider time.
      providerTime: raw.providerTime,
      subject: payload.subject,
      broadcasterUserId: null,
    },
  };
}

/** Runs a raw event through today's contracts. */
export function revalidateRawEvent(raw: RawEvent): RawVerdict {
  if (raw.body === '') return { kind: 'not_passing', reason: 'RAW_BODY_EXPIRED', errors: [] };
  // The raw sink stored the body as UTF-8 text; every body that can pass is JSON, so this gives back its bytes.
  const rawBody = Buffer.from(raw.body, 'utf8');
  if (raw.source === 'ingest') return probeVerdict(raw, rawBody);
  const delivery = reclassify({ source: raw.source, rawBody, headers: parsedHeaders(raw.headers), receivedAt: raw.receivedAt });
  return delivery.kind === 'valid' ? { kind: 'valid', delivery } : { kind: 'not_passing', reason: delivery.reason, errors: delivery.errors };
}
