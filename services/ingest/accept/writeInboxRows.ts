/**
 * Writes the new deliveries of a batch: inbox rows (raw bytes and headers), their dedupe keys and
 * the quarantine rows, in one statement. The unique keys are the arbiters between concurrent
 * batches (and processes): a row another transaction claimed first is not written here, the
 * counts come back short and the caller retries the batch, which then finds the winner's row.
 */
import { sql, type DatabaseTransactionConnection } from 'slonik';
import { AppError } from '../../shared/errors.ts';
import type { Delivery } from './delivery.ts';
import { rowNumber, rowText } from './rowText.ts';

/** A delivery to store, with the ids chosen for it. */
export interface NewInboxRow {
  readonly delivery: Delivery;
  readonly rawEventId: string;
  readonly envelopeId: string | null;
}

/** A concurrent transaction stored one of the batch's deliveries first: retry the batch. */
export class DedupeRaceLostError extends AppError {
  constructor(details: Readonly<Record<string, unknown>>) {
    super('INGEST_DEDUPE_RACE_LOST', 'a concurrent transaction claimed a dedupe key of this batch first', { details });
  }
}

/**
 * Inserts `rows` and returns the inbox id (bigint as text) of each raw event id. Dedupe keys that
 * expired by `now` are taken over; live ones held by another delivery make the batch lose.
 */
export async function writeInboxRows(
  tx: DatabaseTransactionConnection,
  rows: readonly NewInboxRow[],
  now: Date,
): Promise<Map<string, string>> {
  const inbox = rows.map(({ delivery: d, rawEventId, envelopeId }) => [
    d.source,
    d.kind === 'valid' ? 'accepted' : 'quarantined',
    d.providerMessageId,
    d.providerType,
    d.providerVersion,
    d.bodySha256,
    d.rawBody,
    JSON.stringify(d.headers),
    rawEventId,
    envelopeId,
    d.receivedAt.toISOString(),
  ]);
  const keys = rows
    .flatMap(({ delivery, rawEventId, envelopeId }) =>
      uniqueLiveKeys(delivery, now).map((k) => [k.key, k.expiresAt.toISOString(), rawEventId, envelopeId] as const),
    )
    // One order for every batch, so concurrent batches wait on shared keys instead of deadlocking.
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const quarantined = rows.flatMap(({ delivery, rawEventId }) =>
    delivery.kind === 'quarantine' ? [[rawEventId, delivery.reason, JSON.stringify(delivery.errors)]] : [],
  );
  const result = await tx.query(sql.unsafe`
    WITH new_rows AS (
      SELECT * FROM ${sql.unnest(inbox, ['text', 'text', 'text', 'text', 'text', 'bytea', 'bytea', 'jsonb', 'uuid', 'uuid', 'timestamptz'])}
        WITH ORDINALITY AS r(source, status, provider_message_id, event_type, event_version, body_sha256, raw_body,
                             raw_headers, raw_event_id, envelope_id, received_at, ord)
    ), inbox AS (
      INSERT INTO ingest.inbox (source, status, provider_message_id, event_type, event_version, body_sha256, raw_body,
                                raw_headers, raw_event_id, envelope_id, received_at)
      SELECT source, status, provider_message_id, event_type, event_version, body_sha256, raw_body,
             raw_headers, raw_event_id, envelope_id, received_at
      FROM new_rows ORDER BY ord
      -- A (source, message id) committed meanwhile by another transaction: skipped, counted short.
      -- Only that key arbitrates: the other unique keys are fresh UUIDs, a clash there is a bug.
      ON CONFLICT (source, provider_message_id) DO NOTHING
      RETURNING id, raw_event_id
    ), keys AS (
      INSERT INTO ingest.dedupe_key AS d (key, expires_at, inbox_id, envelope_id)
      SELECT k.key, k.expires_at, inbox.id, k.envelope_id
      FROM ${sql.unnest(keys, ['text', 'timestamptz', 'uuid', 'uuid'])} AS k(key, expires_at, raw_event_id, envelope_id)
      JOIN inbox USING (raw_event_id)
      ORDER BY k.key
      ON CONFLICT (key) DO UPDATE
        SET expires_at = excluded.expires_at, inbox_id = excluded.inbox_id, envelope_id = excluded.envelope_id, created_at = now()
        WHERE d.expires_at <= ${sql.timestamp(now)}
      RETURNING d.key
    ), quarantined AS (
      INSERT INTO ingest.quarantine (inbox_id, reason, validation_errors)
      SELECT inbox.id, q.reason, q.validation_errors
      FROM ${sql.unnest(quarantined, ['uuid', 'text', 'jsonb'])} AS q(raw_event_id, reason, validation_errors)
      JOIN inbox USING (raw_event_id)
      RETURNING inbox_id
    )
    -- (Data-modifying CTEs run to completion whether or not the final SELECT reads them.)
    SELECT raw_event_id::text AS raw_event_id, id::text AS inbox_id, (SELECT count(*) FROM keys)::int AS keys
    FROM inbox`);
  const inboxIds = new Map<string, string>();
  for (const row of result.rows) {
    const rawEventId = rowText(row, 'raw_event_id');
    const inboxId = rowText(row, 'inbox_id');
    if (rawEventId !== null && inboxId !== null) inboxIds.set(rawEventId, inboxId);
  }
  const keysClaimed = rowNumber(result.rows[0], 'keys') ?? 0;
  if (inboxIds.size !== rows.length || keysClaimed !== keys.length) {
    throw new DedupeRaceLostError({ inboxRows: `${String(inboxIds.size)}/${String(rows.length)}`, keys: `${String(keysClaimed)}/${String(keys.length)}` });
  }
  return inboxIds;
}

function uniqueLiveKeys(delivery: Delivery, now: Date): Delivery['dedupeKeys'] {
  const seen = new Set<string>();
  return delivery.dedupeKeys.filter((k) => {
    if (k.expiresAt.getTime() <= now.getTime() || seen.has(k.key)) return false;
    seen.add(k.key);
    return true;
  });
}
