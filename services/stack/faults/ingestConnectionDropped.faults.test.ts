/**
 * Fault: PostgreSQL connections dropped mid-transaction on the ingest side (issue 7, DESIGN §5).
 * The real ingest role reaches vf-pg-dm only through a TCP proxy. Under concurrent webhook load
 * the proxy destroys every live connection several times, some of those times at a moment chosen
 * so that an accept batch's transaction is open with its writes done (seen in pg_stat_activity
 * while the proxy holds every byte back, so its COMMIT cannot slip through).
 *
 * Every webhook is answered 200 (and all of it is stored: inbox, outbox, one delivery per target)
 * or 503 with Retry-After (and nothing of it is stored, unless the connection broke after the
 * commit reached PostgreSQL, in which case all of it is). No event is ever partial. Sent again as
 * the provider would, the 503'd ones are all stored exactly once; the role stays up, /readyz
 * recovers and its worker still drains the inbox.
 */
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateLocalSecrets, type LocalSecrets } from '../../shared/runtime/localSecrets.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import type { RunningIngest } from '../ingest/startIngestRole.ts';
import { signedKickChat, tempDataDir, waitUntil } from '../local/test/localStackTestKit.ts';
import { openProxyClickhouse } from './kit/proxyClickhouse.ts';
import { startProxiedIngestRole, type FaultTarget } from './kit/proxyIngestRole.ts';
import { sendLoad, sendOne, type SentWebhook } from './kit/proxyLoad.ts';
import { startTcpProxy, type TcpProxy } from './kit/tcpProxy.ts';

const dm = useTestDatabase('dm');
// Nothing listens there: deliveries stay pending, which is all this scenario needs of them.
const TARGETS: FaultTarget[] = [
  { name: 'drop-a', url: 'http://127.0.0.1:9/internal/events' },
  { name: 'drop-b', url: 'http://127.0.0.1:9/internal/events' },
];
const ROUNDS = 8;
const cleanups: (() => Promise<unknown>)[] = [];
let secrets: LocalSecrets;
let proxy: TcpProxy;
let ingest: RunningIngest;
let observer: pg.Client;
let sent: SentWebhook[] = [];
const chaos = { drops: 0, caughtOpen: 0, connectionsDropped: 0 };

beforeAll(async () => {
  const dataDir = await tempDataDir();
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  secrets = await loadOrCreateLocalSecrets(dataDir, TARGETS.map((t) => t.name));
  const clickhouse = await openProxyClickhouse(dataDir);
  cleanups.push(() => clickhouse.close());
  const target = new URL(dm.current.url);
  proxy = await startTcpProxy({ targetHost: target.hostname, targetPort: Number(target.port) });
  cleanups.push(() => proxy.close());
  observer = new pg.Client({ connectionString: dm.current.url, application_name: 'vf-faults-observer' });
  await observer.connect();
  cleanups.push(() => observer.end());
  ingest = await startProxiedIngestRole({ dmUrl: proxy.via(dm.current.url), dataDir, secrets, clickhouse, targets: TARGETS });
  cleanups.push(() => ingest.stop());
}, 120_000);

afterAll(async () => {
  const failures: unknown[] = [];
  for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => failures.push(e));
  if (failures.length > 0) throw failures[0];
});

