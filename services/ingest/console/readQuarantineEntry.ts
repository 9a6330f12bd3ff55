/**
 * `GET /admin/quarantine/{id}`: one quarantine entry with the headers and bytes it arrived with
 * (contract schema QuarantineEntryDetail). The inbox keeps them for every entry still quarantined
 * (the raw sink leaves them in place); after a release and the raw sink, only ClickHouse has them.
 */
import { sql } from 'slonik';
import type { QuarantineEntry, QuarantineEntryDetail } from '../../../generated/openapi/ingest.schemas.ts';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { IngestHttpError } from '../errors.ts';
import { isQuarantineReason, providerTypeLabel, validationIssues } from '../quarantine/domain/quarantineEntry.ts';
import { iso, isoOrNull, textOrNull, type Row } from './consoleRows.ts';

/** The row as `GET /admin/quarantine` lists it (services/ingest/quarantine/listQuarantine.ts reads it the same way). */
function entryOf(row: Row): QuarantineEntry {
  const source = row.source === 'sumsub' ? 'sumsub' : 'kick';
  const reason = row.reason;
  if (!isQuarantineReason(reason)) throw new Error(`ingest.quarantine entry: unknown reason ${String(reason)}`);
  const releasedAt = isoOrNull(row, 'released_at');
  return {
    id: String(row.raw_event_id),
    provider: source,
    eventType: providerTypeLabel(source, textOrNull(row, 'event_type'), textOrNull(row, 'event_version')),
    reason,
    status: releasedAt === null ? 'quarantined' : 'released',
    receivedAt: iso(row, 'received_at'),
    providerMessageId: source === 'sumsub' ? null : textOrNull(row, 'provider_message_id'),
    errors: validationIssues(row.validation_errors),
    releasedAt,
    envelopeId: releasedAt === null ? null : textOrNull(row, 'envelope_id'),
  };
}

/** The body as text when it is valid UTF-8 (JSON almost always is), else base64, so no byte is lost in transit. */
export function bodyText(bytes: Buffer): { body: string; bodyEncoding: 'utf8' | 'base64' } {
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    return { body: text.decode(bytes), bodyEncoding: 'utf8' };
  } catch {
    return { body: bytes.toString('base64'), bodyEncoding: 'base64' };
  }
}

function headersOf(value: unknown): Record<string, string> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  return Object.fromEntries(Object.entries(value).map(([name, v]) => [name, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** The entry of raw event `rawEventId`; throws `INGEST_QUARANTINE_ENTRY_UNKNOWN` when there is none. */
export async function readQuarantineEntry(pool: DmPool, rawEventId: string): Promise<QuarantineEntryDetail> {
  let row: Row | null;
  try {
    row = (await pool.maybeOne(sql.unsafe`
      SELECT i.raw_event_id::text AS raw_event_id, i.source, i.event_type, i.event_version, q.reason, i.received_at,
             i.provider_message_id, q.validation_errors, q.released_at, i.envelope_id::text AS envelope_id, i.raw_body, i.raw_headers
      FROM ingest.quarantine q JOIN ingest.inbox i ON i.id = q.inbox_id
      WHERE i.raw_event_id = ${rawEventId}::uuid AND i.source IN ('kick', 'sumsub')`)) as Row | null;
  } catch (e: unknown) {
    throw mapPgError(e);
  }
  if (row === null) throw new IngestHttpError('INGEST_QUARANTINE_ENTRY_UNKNOWN', `no quarantine entry ${rawEventId}`);
  const raw = Buffer.isBuffer(row.raw_body) ? bodyText(row.raw_body) : { body: null, bodyEncoding: 'utf8' as const };
  return { entry: entryOf(row), headers: headersOf(row.raw_headers), ...raw };
}
