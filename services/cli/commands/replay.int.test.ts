import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openMigratedClickhouse, type TestClickhouse } from '../../shared/clickhouse/test/clickhouseTestKit.ts';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createIngestRolePool } from '../../ingest/accept/test/acceptTestKit.ts';
import { buildAdminApp } from '../../ingest/app/buildAdminApp.ts';
import { createIngestMetrics } from '../../ingest/metrics/ingestMetrics.ts';
import { sinkRawEvents } from '../../ingest/rawSink/sinkRawEvents.ts';
import { deliveryRows, seedOutbox, settle, type SeededEvent } from '../../ingest/replay/test/seedOutbox.ts';
import { runCommands } from '../test/runCommands.ts';
import { registerReplayCommand } from './replay.ts';

describe('vf replay', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  let ch: TestClickhouse;
  let admin: FastifyInstance;
  let dataDir = '';
  let env: Record<string, string> = {};
  let events: SeededEvent[] = [];
  const vf = (...argv: string[]) => runCommands([registerReplayCommand], ['replay', ...argv], env);
  const pending = async () => (await deliveryRows(db.current.url)).filter((r) => r.status === 'pending').map((r) => r.position);

  beforeAll(async () => {
    pool = await createIngestRolePool(db.current.url);
    ch = await openMigratedClickhouse();
    events = await seedOutbox(pool, ['qa'], [
      { nonce: 'cli-1', time: new Date('2026-01-01T10:00:00Z') },
      { nonce: 'cli-2', time: new Date('2026-01-02T10:00:00Z'), type: 'kick.channel.followed.v1' },
      { nonce: 'cli-3', time: new Date('2026-01-03T10:00:00Z') },
    ]);
    await settle(db.current.url, (await deliveryRows(db.current.url)).map((r) => r.id), 'done');
    await sinkRawEvents(pool, ch.client, { logger: silentLogger() });
    // The running stack's admin listener, whose bridge reads the embedded ClickHouse.
    admin = buildAdminApp({ clickhouseMode: 'embedded' }, { pool, clickhouse: ch.client, metrics: createIngestMetrics(), logger: silentLogger() });
    await admin.listen({ host: '127.0.0.1', port: 0 });
    dataDir = await mkdtemp(join(tmpdir(), 'vf-cli-replay-'));
    env = {
      DM_DATABASE_URL: db.current.url,
      VF_DATA_DIR: dataDir,
      FANOUT_TARGETS: 'qa=http://127.0.0.1:9/internal/events',
      FANOUT_SECRET_QA: 'whsec_dGVzdC1zZWNyZXQtZm9yLXJlcGxheQ==',
      INGEST_HOST: '127.0.0.1',
      ADMIN_PORT: String((admin.server.address() as AddressInfo).port),
    };
  });
  afterAll(async () => {
    await admin.close();
    await pool.end();
    await ch.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('counts without writing on --dry-run, filtered by type', async () => {
    const result = await vf('--target', 'qa', '--type', 'kick.channel.followed.v1', '--dry-run');
    expect(result).toMatchObject({ code: 0, out: 'dry run: replay from outbox to qa: matched 1, would queue 1, skipped (already pending) 0' });
    expect(await pending()).toEqual([]);
  });

  it('queues the window as new pending deliveries and prints the summary as JSON, drawing no progress bar off a terminal', async () => {
    const write = vi.spyOn(process.stderr, 'write');
    try {
      const result = await vf('--target', 'qa', '--since', '2026-01-02', '--until', '2026-01-03T10:00:00Z', '--json');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.out)).toEqual({ from: 'outbox', target: 'qa', dryRun: false, matched: 1, queued: 1, skippedAlreadyPending: 0, recreated: 0, inQuarantine: 0, notPassing: [] });
      expect(write.mock.calls.map(([chunk]) => String(chunk)).filter((s) => s.includes('outbox ['))).toEqual([]);
    } finally {
      write.mockRestore();
    }
    expect(await pending()).toEqual([events[1]?.position]);
  });

  it('skips events already pending when run over everything', async () => {
    const result = await vf('--target', 'qa');
    expect(result.out).toBe('replay from outbox to qa: matched 3, queued 2, skipped (already pending) 1');
    expect((await pending()).sort()).toEqual(events.map((e) => e.position).sort());
  });

  it('re-creates a purged outbox row from vf.raw_events through the running stack', async () => {
    await pool.query(sql.unsafe`DELETE FROM ingest.outbox WHERE envelope_id = ${events[2]?.envelopeId ?? ''}`);
    const result = await vf('--target', 'qa', '--from', 'raw', '--since', '2026-01-03', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ from: 'raw', matched: 1, queued: 1, recreated: 1, notPassing: [] });
    expect(await pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM ingest.outbox WHERE envelope_id = ${events[2]?.envelopeId ?? ''}`)).toBe(1);
  });

  it('fails clearly (exit 1) when no ClickHouse can be reached for --from raw', async () => {
    const result = await runCommands([registerReplayCommand], ['replay', '--target', 'qa', '--from', 'raw'], { ...env, ADMIN_PORT: '9' });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^vf: CLICKHOUSE_NOT_REACHABLE: .*npm start.*CLICKHOUSE_URL/);
  });

  it.each([
    ['an unknown target', ['--target', 'stage'], /--target stage is not a configured fan-out target \(configured targets: qa\)/],
    ['an empty window', ['--target', 'qa', '--since', '2026-01-03', '--until', '2026-01-02'], /--since must be before --until/],
    ['an unknown type', ['--target', 'qa', '--type', 'kick.nope.v1'], /Allowed choices are/],
    ['an unreadable time', ['--target', 'qa', '--since', 'yesterday'], /RFC 3339/],
    ['no target', [], /required option '--target <name>'/],
  ])('exits 2 on %s and writes nothing', async (_name, argv, message) => {
    const before = await deliveryRows(db.current.url);
    const result = await vf(...argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(await deliveryRows(db.current.url)).toEqual(before);
  });
});