/** Transactions of the role (not ours) holding writes of the accept path right now. */
async function openAcceptTransactions(): Promise<number> {
  const { rows } = await observer.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL
        AND state IN ('active', 'idle in transaction')
        AND query ~* '(insert into ingest\\.(inbox|outbox|outbox_delivery|dedupe_key)|add_jobs|streamer_channel)'`,
  );
  return rows[0]?.n ?? 0;
}

/** Waits (up to 3 s) for an open accept transaction, freezes the link, and drops it if still open. */
async function dropDuringOpenTransaction(): Promise<boolean> {
  const deadline = Date.now() + 3_000;
  while (Date.now() < deadline) {
    if ((await openAcceptTransactions()) > 0) {
      proxy.pause();
      // Bytes already on the wire land within this pause; after it the server sees nothing more.
      await sleep(100);
      const stillOpen = (await openAcceptTransactions()) > 0;
      chaos.connectionsDropped += proxy.dropAll();
      proxy.resume();
      return stillOpen;
    }
    await sleep(5);
  }
  chaos.connectionsDropped += proxy.dropAll();
  return false;
}

async function injectFaults(): Promise<void> {
  for (let round = 0; round < ROUNDS; round += 1) {
    await sleep(1_200);
    if (round % 2 === 0) {
      if (await dropDuringOpenTransaction()) chaos.caughtOpen += 1;
    } else if (round === 3) {
      // A stalled link rather than a broken one: everything waits, then goes on.
      proxy.pause();
      await sleep(1_500);
      proxy.resume();
    } else {
      chaos.connectionsDropped += proxy.dropAll();
    }
    chaos.drops += 1;
  }
}

interface StoredEvent {
  key: string;
  envelope: string | null;
  status: string;
  outbox: number;
  deliveries: number;
}

/** What vf-pg-dm holds of each Kick message id: the inbox row, its outbox rows and delivery rows. */
async function storedEvents(): Promise<Map<string, StoredEvent>> {
  const { rows } = await observer.query<StoredEvent>(
    `SELECT i.provider_message_id AS key, i.envelope_id::text AS envelope, i.status,
            (SELECT count(*)::int FROM ingest.outbox o WHERE o.envelope_id = i.envelope_id) AS outbox,
            (SELECT count(*)::int FROM ingest.outbox_delivery d JOIN ingest.outbox o ON o.position = d.outbox_position
              WHERE o.envelope_id = i.envelope_id) AS deliveries
       FROM ingest.inbox i WHERE i.source = 'kick'`,
  );
  return new Map(rows.map((row) => [row.key, row]));
}

function complete(stored: StoredEvent | undefined, envelope: string | null): boolean {
  return stored !== undefined && stored.status === 'accepted' && stored.outbox === 1 && stored.deliveries === TARGETS.length && (envelope === null || stored.envelope === envelope);
}

let ambiguous: Set<string>;

describe('PostgreSQL connections dropped under load (ingest side)', () => {
  it('answers every webhook 200 or 503 with Retry-After while connections are dropped', async () => {
    let faultsDone = false;
    const faults = injectFaults().finally(() => {
      faultsDone = true;
    });
    sent = await sendLoad({
      baseUrl: ingest.publicUrl,
      senders: 12,
      ratePerSecond: 150,
      make: (n) => {
        const key = `01KFAULTDROP${String(n).padStart(7, '0')}`;
        return { key, kind: 'kick', webhook: signedKickChat(secrets, key) };
      },
      done: () => faultsDone,
    });
    await faults;
    const unexpected = sent.filter((item) => !(item.status === 200 && item.answer === 'accepted') && !(item.status === 503 && item.retryAfter !== null));
    expect(unexpected.map((item) => ({ key: item.key, status: item.status, answer: item.answer, retryAfter: item.retryAfter }))).toEqual([]);
    // The faults really hit acknowledgements, and at least once inside an open accept transaction.
    expect(chaos.caughtOpen).toBeGreaterThan(0);
    expect(sent.filter((item) => item.status === 503).length).toBeGreaterThan(0);
    expect(chaos.connectionsDropped).toBeGreaterThan(ROUNDS);
  });

  it('stored every acknowledged event whole, and of every 503 either nothing or the whole event', async () => {
    const stored = await storedEvents();
    const partialOr200Missing = sent.filter((item) => item.status === 200 && !complete(stored.get(item.key), item.id));
    expect(partialOr200Missing.map((item) => ({ key: item.key, stored: stored.get(item.key) ?? null }))).toEqual([]);
    const refused = sent.filter((item) => item.status === 503);
    // A 503'd event is stored only when the connection broke after PostgreSQL committed it (the
    // answer to COMMIT was lost): then it is whole, and the provider's retry finds a duplicate.
    const halfStored = refused.filter((item) => stored.has(item.key) && !complete(stored.get(item.key), null));
    expect(halfStored.map((item) => stored.get(item.key))).toEqual([]);
    ambiguous = new Set(refused.filter((item) => stored.has(item.key)).map((item) => item.key));
    expect(ambiguous.size).toBeLessThan(refused.length);

    // Nothing anywhere in the database is partial: no accepted inbox row without its envelope, no
    // envelope without its inbox row or without a delivery per target.
    const { rows } = await observer.query<{ inbox_without_outbox: number; outbox_without_inbox: number; outbox_short_of_deliveries: number }>(
      `SELECT (SELECT count(*)::int FROM ingest.inbox i WHERE i.status = 'accepted' AND NOT EXISTS (SELECT 1 FROM ingest.outbox o WHERE o.envelope_id = i.envelope_id)) AS inbox_without_outbox,
              (SELECT count(*)::int FROM ingest.outbox o WHERE o.inbox_id IS NULL OR NOT EXISTS (SELECT 1 FROM ingest.inbox i WHERE i.id = o.inbox_id)) AS outbox_without_inbox,
              (SELECT count(*)::int FROM ingest.outbox o WHERE (SELECT count(DISTINCT d.target) FROM ingest.outbox_delivery d WHERE d.outbox_position = o.position) <> $1) AS outbox_short_of_deliveries`,
      [TARGETS.length],
    );
    expect(rows[0]).toEqual({ inbox_without_outbox: 0, outbox_without_inbox: 0, outbox_short_of_deliveries: 0 });
  });

  it('stays up: /readyz recovers once the link is whole again', async () => {
    await waitUntil('the ingest role is ready', async () => (await fetch(`${ingest.adminUrl}/readyz`)).status === 200, 30_000);
    expect((await fetch(`${ingest.publicUrl}/healthz`)).status).toBe(200);
  });

  it('accepts every 503\'d webhook sent again, exactly once', async () => {
    const refused = sent.filter((item) => item.status === 503);
    for (const item of refused) await sendOne(ingest.publicUrl, item);
    expect(refused.filter((item) => item.status !== 200).map((item) => ({ key: item.key, status: item.status, answer: item.answer }))).toEqual([]);
    // The retry of a webhook whose commit had gone through is a duplicate of it, all others are new.
    expect(new Set(refused.filter((item) => item.answer === 'duplicate').map((item) => item.key))).toEqual(ambiguous);
    expect(refused.filter((item) => item.answer !== 'duplicate' && item.answer !== 'accepted')).toEqual([]);

    const stored = await storedEvents();
    expect(stored.size).toBe(sent.length);
    expect(sent.filter((item) => !complete(stored.get(item.key), item.id)).map((item) => item.key)).toEqual([]);
  });

  it('keeps its worker: the raw sink drains the inbox through the same broken-and-mended link', async () => {
    // No job queue stays locked by a job whose outcome could not be recorded: graphile-worker
    // would hold it for its 4-hour lock expiry, and with it the raw sink or a target's fan-out.
    const staleQueueLocks = async (): Promise<number> =>
      Number((await observer.query<{ n: number }>(`SELECT count(*)::int AS n FROM graphile_worker._private_job_queues WHERE locked_at < now() - interval '10 seconds'`)).rows[0]?.n);
    await waitUntil('no job queue is left locked', async () => (await staleQueueLocks()) === 0, 30_000);
    const unsunk = async (): Promise<number> => Number((await observer.query<{ n: number }>(`SELECT count(*)::int AS n FROM ingest.inbox WHERE sunk_at IS NULL`)).rows[0]?.n);
    // Up to the safety net's pace: a sink job superseded while it ran (the accept path re-queued
    // it) and then failed leaves its rows to the per-minute cron line, and graphile's cron, after
    // the dropped connections, restarts itself with a back-off of up to 60 s.
    await waitUntil('every inbox row is in ClickHouse', async () => (await unsunk()) === 0, 150_000).catch(async (e: unknown) => {
      // Name what holds the sink back: a job or a queue still locked by this worker after a
      // dropped connection is never run again until graphile-worker's 4-hour lock expiry.
      const { rows } = await observer.query(
        `SELECT j.id, j.task_identifier, j.queue_name, j.locked_by IS NOT NULL AS locked, j.attempts, round(extract(epoch FROM j.run_at - now())) AS run_in_s, left(j.last_error, 120) AS last_error,
                q.locked_by IS NOT NULL AS queue_locked
           FROM graphile_worker.jobs j LEFT JOIN graphile_worker._private_job_queues q ON q.queue_name = j.queue_name ORDER BY j.id`,
      );
      throw new Error(`${e instanceof Error ? e.message : String(e)}; ${String(await unsunk())} rows unsunk; jobs: ${JSON.stringify(rows)}`);
    });
  }, 240_000);
});
