/**
 * One inbox row (joined with its outbox envelope and quarantine entry) as the `vf.raw_events` row
 * the raw sink inserts (sql/clickhouse/vf/0001_raw_events.sql). Pure: no I/O.
 *
 * The sorting key of `vf.raw_events` (source, type, broadcaster_user_id, hour of provider_time,
 * raw_id) must come out the same when a batch is re-inserted, or ReplacingMergeTree keeps both
 * copies. So every key column is derived from what the inbox fixed at receipt (source, provider
 * type and version, headers, body); the outbox only confirms it for accepted rows.
 */
import { isEventType, kickEventType, sumsubEventType } from '../../../generated/asyncapi/catalogue.ts';
import { toClickhouseDateTime64 } from '../../shared/clickhouse/clickhouseDateTime64.ts';
import type { DeliverySource } from '../accept/delivery.ts';

/** What the sink reads per inbox row. */
export interface InboxRowForSink {
  readonly source: DeliverySource;
  readonly status: 'accepted' | 'quarantined';
  readonly providerMessageId: string | null;
  readonly eventType: string | null;
  readonly eventVersion: string | null;
  readonly bodySha256Hex: string;
  readonly rawBody: Buffer;
  readonly rawHeaders: Readonly<Record<string, unknown>>;
  readonly rawEventId: string;
  readonly envelopeId: string | null;
  readonly receivedAt: Date;
  /** From the outbox envelope, when the row was accepted (and the outbox row still exists). */
  readonly outboxType: string | null;
  readonly outboxSubject: string | null;
  readonly outboxTime: Date | null;
  readonly quarantineReason: string | null;
}

/** A `vf.raw_events` row in JSONEachRow form (DateTime64(3) as `'YYYY-MM-DD hh:mm:ss.sss'`). */
export interface RawEventRow {
  raw_id: string;
  source: 'kick' | 'sumsub' | 'ingest';
  type: string;
  provider_message_id: string;
  subject: string;
  broadcaster_user_id: number;
  received_at: string;
  provider_time: string;
  status: 'accepted' | 'quarantined';
  quarantine_reason: string;
  headers: string;
  body: string;
  envelope_id: string | null;
}

const clickhouseSource = { kick: 'kick', sumsub: 'sumsub', kick_probe: 'ingest' } as const;

/** Maps one inbox row to its ClickHouse row. */
export function rawEventRow(row: InboxRowForSink): RawEventRow {
  const body = parseJsonObject(row.rawBody);
  return {
    raw_id: row.rawEventId,
    source: clickhouseSource[row.source],
    type: versionedType(row) ?? row.outboxType ?? row.eventType ?? '',
    // Sumsub sends no message id: its id is our SHA-256 of the body (the envelope's vfprovidermsgid).
    provider_message_id: row.source === 'sumsub' ? row.bodySha256Hex : (row.providerMessageId ?? ''),
    subject: row.outboxSubject ?? '',
    broadcaster_user_id: row.source === 'sumsub' ? 0 : (broadcasterUserId(body) ?? broadcasterFromSubject(row.outboxSubject) ?? 0),
    received_at: toClickhouseDateTime64(row.receivedAt),
    provider_time: toClickhouseDateTime64(row.outboxTime ?? providerTime(row, body) ?? row.receivedAt),
    status: row.status,
    quarantine_reason: row.status === 'quarantined' ? (row.quarantineReason ?? '') : '',
    headers: JSON.stringify(row.rawHeaders),
    // Valid UTF-8 (every JSON body) survives byte for byte; see sinkRawEvents for other bytes.
    body: row.rawBody.toString('utf8'),
    envelope_id: row.envelopeId,
  };
}

/** The versioned type the contract knows for the provider's type and version, if any. */
function versionedType(row: InboxRowForSink): string | undefined {
  const name = row.eventType;
  if (name === null) return undefined;
  if (row.source === 'kick') return row.eventVersion === null ? undefined : kickEventType(name, row.eventVersion);
  if (row.source === 'sumsub') return sumsubEventType(name);
  // Viewer probes: `kick.viewer_probe` version `1` is `kick.viewer_probe.v1`.
  const versioned = row.eventVersion === null ? name : `${name}.v${row.eventVersion}`;
  return isEventType(versioned) ? versioned : undefined;
}

function parseJsonObject(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return isObject(value) ? value : undefined;
  } catch {
    // Bodies quarantined as INGEST_BODY_NOT_JSON: no channel or time can be read from them.
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveId(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** Kick events carry `broadcaster.user_id`; viewer probes `broadcaster_user_id`. */
function broadcasterUserId(body: Record<string, unknown> | undefined): number | undefined {
  if (body === undefined) return undefined;
  const broadcaster = body['broadcaster'];
  return positiveId(isObject(broadcaster) ? broadcaster['user_id'] : undefined) ?? positiveId(body['broadcaster_user_id']);
}

function broadcasterFromSubject(subject: string | null): number | undefined {
  const match = /^kick\/broadcaster\/(\d+)$/.exec(subject ?? '');
  return match?.[1] === undefined ? undefined : positiveId(Number(match[1]));
}

/** DESIGN §4: Kick's message timestamp header, Sumsub `createdAtMs` read as UTC, a probe's minute. */
function providerTime(row: InboxRowForSink, body: Record<string, unknown> | undefined): Date | undefined {
  if (row.source === 'kick') return validDate(row.rawHeaders['kick-event-message-timestamp']);
  if (row.source === 'kick_probe') return validDate(body?.['probed_at']);
  const createdAtMs = body?.['createdAtMs'];
  if (typeof createdAtMs !== 'string' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,3})?$/.test(createdAtMs)) return undefined;
  return validDate(`${createdAtMs.replace(' ', 'T')}Z`);
}

function validDate(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
