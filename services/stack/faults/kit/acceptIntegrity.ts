/**
 * What an atomic accept leaves in vf-pg-dm (DESIGN §5: inbox row, outbox envelope and delivery
 * rows in one PostgreSQL transaction), checked after faults: every accepted inbox row has exactly
 * one outbox row carrying its envelope id, every outbox row has its inbox row, and every outbox row
 * has exactly one delivery per configured target and nothing for any other. Each list names the
 * offending rows (empty when all is well), so a failure says what was half-written.
 */
import { queryRows } from './readModelChecksums.ts';

/** The half-written rows found (each list empty when the accepts were atomic). */
export interface AcceptIntegrity {
  /** Accepted inbox rows without exactly one outbox row of the same envelope id. */
  readonly inboxWithoutOutbox: readonly Record<string, unknown>[];
  /** Outbox rows whose inbox row is missing or names another envelope. */
  readonly outboxWithoutInbox: readonly Record<string, unknown>[];
  /** Outbox rows whose delivery rows are not exactly one per target. */
  readonly deliveriesNotOnePerTarget: readonly Record<string, unknown>[];
  /** Inbox rows by status (a fault test sends only valid deliveries: all `accepted`). */
  readonly inboxByStatus: Readonly<Record<string, number>>;
}

/** Checks the dm database at `dmUrl` (superuser URL) for targets `targets`. */
export async function acceptIntegrity(dmUrl: string, targets: readonly string[]): Promise<AcceptIntegrity> {
  const inboxWithoutOutbox = await queryRows(
    dmUrl,
    `SELECT i.id, i.envelope_id, count(o.position)::int AS outbox_rows
       FROM ingest.inbox i LEFT JOIN ingest.outbox o ON o.inbox_id = i.id AND o.envelope_id = i.envelope_id
      WHERE i.status = 'accepted'
      GROUP BY i.id, i.envelope_id HAVING count(o.position) <> 1
      LIMIT 20`,
  );
  const outboxWithoutInbox = await queryRows(
    dmUrl,
    `SELECT o.position, o.envelope_id, o.inbox_id
       FROM ingest.outbox o LEFT JOIN ingest.inbox i ON i.id = o.inbox_id
      WHERE i.id IS NULL OR i.envelope_id IS DISTINCT FROM o.envelope_id OR i.status <> 'accepted'
      LIMIT 20`,
  );
  const deliveriesNotOnePerTarget = await queryRows(
    dmUrl,
    `SELECT o.position, o.envelope_id, array_agg(d.target ORDER BY d.target) FILTER (WHERE d.target IS NOT NULL) AS targets
       FROM ingest.outbox o LEFT JOIN ingest.outbox_delivery d ON d.outbox_position = o.position
      GROUP BY o.position, o.envelope_id
     HAVING coalesce(array_agg(d.target ORDER BY d.target) FILTER (WHERE d.target IS NOT NULL), '{}') <> $1::text[]
      LIMIT 20`,
    [[...targets].sort()],
  );
  const statuses = await queryRows<{ status: string; n: number }>(dmUrl, 'SELECT status, count(*)::int AS n FROM ingest.inbox GROUP BY status');
  return {
    inboxWithoutOutbox,
    outboxWithoutInbox,
    deliveriesNotOnePerTarget,
    inboxByStatus: Object.fromEntries(statuses.map((row) => [row.status, row.n])),
  };
}
