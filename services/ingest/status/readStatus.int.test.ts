import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateGetAdminStatusResponse200 } from '../../../generated/openapi/ingest.validators.cjs';
import { openMigratedClickhouse, type TestClickhouse } from '../../shared/clickhouse/test/clickhouseTestKit.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createIngestRolePool } from '../accept/test/acceptTestKit.ts';
import { clickhouseRawEventReader } from '../replay/rawEventReader.ts';
import { readStatus } from './readStatus.ts';
import { scenarioTargets, seedStatusScenario, type StatusScenario } from './test/statusScenario.ts';

const DAY = 24 * 60 * 60 * 1000;

describe('readStatus', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  let clickhouse: TestClickhouse;
  let scenario: StatusScenario;
  const options = () => ({ targets: scenarioTargets, retentionDays: 30, clickhouseMode: 'embedded' as const, now: () => scenario.now });

  beforeAll(async () => {
    clickhouse = await openMigratedClickhouse();
    pool = await createIngestRolePool(db.current.url);
    scenario = await seedStatusScenario(db.current.url, clickhouse.client);
  });
  afterAll(async () => {
    await pool.end();
    await clickhouse.close();
  });

  it('counts every stage over the retention window, targets in configuration order, in the contract shape', async () => {
    const status = await readStatus(pool, clickhouseRawEventReader(clickhouse.client), options());
    expect(validateGetAdminStatusResponse200(status)).toBe(true);
    expect(status).toEqual({
      generatedAt: scenario.now.toISOString(),
      since: new Date(scenario.now.getTime() - 30 * DAY).toISOString(),
      // Quarantined counts the 40-day-old entry too: a backlog is counted whatever its age.
      stages: { received: 5, quarantined: 2, outboxed: 4, storedInClickhouse: 3, awaitingRawSink: 2 },
      targets: [
        { target: 'qb', delivered: 0, pending: 1, parked: 0, dead: 1, lagSeconds: 40 * 24 * 3600, oldestPendingAt: new Date(scenario.now.getTime() - 40 * DAY).toISOString() },
        { target: 'qa', delivered: 2, pending: 2, parked: 1, dead: 0, lagSeconds: 600, oldestPendingAt: new Date(scenario.now.getTime() - 600_000).toISOString() },
      ],
      clickhouse: { status: 'up', mode: 'embedded', error: null },
    });
  });

  it('counts flows from `since` on, and backlogs whatever their age', async () => {
    const since = new Date(scenario.now.getTime() - 30 * 60_000);
    const status = await readStatus(pool, clickhouseRawEventReader(clickhouse.client), { ...options(), since });
    expect(status.since).toBe(since.toISOString());
    expect(status.stages).toEqual({ received: 0, quarantined: 2, outboxed: 0, storedInClickhouse: 0, awaitingRawSink: 2 });
    expect(status.targets.map((t) => [t.target, t.delivered, t.pending, t.parked, t.dead])).toEqual([
      ['qb', 0, 1, 0, 0],
      ['qa', 0, 2, 1, 0],
    ]);
  });

  it('never starts the window before the retention horizon', async () => {
    const status = await readStatus(pool, null, { ...options(), since: new Date(scenario.now.getTime() - 365 * DAY) });
    expect(status.since).toBe(new Date(scenario.now.getTime() - 30 * DAY).toISOString());
    expect(status.stages.received).toBe(5);
  });

  it('reports ClickHouse down, with no stored count, when it has no reader', async () => {
    const status = await readStatus(pool, null, { ...options(), clickhouseMode: 'server' });
    expect(validateGetAdminStatusResponse200(status)).toBe(true);
    expect(status.stages.storedInClickhouse).toBeNull();
    expect(status.clickhouse).toEqual({ status: 'down', mode: 'server', error: expect.stringMatching(/no ClickHouse/) });
  });

  it('reports ClickHouse down when its query fails, and still counts PostgreSQL', async () => {
    const failing = { select: () => Promise.reject(new Error('connection refused')), close: () => Promise.resolve() };
    const status = await readStatus(pool, failing, options());
    expect(status.clickhouse).toEqual({ status: 'down', mode: 'embedded', error: 'connection refused' });
    expect(status.stages).toMatchObject({ received: 5, storedInClickhouse: null });
  });

  it('reports ClickHouse down when it does not answer in time', async () => {
    const hanging = { select: () => new Promise<never>(() => undefined), close: () => Promise.resolve() };
    const status = await readStatus(pool, hanging, { ...options(), clickhouseTimeoutMs: 50 });
    expect(status.clickhouse).toEqual({ status: 'down', mode: 'embedded', error: 'ClickHouse: no answer within 50 ms' });
  });

  it('gives no lag and an empty list in dry-run mode (no targets)', async () => {
    const status = await readStatus(pool, null, { ...options(), targets: [] });
    expect(status.targets).toEqual([]);
  });
});
