/**
 * One seeded state of the ingest tables for the status, route, CLI and metrics tests, written with
 * SQL (superuser) relative to a fixed `now`, with the counts it must give:
 *
 * - inbox: four accepted deliveries an hour ago (three sunk), one quarantined an hour ago (not
 *   sunk), one accepted 40 days ago (outside a 30-day window, sunk) and one quarantined 40 days
 *   ago (sunk, never released: still in quarantine);
 * - ClickHouse (when given): the first three accepted raw events (the first twice, as a retried
 *   sink batch writes it) and the 40-day-old one;
 * - deliveries to `qa`: two done, two pending (10 and 2 minutes old), one parked (a replay, 5
 *   minutes ago), one dead 40 days ago; to `qb`: one dead an hour ago and one pending for 40 days;
 *   to `zz` (not configured): one pending;
 * - dead letters: one delivery, two jobs (one of them replayed).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { insertRawEvents } from '../../../shared/clickhouse/test/clickhouseTestKit.ts';
import { withPgClient } from '../../../shared/testkit/pgClient.ts';
import { seedInbox, type SeedDelivery } from '../../rawSink/test/seedInbox.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The configured targets of the scenario, in configuration order (not alphabetical, on purpose). */
export const scenarioTargets = ['qb', 'qa'] as const;

/** What the seeded rows were, and the instant they are relative to. */
export interface StatusScenario {
  readonly now: Date;
  readonly rawEventIds: readonly string[];
}

function accepted(receivedAt: Date, n: number): SeedDelivery {
  return {
    source: 'kick',
    body: `{"n":${String(n)}}`,
    headers: { 'kick-event-message-id': `status-${String(n)}` },
    providerMessageId: `status-${String(n)}`,
    eventType: 'chat.message.sent',
    eventVersion: '1',
    receivedAt,
    accepted: { type: 'kick.chat.message.sent.v1', subject: 'kick/broadcaster/1', time: receivedAt },
  };
}

function quarantined(receivedAt: Date, n: number): SeedDelivery {
  return { source: 'kick', body: 'not json', headers: {}, providerMessageId: `status-q${String(n)}`, receivedAt, quarantined: { reason: 'INGEST_BODY_NOT_JSON' } };
}

/** Seeds the scenario into the database at `url` (and `clickhouse`, when given). */
export async function seedStatusScenario(url: string, clickhouse?: ClickHouseClient): Promise<StatusScenario> {
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const hourAgo = new Date(now.getTime() - 60 * MINUTE);
  const longAgo = new Date(now.getTime() - 40 * DAY);
  const rows = await seedInbox(url, [accepted(hourAgo, 1), accepted(hourAgo, 2), accepted(hourAgo, 3), accepted(hourAgo, 4), quarantined(hourAgo, 5), accepted(longAgo, 6), quarantined(longAgo, 7)]);
  const [a1, a2, a3, a4, , old, oldQuarantined] = rows;
  if (a1 === undefined || a2 === undefined || a3 === undefined || a4 === undefined || old === undefined || oldQuarantined === undefined) throw new Error('scenario: seeding failed');
  const at = (offsetMs: number): string => new Date(now.getTime() - offsetMs).toISOString();
  await withPgClient(url, async (c) => {
    await c.query(`UPDATE ingest.inbox SET sunk_at = received_at, raw_body = NULL, raw_headers = NULL WHERE id = ANY($1::int8[])`, [[a1.inboxId, a2.inboxId, a3.inboxId, old.inboxId, oldQuarantined.inboxId]]);
    // An outbox row is written in its inbox row's transaction: same time.
    await c.query('UPDATE ingest.outbox o SET created_at = i.received_at FROM ingest.inbox i WHERE o.inbox_id = i.id');
    const delivery = (row: { inboxId: string }, target: string, status: string, createdAt: string): Promise<unknown> =>
      c.query(`INSERT INTO ingest.outbox_delivery (outbox_position, target, status, created_at) SELECT position, $2, $3, $4 FROM ingest.outbox WHERE inbox_id = $1`, [row.inboxId, target, status, createdAt]);
    await delivery(a1, 'qa', 'done', at(60 * MINUTE));
    await delivery(a2, 'qa', 'done', at(60 * MINUTE));
    await delivery(a3, 'qa', 'pending', at(10 * MINUTE));
    await delivery(a4, 'qa', 'pending', at(2 * MINUTE));
    await delivery(a1, 'qa', 'parked', at(5 * MINUTE));
    await delivery(old, 'qa', 'dead', at(40 * DAY));
    await delivery(a1, 'qb', 'dead', at(60 * MINUTE));
    await delivery(old, 'qb', 'pending', at(40 * DAY));
    await delivery(a2, 'zz', 'pending', at(60 * MINUTE));
    await c.query(`INSERT INTO ingest.dead_letter (kind, target, reason) VALUES ('delivery', 'qb', 'rejected')`);
    await c.query(`INSERT INTO ingest.dead_letter (kind, task_identifier, reason) VALUES ('job', 'raw_sink', 'invalid payload')`);
    await c.query(`INSERT INTO ingest.dead_letter (kind, task_identifier, reason, replayed_at) VALUES ('job', 'raw_sink', 'invalid payload', now())`);
  });
  if (clickhouse !== undefined) {
    const raw = (row: { rawEventId: string }, receivedAt: Date) => ({ raw_id: row.rawEventId, received_at: receivedAt, provider_time: receivedAt });
    await insertRawEvents(clickhouse, [raw(a1, hourAgo), raw(a2, hourAgo), raw(a3, hourAgo), raw(old, longAgo)]);
    await insertRawEvents(clickhouse, [raw(a1, hourAgo)]);
  }
  return { now, rawEventIds: rows.map((r) => r.rawEventId) };
}
