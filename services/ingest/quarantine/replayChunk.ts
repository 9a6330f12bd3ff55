/**
 * Replays a few quarantined deliveries in one PostgreSQL transaction: what now passes is released
 * exactly as if it had been accepted on arrival (inbox row accepted with a new envelope id, the
 * outbox envelope, delivery rows, dm upkeep and fan-out jobs through the accept path's own
 * writer); what still fails keeps its quarantine with today's reason and errors.
 *
 * Idempotency: the quarantine and inbox rows are locked (FOR UPDATE) and `released_at` is checked
 * under the lock, so two replays running at once release an entry once; the second one sees
 * `already_released`.
 */
import { sql, type DatabaseTransactionConnection } from 'slonik';
import { v7 as uuidv7 } from 'uuid';
import type { QuarantineReplayOutcome } from '../../../generated/openapi/ingest.schemas.ts';
import type { ValidDelivery } from '../accept/delivery.ts';
import { queueRawSink, writeAcceptedEntries, type AcceptedEntry } from '../accept/outboxWriter.ts';
import { isQuarantineReason, type QuarantineReasonCode } from './domain/quarantineEntry.ts';
import { reclassify, storedHeaders } from './domain/reclassify.ts';

/** Which entries a replay considers besides their ids. */
export interface ReplayFilter {
  readonly reason?: QuarantineReasonCode;
  readonly provider?: 'kick' | 'sumsub';
}

/** What one chunk needs. */
export interface ReplayChunkContext {
  readonly targets: readonly string[];
  readonly now: Date;
}

interface LockedEntry {
  readonly quarantineId: string;
  readonly inboxId: string;
  readonly rawEventId: string;
  readonly source: string;
  readonly reason: string;
  readonly released: boolean;
  readonly rawBody: Buffer | null;
  readonly headers: unknown;
  readonly receivedAtMs: number;
}

async function lockEntries(tx: DatabaseTransactionConnection, rawIds: readonly string[]): Promise<Map<string, LockedEntry>> {
  const rows = await tx.any(sql.unsafe`
    SELECT q.id::text AS quarantine_id, i.id::text AS inbox_id, i.raw_event_id::text AS raw_event_id, i.source, q.reason,
           q.released_at IS NOT NULL AS released, i.raw_body, i.raw_headers,
           floor(extract(epoch FROM i.received_at) * 1000)::float8 AS received_ms
    FROM ingest.quarantine q JOIN ingest.inbox i ON i.id = q.inbox_id
    WHERE i.raw_event_id = ANY(${sql.array(rawIds, 'uuid')})
    ORDER BY q.id
    -- The raw sink also locks inbox rows (and clears the bytes once in ClickHouse): read them under the lock.
    FOR UPDATE OF q, i`);
  const locked = new Map<string, LockedEntry>();
  for (const row of rows as readonly Readonly<Record<string, unknown>>[]) {
    const rawBody = row.raw_body;
    locked.set(String(row.raw_event_id), {
      quarantineId: String(row.quarantine_id),
      inboxId: String(row.inbox_id),
      rawEventId: String(row.raw_event_id),
      source: String(row.source),
      reason: String(row.reason),
      released: row.released === true,
      rawBody: Buffer.isBuffer(rawBody) ? rawBody : null,
      headers: row.raw_headers,
      receivedAtMs: Number(row.received_ms),
    });
  }
  return locked;
}

function matches(entry: LockedEntry, filter: ReplayFilter): boolean {
  return (filter.reason === undefined || entry.reason === filter.reason) && (filter.provider === undefined || entry.source === filter.provider);
}

