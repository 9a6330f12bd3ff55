/**
 * `GET /admin/quarantine` and `vf quarantine list`: quarantined (or released) deliveries, newest
 * first, one keyset page at a time (the cursor is the last quarantine id, opaque to callers).
 */
import { sql } from 'slonik';
import type { QuarantineEntry, QuarantinePage } from '../../../generated/openapi/ingest.schemas.ts';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { decodeCursor, encodeCursor, isQuarantineReason, pageLimit, providerTypeLabel, validationIssues, type QuarantineReasonCode } from './domain/quarantineEntry.ts';

/** Which entries to list; the contract's query parameters. */
export interface QuarantineQuery {
  /** Default `quarantined`; `released` lists what a replay let through. */
  readonly status?: 'quarantined' | 'released';
  readonly reason?: QuarantineReasonCode;
  readonly provider?: 'kick' | 'sumsub';
  /** 1..500, default 50. */
  readonly limit?: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
}

function isoTime(value: unknown): string {
  // slonik's default parser gives timestamptz as epoch milliseconds; text is accepted as well.
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new Error(`ingest.quarantine listing: unreadable time ${String(value)}`);
  return new Date(ms).toISOString();
}

function nullableText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function entryOf(row: Readonly<Record<string, unknown>>): QuarantineEntry {
  const source = row.source === 'sumsub' ? 'sumsub' : 'kick';
  const reason = row.reason;
  if (!isQuarantineReason(reason)) throw new Error(`ingest.quarantine listing: unknown reason ${String(reason)}`);
  const releasedAt = row.released_at === null ? null : isoTime(row.released_at);
  return {
    id: String(row.raw_event_id),
    provider: source,
    eventType: providerTypeLabel(source, nullableText(row.event_type), nullableText(row.event_version)),
    reason,
    status: releasedAt === null ? 'quarantined' : 'released',
    receivedAt: isoTime(row.received_at),
    providerMessageId: source === 'sumsub' ? null : nullableText(row.provider_message_id),
    errors: validationIssues(row.validation_errors),
    releasedAt,
    envelopeId: releasedAt === null ? null : nullableText(row.envelope_id),
  };
}

/** One page of quarantine entries. Throws `INGEST_QUERY_INVALID` for a cursor or limit we did not issue. */
export async function listQuarantine(pool: DmPool, query: QuarantineQuery): Promise<QuarantinePage> {
  const limit = pageLimit(query.limit);
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  const conditions = [
    query.status === 'released' ? sql.fragment`q.released_at IS NOT NULL` : sql.fragment`q.released_at IS NULL`,
    // Viewer probes are ours and never quarantined; the contract lists provider deliveries.
    query.provider === undefined ? sql.fragment`i.source IN ('kick', 'sumsub')` : sql.fragment`i.source = ${query.provider}`,
  ];
  if (query.reason !== undefined) conditions.push(sql.fragment`q.reason = ${query.reason}`);
  if (after !== null) conditions.push(sql.fragment`q.id < ${after}::int8`);
  let rows: readonly Readonly<Record<string, unknown>>[];
  try {
    rows = (await pool.any(sql.unsafe`
      SELECT q.id::text AS id, i.raw_event_id::text AS raw_event_id, i.source, i.event_type, i.event_version, q.reason,
             i.received_at, i.provider_message_id, q.validation_errors, q.released_at, i.envelope_id::text AS envelope_id
      FROM ingest.quarantine q JOIN ingest.inbox i ON i.id = q.inbox_id
      WHERE ${sql.join(conditions, sql.fragment` AND `)}
      ORDER BY q.id DESC
      LIMIT ${limit + 1}`)) as readonly Readonly<Record<string, unknown>>[];
  } catch (e: unknown) {
    throw mapPgError(e);
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(entryOf),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(String(last.id)) : null,
  };
}
