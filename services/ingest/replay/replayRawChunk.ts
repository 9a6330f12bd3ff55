/**
 * One page of a replay from raw events, in one PostgreSQL transaction: each event that passes
 * today's contracts gets its outbox row back if retention purged it (same envelope id, so
 * receivers dedupe), then a new pending delivery to the target unless one is pending already.
 *
 * Re-created rows are envelopes only: the dm upkeep and raw sink of their first acceptance are
 * not repeated (dm already has them; ClickHouse is where they were read from).
 */
import { sql, type DatabaseTransactionConnection } from 'slonik';
import type { ValidDelivery } from '../accept/delivery.ts';
import { buildEnvelope } from '../accept/buildEnvelope.ts';
import { queueFanoutJobs } from '../deliveries/queueFanoutJobs.ts';
import type { RawEvent } from './domain/rawEvent.ts';
import { derivedEnvelopeId } from './domain/recreatedEnvelopeId.ts';

/** An event of the page that passed, with today's delivery. */
export interface PassingEvent {
  readonly raw: RawEvent;
  readonly delivery: ValidDelivery;
}

/** What the page did. */
export interface RawChunkResult {
  readonly queued: number;
  readonly skippedAlreadyPending: number;
  readonly recreated: number;
  readonly inQuarantine: number;
}

interface InboxRow {
  readonly inboxId: string;
  readonly status: string;
  readonly envelopeId: string | null;
}

type Row = Readonly<Record<string, unknown>>;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function inboxRows(tx: DatabaseTransactionConnection, rawIds: readonly string[]): Promise<Map<string, InboxRow>> {
  const ids = rawIds.filter((id) => uuidPattern.test(id));
  const rows = ids.length === 0 ? [] : ((await tx.any(sql.unsafe`
    SELECT raw_event_id::text AS raw_event_id, id::text AS inbox_id, status, envelope_id::text AS envelope_id
    FROM ingest.inbox WHERE raw_event_id = ANY(${sql.array(ids, 'uuid')})`)) as readonly Row[]);
  return new Map(rows.map((r) => [String(r.raw_event_id), { inboxId: String(r.inbox_id), status: String(r.status), envelopeId: typeof r.envelope_id === 'string' ? r.envelope_id : null }]));
}

/** Replays one page of passing events to `target`. */
export async function replayRawChunk(tx: DatabaseTransactionConnection, events: readonly PassingEvent[], target: string, dryRun: boolean): Promise<RawChunkResult> {
  const inbox = await inboxRows(tx, events.map((e) => e.raw.rawId));
  let inQuarantine = 0;
  const wanted = new Map<string, PassingEvent & { readonly inboxId: string | null }>();
  for (const event of events) {
    const row = inbox.get(event.raw.rawId);
    // Still in quarantine: releasing is `vf quarantine replay`'s job (it sends to every target, once).
    if (event.raw.envelopeId === null && row?.status === 'quarantined') {
      inQuarantine += 1;
      continue;
    }
    const envelopeId = event.raw.envelopeId ?? row?.envelopeId ?? derivedEnvelopeId(event.raw.rawId, event.raw.receivedAt);
    wanted.set(envelopeId, { ...event, inboxId: row?.inboxId ?? null });
  }
  if (wanted.size === 0) return { queued: 0, skippedAlreadyPending: 0, recreated: 0, inQuarantine };
  const ids = [...wanted.keys()];
  const present = new Set(
    (await tx.anyFirst(sql.unsafe`SELECT envelope_id::text FROM ingest.outbox WHERE envelope_id = ANY(${sql.array(ids, 'uuid')})`)).map(String),
  );
  const missing = ids.filter((id) => !present.has(id));
  if (dryRun) {
    const pending = Number(await tx.oneFirst(sql.unsafe`
      SELECT count(*)::int FROM ingest.outbox o
      WHERE o.envelope_id = ANY(${sql.array(ids, 'uuid')})
        AND EXISTS (SELECT 1 FROM ingest.outbox_delivery d WHERE d.outbox_position = o.position AND d.target = ${target} AND d.status = 'pending')`));
    return { queued: ids.length - pending, skippedAlreadyPending: pending, recreated: missing.length, inQuarantine };
  }
  let recreated = 0;
  if (missing.length > 0) {
    const rows = missing.map((envelopeId) => {
      const event = wanted.get(envelopeId);
      if (event === undefined) throw new Error('replayRawChunk: lost an envelope id');
      const envelope = buildEnvelope(event.delivery, { envelopeId, rawEventId: event.raw.rawId });
      return [envelopeId, envelope.type, envelope.subject, envelope.time, JSON.stringify(envelope), event.inboxId];
    });
    // Events in their time order, so re-created positions follow it as the accept path's do.
    rows.sort((a, b) => String(a[3]).localeCompare(String(b[3])));
    recreated = (await tx.anyFirst(sql.unsafe`
      INSERT INTO ingest.outbox (envelope_id, type, subject, time, envelope, inbox_id)
      SELECT envelope_id, type, subject, time, envelope, inbox_id
      FROM ${sql.unnest(rows, ['uuid', 'text', 'text', 'timestamptz', 'jsonb', 'int8'])} WITH ORDINALITY AS e(envelope_id, type, subject, time, envelope, inbox_id, ord)
      ORDER BY ord
      ON CONFLICT (envelope_id) DO NOTHING
      RETURNING 1`)).length;
  }
  const queued = (await tx.anyFirst(sql.unsafe`
    INSERT INTO ingest.outbox_delivery (outbox_position, target)
    SELECT position, ${target} FROM ingest.outbox WHERE envelope_id = ANY(${sql.array(ids, 'uuid')}) ORDER BY position
    ON CONFLICT (outbox_position, target) WHERE status = 'pending' DO NOTHING
    RETURNING 1`)).length;
  if (queued > 0) await queueFanoutJobs(tx, [target]);
  return { queued, skippedAlreadyPending: ids.length - queued, recreated, inQuarantine };
}