async function release(tx: DatabaseTransactionConnection, entries: readonly AcceptedEntry[], context: ReplayChunkContext): Promise<void> {
  const rows = entries.map((e) => [e.inboxId, e.envelopeId, e.delivery.providerType, e.delivery.providerVersion]);
  await tx.query(sql.unsafe`
    WITH r AS (
      SELECT * FROM ${sql.unnest(rows, ['int8', 'uuid', 'text', 'text'])} AS r(inbox_id, envelope_id, event_type, event_version)
    ), inbox AS (
      -- sunk_at NULL: the raw sink writes the row again, now accepted with its envelope id
      -- (same raw id, so vf.raw_events replaces the quarantined row rather than adding one).
      UPDATE ingest.inbox i SET status = 'accepted', envelope_id = r.envelope_id, event_type = r.event_type, event_version = r.event_version,
        sunk_at = NULL
      FROM r WHERE i.id = r.inbox_id
    ), keys AS (
      -- A later duplicate finds the envelope id here once retention has deleted the inbox row.
      UPDATE ingest.dedupe_key d SET envelope_id = r.envelope_id FROM r WHERE d.inbox_id = r.inbox_id AND d.envelope_id IS NULL
    )
    UPDATE ingest.quarantine q SET released_at = ${sql.timestamp(context.now)} FROM r WHERE q.inbox_id = r.inbox_id`);
  await writeAcceptedEntries(tx, entries, context.targets);
  await queueRawSink(tx);
}

async function keepQuarantined(tx: DatabaseTransactionConnection, updates: readonly (readonly [string, string, string])[]): Promise<void> {
  await tx.query(sql.unsafe`
    UPDATE ingest.quarantine q SET reason = u.reason, validation_errors = u.errors
    FROM ${sql.unnest(updates, ['int8', 'text', 'jsonb'])} AS u(quarantine_id, reason, errors)
    WHERE q.id = u.quarantine_id`);
}

/**
 * Replays the entries of `rawIds` (at most a few hundred) in the caller's transaction and returns
 * an outcome per id, in the order given. Ids whose entry does not match `filter` are left out.
 */
export async function replayChunk(tx: DatabaseTransactionConnection, rawIds: readonly string[], filter: ReplayFilter, context: ReplayChunkContext): Promise<QuarantineReplayOutcome[]> {
  const locked = await lockEntries(tx, rawIds);
  const outcomes = new Map<string, QuarantineReplayOutcome>();
  const released: AcceptedEntry[] = [];
  const stillQuarantined: (readonly [string, string, string])[] = [];
  for (const entry of [...locked.values()]) {
    if (!matches(entry, filter)) continue;
    const id = entry.rawEventId;
    const reason = isQuarantineReason(entry.reason) ? entry.reason : undefined;
    if (entry.released) {
      outcomes.set(id, { id, outcome: 'already_released' });
    } else if (entry.rawBody === null || (entry.source !== 'kick' && entry.source !== 'sumsub')) {
      // The raw sink keeps a quarantined row's bytes, so this is a row from before that rule (or
      // not a provider delivery): nothing to re-run from PostgreSQL, the entry stays as it is.
      outcomes.set(id, { id, outcome: 'still_quarantined', ...(reason === undefined ? {} : { reason }) });
    } else {
      const delivery = reclassify({ source: entry.source, rawBody: entry.rawBody, headers: storedHeaders(entry.headers), receivedAt: new Date(entry.receivedAtMs) });
      if (delivery.kind === 'valid') {
        const envelopeId = uuidv7();
        released.push({ inboxId: entry.inboxId, rawEventId: id, envelopeId, delivery: delivery satisfies ValidDelivery });
        outcomes.set(id, { id, outcome: 'released', envelopeId });
      } else {
        stillQuarantined.push([entry.quarantineId, delivery.reason, JSON.stringify(delivery.errors)]);
        outcomes.set(id, { id, outcome: 'still_quarantined', reason: delivery.reason });
      }
    }
  }
  if (released.length > 0) await release(tx, released, context);
  if (stillQuarantined.length > 0) await keepQuarantined(tx, stillQuarantined);
  return rawIds.flatMap((id) => {
    const outcome = outcomes.get(id);
    if (outcome !== undefined) return [outcome];
    return locked.has(id) ? [] : [{ id, outcome: 'not_found' as const }];
  });
}
