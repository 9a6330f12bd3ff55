/**
 * Looks up the stored originals a batch may repeat: inbox rows by (source, provider message id)
 * and unexpired dedupe keys, in one statement.
 */
import { sql, type DatabaseTransactionConnection } from 'slonik';
import type { Delivery, QuarantineReason } from './delivery.ts';
import { messageIdentity, type Original } from './planBatch.ts';
import { rowText } from './rowText.ts';

/**
 * The raw event id answered when a dedupe key outlived its inbox row (retention deletes sunk inbox
 * rows after 30 days, Sumsub keys live 90): the key still dedupes, but only the envelope id is kept.
 */
export const UNKNOWN_RAW_EVENT_ID = '00000000-0000-0000-0000-000000000000';

const quarantineReasons: readonly QuarantineReason[] = [
  'INGEST_BODY_NOT_JSON',
  'INGEST_EVENT_TYPE_UNKNOWN',
  'INGEST_PAYLOAD_INVALID',
  'INGEST_TIMESTAMP_OUTSIDE_WINDOW',
];

function isQuarantineReason(text: string): text is QuarantineReason {
  return (quarantineReasons as readonly string[]).includes(text);
}

/** Returns the stored original of every identity (see planBatch) that has one, as of `now`. */
export async function findOriginals(
  tx: DatabaseTransactionConnection,
  deliveries: readonly Delivery[],
  now: Date,
): Promise<Map<string, Original>> {
  const messages = new Map<string, readonly [string, string]>();
  const keys = new Set<string>();
  for (const d of deliveries) {
    if (d.providerMessageId !== null) messages.set(messageIdentity(d.source, d.providerMessageId), [d.source, d.providerMessageId]);
    for (const k of d.dedupeKeys) if (k.expiresAt.getTime() > now.getTime()) keys.add(k.key);
  }
  const found = new Map<string, Original>();
  if (messages.size === 0 && keys.size === 0) return found;
  // The inbox row wins over the key's own envelope id: a released quarantine updates the inbox.
  const result = await tx.query(sql.unsafe`
    SELECT 'msg:' || i.source || ':' || i.provider_message_id AS identity,
           i.status, i.raw_event_id::text AS raw_event_id, i.envelope_id::text AS envelope_id, q.reason
    FROM ${sql.unnest([...messages.values()], ['text', 'text'])} AS m(source, provider_message_id)
    JOIN ingest.inbox i ON i.source = m.source AND i.provider_message_id = m.provider_message_id
    LEFT JOIN ingest.quarantine q ON q.inbox_id = i.id
    UNION ALL
    SELECT 'key:' || d.key, i.status, i.raw_event_id::text, coalesce(i.envelope_id, d.envelope_id)::text, q.reason
    FROM ingest.dedupe_key d
    LEFT JOIN ingest.inbox i ON i.id = d.inbox_id
    LEFT JOIN ingest.quarantine q ON q.inbox_id = i.id
    WHERE d.key = ANY(${sql.array([...keys], 'text')}) AND d.expires_at > ${sql.timestamp(now)}`);
  for (const row of result.rows) {
    const identity = rowText(row, 'identity');
    if (identity === null) continue;
    const envelopeId = rowText(row, 'envelope_id');
    const stored = rowText(row, 'status');
    // No inbox row any more (retention): the key's envelope id says what the original became.
    const status = stored === 'accepted' || stored === 'quarantined' ? stored : envelopeId === null ? 'quarantined' : 'accepted';
    const reason = rowText(row, 'reason');
    found.set(identity, {
      status,
      rawEventId: rowText(row, 'raw_event_id') ?? UNKNOWN_RAW_EVENT_ID,
      envelopeId,
      quarantineReason: status === 'quarantined' && reason !== null && isQuarantineReason(reason) ? reason : null,
    });
  }
  return found;
}
