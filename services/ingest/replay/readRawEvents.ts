/**
 * Pages through `vf.raw_events` for a replay: the rows of the window (on `provider_time`, the
 * envelope `time`) and filters, in (provider_time, raw_id) order, a keyset page at a time.
 *
 * `FINAL`: the raw sink may write a row twice (a retried batch, a quarantined row released later),
 * and only the last write counts (ReplacingMergeTree keyed by raw_id).
 */
import { fromClickhouseDateTime64, toClickhouseDateTime64 } from '../../shared/clickhouse/clickhouseDateTime64.ts';
import type { RawEvent } from './domain/rawEvent.ts';
import type { RawEventReader, RawQueryParams } from './rawEventReader.ts';
import type { ReplayRequest } from './replayRequest.ts';

/** Where the previous page ended. */
export interface RawEventCursor {
  readonly providerTime: Date;
  readonly rawId: string;
}

const dateTime = "DateTime64(3, 'UTC')";

function filters(request: ReplayRequest, after: RawEventCursor | null): { where: string; params: Record<string, string | number> } {
  const conditions: string[] = [];
  const params: Record<string, string | number> = {};
  if (request.since !== undefined) {
    conditions.push(`provider_time >= {since:${dateTime}}`);
    params.since = toClickhouseDateTime64(request.since);
  }
  if (request.until !== undefined) {
    conditions.push(`provider_time < {until:${dateTime}}`);
    params.until = toClickhouseDateTime64(request.until);
  }
  if (request.types !== undefined) {
    // Parameters are scalars through the bridge: the types travel as one comma-separated string (type names have no commas).
    conditions.push(`has(splitByChar(',', {types:String}), type)`);
    params.types = request.types.join(',');
  }
  if (request.subject !== undefined) {
    // A quarantined row has no subject yet ('' in ClickHouse): kept here, judged once re-validated.
    conditions.push(`(subject = {subject:String} OR (status = 'quarantined' AND subject = ''))`);
    params.subject = request.subject;
  }
  if (after !== null) {
    conditions.push(`(provider_time, raw_id) > ({afterTime:${dateTime}}, {afterId:String})`);
    params.afterTime = toClickhouseDateTime64(after.providerTime);
    params.afterId = after.rawId;
  }
  return { where: conditions.length === 0 ? '1' : conditions.join(' AND '), params };
}

/** How many rows the window and filters hold (for the progress bar). */
export async function countRawEvents(reader: RawEventReader, request: ReplayRequest): Promise<number> {
  const { where, params } = filters(request, null);
  const [row] = await reader.select(`SELECT count() AS n FROM vf.raw_events FINAL WHERE ${where}`, params);
  return Number(row?.n ?? 0);
}

function text(row: Readonly<Record<string, unknown>>, name: string): string {
  const value = row[name];
  if (typeof value !== 'string') throw new Error(`vf.raw_events: column ${name} is not text (${JSON.stringify(value)})`);
  return value;
}

function rawEventOf(row: Readonly<Record<string, unknown>>): RawEvent {
  const source = text(row, 'source');
  const status = text(row, 'status');
  if (source !== 'kick' && source !== 'sumsub' && source !== 'ingest') throw new Error(`vf.raw_events: unknown source ${source}`);
  if (status !== 'accepted' && status !== 'quarantined') throw new Error(`vf.raw_events: unknown status ${status}`);
  const envelopeId = row.envelope_id;
  return {
    rawId: text(row, 'raw_id'),
    source,
    type: text(row, 'type'),
    providerMessageId: text(row, 'provider_message_id'),
    subject: text(row, 'subject'),
    receivedAt: fromClickhouseDateTime64(text(row, 'received_at')),
    providerTime: fromClickhouseDateTime64(text(row, 'provider_time')),
    status,
    headers: text(row, 'headers'),
    body: text(row, 'body'),
    envelopeId: typeof envelopeId === 'string' && envelopeId !== '' ? envelopeId : null,
  };
}

/** The next page of at most `limit` rows after `after` (null: from the start). */
export async function readRawEvents(reader: RawEventReader, request: ReplayRequest, after: RawEventCursor | null, limit: number): Promise<RawEvent[]> {
  const { where, params } = filters(request, after);
  const query = `
    SELECT raw_id, source, type, provider_message_id, subject, received_at, provider_time, status, headers, body, envelope_id
    FROM vf.raw_events FINAL
    WHERE ${where}
    ORDER BY provider_time, raw_id
    LIMIT {limit:UInt32}`;
  const rows = await reader.select(query, { ...params, limit } satisfies RawQueryParams);
  return rows.map(rawEventOf);
}
