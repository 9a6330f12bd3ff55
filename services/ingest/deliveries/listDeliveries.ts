/**
 * `GET /admin/deliveries` and `vf deliveries list`: deliveries in status `dead` or `parked`,
 * oldest first (by delivery id), one keyset page at a time. A delivery is one (envelope, target)
 * row of `ingest.outbox_delivery`; the envelope's type and subject come from its outbox row.
 */
import { sql } from 'slonik';
import type { Delivery, DeliveryPage, RetryableDeliveryStatus } from '../../../generated/openapi/ingest.schemas.ts';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { pageLimit } from '../quarantine/domain/quarantineEntry.ts';
import { decodeDeliveryCursor, encodeDeliveryCursor } from './domain/deliveryCursor.ts';
import { assertKnownTarget } from './knownTarget.ts';

/** What `listDeliveries` and `retryDeliveries` need. */
export interface DeliveriesDeps {
  readonly pool: DmPool;
  /** The configured fan-out target names: a `target` outside them is `INGEST_TARGET_UNKNOWN`. */
  readonly targets: readonly string[];
}

/** Which deliveries to list: the contract's query parameters. */
export interface DeliveryQuery {
  readonly status: RetryableDeliveryStatus;
  readonly target?: string;
  /** 1..500, default 50. */
  readonly limit?: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
}

type Row = Readonly<Record<string, unknown>>;

function isoTime(value: unknown): string {
  // slonik's default parser gives timestamptz as epoch milliseconds; text is accepted as well.
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new Error(`ingest.outbox_delivery listing: unreadable time ${String(value)}`);
  return new Date(ms).toISOString();
}

function deliveryOf(row: Row, status: RetryableDeliveryStatus): Delivery {
  return {
    id: String(row.id),
    envelopeId: String(row.envelope_id),
    target: String(row.target),
    status,
    eventType: String(row.type),
    subject: String(row.subject),
    attempts: Number(row.attempts),
    lastError: typeof row.last_error === 'string' ? row.last_error : null,
    lastAttemptAt: row.last_attempt_at === null ? null : isoTime(row.last_attempt_at),
    createdAt: isoTime(row.created_at),
  };
}

/**
 * One page of dead or parked deliveries. Throws `INGEST_QUERY_INVALID` for a cursor or limit we
 * did not issue, `INGEST_TARGET_UNKNOWN` for a target that is not configured.
 */
export async function listDeliveries(deps: DeliveriesDeps, query: DeliveryQuery): Promise<DeliveryPage> {
  const limit = pageLimit(query.limit);
  const after = query.cursor === undefined ? null : decodeDeliveryCursor(query.cursor);
  if (query.target !== undefined) assertKnownTarget(query.target, deps.targets);
  const conditions = [sql.fragment`d.status = ${query.status}`];
  if (query.target !== undefined) conditions.push(sql.fragment`d.target = ${query.target}`);
  if (after !== null) conditions.push(sql.fragment`d.id > ${after}::int8`);
  let rows: readonly Row[];
  try {
    rows = (await deps.pool.any(sql.unsafe`
      SELECT d.id::text AS id, o.envelope_id::text AS envelope_id, d.target, o.type, o.subject, d.attempts, d.last_error, d.created_at,
             -- The batch holds the attempt times; a delivery never sent (attempts 0) has none.
             CASE WHEN d.attempts > 0 THEN coalesce(b.last_attempt_at, d.updated_at) END AS last_attempt_at
      FROM ingest.outbox_delivery d
      JOIN ingest.outbox o ON o.position = d.outbox_position
      LEFT JOIN ingest.delivery_batch b ON b.id = d.batch_id
      WHERE ${sql.join(conditions, sql.fragment` AND `)}
      ORDER BY d.id
      LIMIT ${limit + 1}`)) as readonly Row[];
  } catch (e: unknown) {
    throw mapPgError(e);
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => deliveryOf(row, query.status)),
    nextCursor: rows.length > limit && last !== undefined ? encodeDeliveryCursor(String(last.id)) : null,
  };
}
