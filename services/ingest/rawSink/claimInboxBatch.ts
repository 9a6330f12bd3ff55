/**
 * Locks and reads the next batch of unsunk inbox rows, inside the raw sink's transaction.
 */
import { sql, type DatabaseTransactionConnection } from 'slonik';
import { AppError } from '../../shared/errors.ts';
import type { InboxRowForSink } from './rawEventRow.ts';

/** A locked batch: inbox ids (as text, bigint-safe) and the rows to write, in id order. */
export interface InboxBatch {
  readonly ids: readonly string[];
  readonly rows: readonly InboxRowForSink[];
}

/**
 * Locks up to `batchSize` unsunk rows, oldest first, skipping rows another sink holds (so two
 * sinks never write the same row in the same round), then reads the leading rows whose raw
 * bodies fit in `maxBatchBytes` (at least one row): the ClickHouse insert is built in memory,
 * and 1,000 bodies of up to 1 MiB would not fit in one string. Rows locked but not read stay
 * unsunk for the next round.
 */
export async function claimInboxBatch(tx: DatabaseTransactionConnection, options: { batchSize: number; maxBatchBytes: number }): Promise<InboxBatch> {
  // octet_length reads the size from the TOAST pointer, not the body itself.
  const locked = await tx.any(sql.unsafe`
    SELECT id::text AS id, octet_length(raw_body) AS bytes
    FROM ingest.inbox
    WHERE sunk_at IS NULL
    ORDER BY id
    LIMIT ${options.batchSize}
    FOR UPDATE SKIP LOCKED`);
  const ids: string[] = [];
  let bytes = 0;
  for (const row of locked.map(asRecord)) {
    bytes += Number(row['bytes']);
    if (ids.length > 0 && bytes > options.maxBatchBytes) break;
    ids.push(String(row['id']));
  }
  if (ids.length === 0) return { ids, rows: [] };
  const rows = await tx.any(sql.unsafe`
    SELECT i.source, i.status, i.provider_message_id, i.event_type, i.event_version,
      encode(i.body_sha256, 'hex') AS body_sha256_hex, i.raw_body, i.raw_headers,
      i.raw_event_id::text AS raw_event_id, i.envelope_id::text AS envelope_id,
      -- Milliseconds as a number: ClickHouse keeps milliseconds, and slonik's timestamptz parser
      -- (Date.parse of PostgreSQL's text) is not relied on for microsecond values.
      floor(extract(epoch FROM i.received_at) * 1000)::float8 AS received_ms,
      o.type AS outbox_type, o.subject AS outbox_subject,
      floor(extract(epoch FROM o.time) * 1000)::float8 AS outbox_time_ms,
      q.reason AS quarantine_reason
    FROM ingest.inbox i
    LEFT JOIN ingest.outbox o ON o.envelope_id = i.envelope_id
    LEFT JOIN ingest.quarantine q ON q.inbox_id = i.id
    WHERE i.id = ANY(${sql.array(ids, 'int8')})
    ORDER BY i.id`);
  return { ids, rows: rows.map((row) => narrowInboxRow(asRecord(row))) };
}

function narrowInboxRow(row: Readonly<Record<string, unknown>>): InboxRowForSink {
  const source = row['source'];
  const status = row['status'];
  const rawBody = row['raw_body'];
  const rawHeaders = row['raw_headers'];
  if (source !== 'kick' && source !== 'sumsub' && source !== 'kick_probe') throw unexpected('source', source);
  if (status !== 'accepted' && status !== 'quarantined') throw unexpected('status', status);
  if (!Buffer.isBuffer(rawBody)) throw unexpected('raw_body', typeof rawBody);
  if (typeof rawHeaders !== 'object' || rawHeaders === null || Array.isArray(rawHeaders)) throw unexpected('raw_headers', typeof rawHeaders);
  const outboxTimeMs = row['outbox_time_ms'];
  return {
    source,
    status,
    providerMessageId: text(row['provider_message_id']),
    eventType: text(row['event_type']),
    eventVersion: text(row['event_version']),
    bodySha256Hex: String(row['body_sha256_hex']),
    rawBody,
    rawHeaders: rawHeaders as Record<string, unknown>,
    rawEventId: String(row['raw_event_id']),
    envelopeId: text(row['envelope_id']),
    receivedAt: new Date(Number(row['received_ms'])),
    outboxType: text(row['outbox_type']),
    outboxSubject: text(row['outbox_subject']),
    outboxTime: outboxTimeMs === null ? null : new Date(Number(outboxTimeMs)),
    quarantineReason: text(row['quarantine_reason']),
  };
}

/** slonik types `sql.unsafe` rows as unknown; they are column-name records. */
function asRecord(row: unknown): Readonly<Record<string, unknown>> {
  return row as Readonly<Record<string, unknown>>;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function unexpected(column: string, value: unknown): AppError {
  return new AppError('INGEST_RAW_SINK_ROW_INVALID', `ingest.inbox.${column} has an unexpected value: ${String(value)}`, { details: { column } });
}
