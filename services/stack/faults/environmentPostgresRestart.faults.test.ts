/**
 * Fault: an environment's PostgreSQL stopped and restarted under load (issue 7, DESIGN §6, §7).
 * The real ingest role (acceptor, worker, fan-out) delivers to two real environment roles: one on
 * a PostgreSQL server of its own that the test stops for about ten seconds while webhooks keep
 * coming and then starts again on the same port, the other on the test run's server. The stop
 * lands while one of the environment's apply transactions is open: the role reaches its server
 * through a TCP proxy that the test freezes at that moment, so the COMMIT cannot slip through. The
 * environment role stays up and answers 503 (its batches fail), the fan-out backs off and
 * retries; after the restart everything drains: every acknowledged event is applied exactly once
 * in each environment (its envelope id once in processed_events, the projections' rows exactly
 * what was sent), nothing is lost, nothing is dead-lettered or parked.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvApi, type RunningEnvApi } from '../../env-api/startEnvApi.ts';
import { withRole } from '../../ingest/accept/test/acceptTestKit.ts';
import { loadConfig } from '../../shared/config/loadConfig.ts';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import { pickFreePort } from '../../shared/pg/embedded/freePort.ts';
import { loadOrCreateLocalSecrets, type LocalSecrets } from '../../shared/runtime/localSecrets.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import type { RunningIngest } from '../ingest/startIngestRole.ts';
import { signedKickChat, signedSumsub, tempDataDir, waitUntil } from '../local/test/localStackTestKit.ts';
import { startEnvPostgres, type EnvPostgres } from './kit/envPostgres.ts';
import { startTcpProxy, type TcpProxy } from './kit/tcpProxy.ts';
import { openProxyClickhouse } from './kit/proxyClickhouse.ts';
import { readMetric, startProxiedIngestRole } from './kit/proxyIngestRole.ts';
import { sendLoad, type LoadItem, type SentWebhook } from './kit/proxyLoad.ts';

const dm = useTestDatabase('dm');
const other = useTestDatabase('env');
const RESTARTED = 'restart-a';
const STEADY = 'restart-b';
const OUTAGE_MS = 10_000;
const cleanups: (() => Promise<unknown>)[] = [];
let secrets: LocalSecrets;
let envPg: EnvPostgres;
let restarted: RunningEnvApi;
let proxy: TcpProxy;
let stoppedMidTransaction = false;
let ingest: RunningIngest;
let sent: SentWebhook[] = [];
const outage = { readyzDown: 0, healthzUp: 0, healthzOther: 0 };

async function startEnvironment(name: string, databaseUrl: string): Promise<RunningEnvApi> {
  const config = loadConfig('env-api', {
    ENV_NAME: name,
    DATABASE_URL: withRole(databaseUrl, 'vf_env'),
    INTERNAL_EVENTS_SECRETS: secrets.fanout[name] ?? '',
    ENV_API_PORT: String(await pickFreePort(0)),
    LOG_LEVEL: 'silent',
  });
  const running = await startEnvApi(config, silentLogger());
  cleanups.push(() => running.stop());
  return running;
}

beforeAll(async () => {
  const dataDir = await tempDataDir();
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  secrets = await loadOrCreateLocalSecrets(dataDir, [RESTARTED, STEADY]);
  envPg = await startEnvPostgres();
  cleanups.push(() => envPg.close());
  const clickhouse = await openProxyClickhouse(dataDir);
  cleanups.push(() => clickhouse.close());
  proxy = await startTcpProxy({ targetHost: '127.0.0.1', targetPort: envPg.port });
  cleanups.push(() => proxy.close());
  restarted = await startEnvironment(RESTARTED, proxy.via(envPg.url));
  const steady = await startEnvironment(STEADY, other.current.url);
  ingest = await startProxiedIngestRole({
    dmUrl: dm.current.url,
    dataDir,
    secrets,
    clickhouse,
    targets: [
      { name: RESTARTED, url: `${restarted.url}/internal/events` },
      { name: STEADY, url: `${steady.url}/internal/events` },
    ],
    // The default back-off cap is an hour; two seconds keeps the drain after the restart short.
    env: { FANOUT_BACKOFF_MAX_MS: '2000' },
  });
  cleanups.push(() => ingest.stop());
}, 180_000);

afterAll(async () => {
  const failures: unknown[] = [];
  for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => failures.push(e));
  if (failures.length > 0) throw failures[0];
});

function webhook(n: number): LoadItem {
  if (n % 4 === 3) {
    const item = signedSumsub(secrets);
    const applicant = (JSON.parse(item.body) as { applicantId: string }).applicantId;
    return { key: applicant, kind: 'sumsub', webhook: item };
  }
  const messageId = `01KFAULTENV${String(n).padStart(6, '0')}${randomUUID().slice(0, 8)}`;
  return { key: messageId, kind: 'kick', webhook: signedKickChat(secrets, messageId) };
}

async function query<T extends Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** Apply transactions of the environment role holding writes right now (read on a direct connection). */
async function openApplyTransactions(observer: pg.Client): Promise<number> {
  const { rows } = await observer.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL AND state IN ('active', 'idle in transaction')`,
  );
  return rows[0]?.n ?? 0;
}

/**
 * Stops the environment's server, at a moment one of its apply transactions is open when one
 * comes within 5 s: the proxy is frozen first, so that transaction cannot commit before the stop.
 */
async function stopDuringApply(): Promise<void> {
  const observer = new pg.Client({ connectionString: envPg.url, application_name: 'vf-faults-observer' });
  observer.on('error', () => undefined);
  await observer.connect();
  try {
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      if ((await openApplyTransactions(observer)) > 0) {
        proxy.pause();
        await sleep(50);
        stoppedMidTransaction = (await openApplyTransactions(observer)) > 0;
        break;
      }
      await sleep(2);
    }
  } finally {
    await observer.end().catch(() => undefined);
  }
  await envPg.stop();
  proxy.resume();
}

/** Watches the restarted environment while its database is down. */
async function watchOutage(until: () => boolean): Promise<void> {
  while (!until()) {
    const ready = await fetch(`${restarted.url}/readyz`);
    if (ready.status === 503 && ready.headers.get('retry-after') !== null) outage.readyzDown += 1;
    const health = await fetch(`${restarted.url}/healthz`);
    if (health.status === 200) outage.healthzUp += 1;
    else outage.healthzOther += 1;
    await sleep(500);
  }
}

async function projected(url: string): Promise<{ events: string[]; chats: string[]; applicants: string[] }> {
  const [events, chats, applicants] = await Promise.all([
    query<{ id: string }>(url, 'SELECT event_id::text AS id FROM processed_events ORDER BY 1'),
    query<{ id: string }>(url, 'SELECT message_id AS id FROM kick_chat_messages ORDER BY 1'),
    query<{ id: string }>(url, 'SELECT applicant_id AS id FROM kyc_applicants ORDER BY 1'),
  ]);
  return { events: events.map((r) => r.id), chats: chats.map((r) => r.id), applicants: applicants.map((r) => r.id) };
}

const sorted = (values: Iterable<string>): string[] => [...values].sort();

describe("an environment's PostgreSQL stopped and restarted under load", () => {
  it('acknowledges every webhook while the environment database is down and comes back', async () => {
    let stopped = false;
    const load = sendLoad({ baseUrl: ingest.publicUrl, senders: 8, ratePerSecond: 60, make: webhook, done: () => stopped });
    await sleep(4_000);
    await stopDuringApply();
    let restartedPg = false;
    const watching = watchOutage(() => restartedPg);
    await sleep(OUTAGE_MS);
    await envPg.start();
    restartedPg = true;
    await watching;
    await sleep(4_000);
    stopped = true;
    sent = await load;
    expect(sent.filter((item) => item.status !== 200 || item.answer !== 'accepted').map((item) => ({ key: item.key, status: item.status, answer: item.answer }))).toEqual([]);
    expect(sent.length).toBeGreaterThan(150);
  });

  it('kept the environment role up, answering not ready, while its database was down', async () => {
    expect(stoppedMidTransaction).toBe(true);
    expect(outage).toMatchObject({ healthzOther: 0 });
    expect(outage.readyzDown).toBeGreaterThan(0);
    expect(outage.healthzUp).toBeGreaterThan(0);
    // The fan-out's batches to it failed (503 from the role, or no answer) and were retried.
    const failedAttempts =
      (await readMetric(`${ingest.adminUrl}/metrics`, 'vf_fanout_batch_attempts_total', { target: RESTARTED, status: '503' })) +
      (await readMetric(`${ingest.adminUrl}/metrics`, 'vf_fanout_batch_attempts_total', { target: RESTARTED, status: 'transport_error' })) +
      (await readMetric(`${ingest.adminUrl}/metrics`, 'vf_fanout_batch_attempts_total', { target: RESTARTED, status: 'timeout' }));
    expect(failedAttempts).toBeGreaterThan(0);
  });

  it('delivers everything to both environments after the restart, nothing dead or parked', async () => {
    const deliveries = async (): Promise<{ target: string; status: string; n: number }[]> =>
      query(dm.current.url, 'SELECT target, status, count(*)::int AS n FROM ingest.outbox_delivery GROUP BY 1, 2 ORDER BY 1, 2');
    await waitUntil('no delivery is pending', async () => (await deliveries()).every((row) => row.status !== 'pending'), 120_000).catch(async (e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : String(e)}: ${JSON.stringify(await deliveries())}`);
    });
    expect(await deliveries()).toEqual([
      { target: RESTARTED, status: 'done', n: sent.length },
      { target: STEADY, status: 'done', n: sent.length },
    ]);
    await waitUntil('the restarted environment is ready again', async () => (await fetch(`${restarted.url}/readyz`)).status === 200, 30_000);
  }, 150_000);

  it('applied every acknowledged event exactly once in each environment', async () => {
    const envelopes = sorted(sent.map((item) => item.id ?? 'missing'));
    const chats = sorted(sent.filter((item) => item.kind === 'kick').map((item) => item.key));
    const applicants = sorted(sent.filter((item) => item.kind === 'sumsub').map((item) => item.key));
    for (const url of [envPg.url, other.current.url]) {
      expect(await projected(url)).toEqual({ events: envelopes, chats, applicants });
    }
    // The restarted role itself never reported applying an event twice: each was processed once,
    // or (when an answer was lost with the connection) processed once and then found a duplicate.
    const processed = await readMetric(`${restarted.url}/metrics`, 'vf_envapi_events_total', { status: 'processed' });
    const duplicate = await readMetric(`${restarted.url}/metrics`, 'vf_envapi_events_total', { status: 'duplicate' });
    expect(processed).toBeLessThanOrEqual(sent.length);
    expect(processed + duplicate).toBeGreaterThanOrEqual(sent.length);
  });
});
