import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDmPool, type DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createIngestRolePool, startForwarder } from '../accept/test/acceptTestKit.ts';
import { scenarioTargets, seedStatusScenario } from '../status/test/statusScenario.ts';
import { registerIngestDbGauges } from './ingestDbGauges.ts';
import { createIngestMetrics } from './ingestMetrics.ts';

/** The value of one sample line of the exposition text, e.g. `vf_ingest_outbox_depth{target="qa"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('registerIngestDbGauges', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  beforeAll(async () => {
    pool = await createIngestRolePool(db.current.url);
    await seedStatusScenario(db.current.url);
  });
  afterAll(async () => {
    await pool.end();
  });

  it('exports outbox depth and delivery lag per configured target and dead letters by kind, read from the rows when scraped', async () => {
    const metrics = createIngestMetrics();
    registerIngestDbGauges(metrics, pool, scenarioTargets);
    const text = await metrics.registry.metrics();
    expect(sample(text, 'vf_ingest_outbox_depth{target="qa"}')).toBe(2);
    expect(sample(text, 'vf_ingest_outbox_depth{target="qb"}')).toBe(1);
    // Not configured: its row is not exported.
    expect(text).not.toContain('target="zz"');
    expect(sample(text, 'vf_ingest_delivery_lag_seconds{target="qa"}')).toBeGreaterThanOrEqual(600);
    expect(sample(text, 'vf_ingest_delivery_lag_seconds{target="qa"}')).toBeLessThan(660);
    expect(sample(text, 'vf_ingest_delivery_lag_seconds{target="qb"}')).toBeGreaterThanOrEqual(40 * 86_400);
    // The replayed job dead letter no longer counts.
    expect(sample(text, 'vf_ingest_dead_letters{kind="delivery"}')).toBe(1);
    expect(sample(text, 'vf_ingest_dead_letters{kind="job"}')).toBe(1);
    expect(sample(text, 'vf_ingest_db_gauge_failures_total')).toBe(0);
  });

  it('counts anew on every scrape', async () => {
    const metrics = createIngestMetrics();
    registerIngestDbGauges(metrics, pool, ['qa', 'fresh']);
    expect(sample(await metrics.registry.metrics(), 'vf_ingest_outbox_depth{target="fresh"}')).toBe(0);
    await pool.query(sql.unsafe`
      INSERT INTO ingest.outbox_delivery (outbox_position, target) SELECT position, 'fresh' FROM ingest.outbox ORDER BY position LIMIT 3`);
    const text = await metrics.registry.metrics();
    expect(sample(text, 'vf_ingest_outbox_depth{target="fresh"}')).toBe(3);
    expect(sample(text, 'vf_ingest_delivery_lag_seconds{target="fresh"}')).toBeLessThan(60);
  });

  it('keeps /metrics working when PostgreSQL is gone: the gauges have no samples and the failure is counted', async () => {
    const forwarder = await startForwarder(db.current.url);
    const gone = await createDmPool(forwarder.url, { maximumPoolSize: 1, connectionTimeoutMs: 500 });
    await forwarder.stop();
    try {
      const metrics = createIngestMetrics();
      registerIngestDbGauges(metrics, gone, scenarioTargets, { timeoutMs: 1_000 });
      metrics.webhooks.inc({ source: 'kick', type: 'kick.chat.message.sent.v1', outcome: 'accepted' });
      const text = await metrics.registry.metrics();
      expect(sample(text, 'vf_ingest_webhooks_total{source="kick",type="kick.chat.message.sent.v1",outcome="accepted"}')).toBe(1);
      expect(text).not.toMatch(/^vf_ingest_outbox_depth\{/m);
      expect(text).not.toMatch(/^vf_ingest_dead_letters\{/m);
      expect(sample(text, 'vf_ingest_db_gauge_failures_total')).toBe(1);
    } finally {
      await gone.end();
    }
  });
});
