import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateGetAdminStatusResponse200 } from '../../../generated/openapi/ingest.validators.cjs';
import { openMigratedClickhouse, type TestClickhouse } from '../../shared/clickhouse/test/clickhouseTestKit.ts';
import { AppError, coerceError } from '../../shared/errors.ts';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createIngestRolePool } from '../../ingest/accept/test/acceptTestKit.ts';
import { buildAdminApp } from '../../ingest/app/buildAdminApp.ts';
import { createIngestMetrics } from '../../ingest/metrics/ingestMetrics.ts';
import { seedStatusScenario } from '../../ingest/status/test/statusScenario.ts';
import { createCliContext } from '../cliContext.ts';
import { exitCodes } from '../exitCodes.ts';
import { registerStatusCommands } from './status.ts';

const secret = 'whsec_dGVzdC1zZWNyZXQtZm9yLXN0YXR1cy1jbWQ=';

/**
 * Runs `vf status …` the way runCli does (commander's exits are 0 or usage 2, other errors 1), with
 * the one addition `vf status` needs from it: commander's exit signal with code 3 (behind) passes.
 */
async function vf(argv: readonly string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  const program = new Command('vf').exitOverride().configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  registerStatusCommands(program, createCliContext(env, io));
  let code = 0;
  try {
    await program.parseAsync(['status', ...argv], { from: 'user' });
  } catch (e: unknown) {
    if (e instanceof CommanderError) code = e.exitCode === 0 || e.exitCode === exitCodes.behind ? e.exitCode : exitCodes.usage;
    else {
      const error = coerceError(e);
      io.err(error instanceof AppError ? `vf: ${error.code}: ${error.message}` : `vf: ${error.message}`);
      code = 1;
    }
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('vf status', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  let clickhouse: TestClickhouse;
  let admin: FastifyInstance;
  let dataDir = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    clickhouse = await openMigratedClickhouse();
    pool = await createIngestRolePool(db.current.url);
    await seedStatusScenario(db.current.url, clickhouse.client);
    // The running stack's admin listener: the CLI reads the embedded ClickHouse through its bridge.
    admin = buildAdminApp({ clickhouseMode: 'embedded' }, { pool, clickhouse: clickhouse.client, metrics: createIngestMetrics(), logger: silentLogger() });
    await admin.listen({ host: '127.0.0.1', port: 0 });
    const address = admin.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    dataDir = await mkdtemp(join(tmpdir(), 'vf-cli-status-'));
    env = {
      DM_DATABASE_URL: db.current.url,
      VF_DATA_DIR: dataDir,
      INGEST_HOST: '127.0.0.1',
      ADMIN_PORT: String(port),
      FANOUT_TARGETS: 'qb=http://127.0.0.1:9/internal/events,qa=http://127.0.0.1:9/internal/events',
      FANOUT_SECRET_QA: secret,
      FANOUT_SECRET_QB: secret,
    };
  });
  afterAll(async () => {
    await admin.close();
    await pool.end();
    await clickhouse.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('exits 3 and names what is behind: a target past the lag threshold', async () => {
    const result = await vf([], env);
    expect(result.code).toBe(3);
    const lines = result.out.split('\n');
    expect(lines[0]).toMatch(/^since \S+ \(as of \S+\)$/);
    expect(lines[1]).toBe('received 5 → quarantined 2 → outboxed 4 → stored in ClickHouse 3 (awaiting the raw sink 2)');
    expect(lines[2]).toBe('ClickHouse (embedded): up');
    expect(lines[4]).toMatch(/^TARGET\s+DELIVERED\s+PENDING\s+PARKED\s+DEAD\s+LAG\s+OLDEST PENDING$/);
    expect(lines[5]).toMatch(/^qb\s+0\s+1\s+0\s+1\s+40 d 0 h\s+\S+Z$/);
    expect(lines[6]).toMatch(/^qa\s+2\s+2\s+1\s+0\s+10 min \d+ s\s+\S+Z$/);
    expect(lines.filter((l) => l.startsWith('behind: '))).toEqual([
      'behind: target qb: the oldest pending delivery waits 40 d 0 h (more than 5 min 0 s); 1 pending',
      expect.stringMatching(/^behind: target qa: the oldest pending delivery waits 10 min \d+ s \(more than 5 min 0 s\); 2 pending$/),
    ]);
  });

  it('exits 0 when every stage is within thresholds given as flags', async () => {
    const result = await vf(['--max-lag-seconds', String(41 * 86_400)], env);
    expect(result.code).toBe(0);
    expect(result.out.split('\n').at(-1)).toBe('ok: no target lags more than 41 d 0 h, the raw sink is within 10000 rows');
  });

  it('takes its thresholds from STATUS_MAX_LAG_SECONDS and STATUS_MAX_RAW_SINK_BACKLOG', async () => {
    const result = await vf([], { ...env, STATUS_MAX_LAG_SECONDS: String(41 * 86_400), STATUS_MAX_RAW_SINK_BACKLOG: '1' });
    expect(result.code).toBe(3);
    expect(result.out.split('\n').filter((l) => l.startsWith('behind: '))).toEqual([
      'behind: raw sink: 2 inbox rows wait for ClickHouse (more than 1)',
      'behind: ClickHouse: 3 raw events stored of 5 received, 2 missing (more than 1)',
    ]);
  });

  it('prints the GET /admin/status object with --json, the reasons on stderr', async () => {
    const result = await vf(['--json', '--since', '2h'], env);
    expect(result.code).toBe(3);
    const status: unknown = JSON.parse(result.out);
    expect(validateGetAdminStatusResponse200(status)).toBe(true);
    expect(status).toMatchObject({ stages: { received: 5, storedInClickhouse: 3 }, targets: [{ target: 'qb' }, { target: 'qa' }], clickhouse: { status: 'up', mode: 'embedded' } });
    expect(result.err).toMatch(/^behind: target qb: /);
  });

  it('says ClickHouse is down, with the reason, when the stack is not running', async () => {
    const result = await vf(['--json', '--max-lag-seconds', String(41 * 86_400)], { ...env, ADMIN_PORT: '9' });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ stages: { storedInClickhouse: null }, clickhouse: { status: 'down', mode: 'embedded', error: expect.stringMatching(/npm start/) } });
  });

  it('lists the targets named by delivery rows when FANOUT_TARGETS is not set', async () => {
    const { FANOUT_TARGETS: _targets, FANOUT_SECRET_QA: _qa, FANOUT_SECRET_QB: _qb, ...bare } = env;
    const result = await vf(['--json', '--max-lag-seconds', String(41 * 86_400)], bare);
    expect((JSON.parse(result.out) as { targets: { target: string }[] }).targets.map((t) => t.target)).toEqual(['qa', 'qb', 'zz']);
  });

  it.each([
    ['a since that is no time', ['--since', 'last week'], /an RFC 3339 time/],
    ['a threshold that is no number', ['--max-lag-seconds', 'soon'], /a whole number/],
  ])('exits 2 on %s', async (_name, argv, message) => {
    const result = await vf(argv, env);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });

  it('exits 1 naming the problem when no database is given and no stack runs', async () => {
    const { DM_DATABASE_URL: _url, ...bare } = env;
    const result = await vf([], bare);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/CLI_DATABASE_NOT_CONFIGURED/);
  });
});
