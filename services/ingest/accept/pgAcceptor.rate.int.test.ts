import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import type { AcceptResult, Delivery } from './delivery.ts';
import { createPgAcceptor } from './pgAcceptor.ts';
import { count, createIngestRolePool } from './test/acceptTestKit.ts';
import { KICK_TYPES, kickDelivery } from './test/deliveries.ts';

const TOTAL = 5_000;
const CONCURRENCY = 64;

/** Runs `deliveries` through `accept` with `CONCURRENCY` callers, each waiting for its answer before the next. */
async function drive(accept: (d: Delivery) => Promise<AcceptResult>, deliveries: readonly Delivery[]): Promise<{ results: AcceptResult[]; latenciesMs: number[] }> {
  const results: AcceptResult[] = [];
  const latenciesMs: number[] = [];
  let next = 0;
  async function caller(): Promise<void> {
    for (let i = next++; i < deliveries.length; i = next++) {
      const started = performance.now();
      results[i] = await accept(deliveries[i] as Delivery);
      latenciesMs.push(performance.now() - started);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, caller));
  return { results, latenciesMs };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

// Not a benchmark (the benchmark runs through HTTP): a quick figure to choose the defaults.
describe('createPgAcceptor throughput', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  beforeAll(async () => {
    pool = await createIngestRolePool(db.current.url, 4);
  });
  afterAll(async () => {
    await pool.end();
  });

  it.each([1, 2])(`accepts ${String(TOTAL)} deliveries at concurrency ${String(CONCURRENCY)} with %i concurrent flush(es)`, async (flushes) => {
    const deliveries = Array.from({ length: TOTAL }, (_, i) => kickDelivery(KICK_TYPES[i % KICK_TYPES.length], { nonce: `rate-${String(flushes)}-${String(i)}` }));
    const acceptor = createPgAcceptor(pool, { targets: ['stage-like', 'production-like'], maxConcurrentFlushes: flushes });
    const started = performance.now();
    const { results, latenciesMs } = await drive((d) => acceptor.accept(d), deliveries);
    const elapsedS = (performance.now() - started) / 1000;
    await acceptor.close();
    const sorted = [...latenciesMs].sort((a, b) => a - b);
    const stats = acceptor.stats();
    console.log(
      `flushes=${String(flushes)}: ${(TOTAL / elapsedS).toFixed(0)} accepts/s, p50 ${percentile(sorted, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(sorted, 99).toFixed(1)} ms, ${String(stats.batches)} batches (mean ${(stats.deliveries / stats.batches).toFixed(1)}), ${String(stats.retries)} retries`,
    );
    expect(results.filter((r) => r.kind === 'accepted')).toHaveLength(TOTAL);
    expect(await count(db.current.url, `SELECT 1 FROM ingest.outbox WHERE envelope->>'vfprovidermsgid' LIKE $1`, [`msg-rate-${String(flushes)}-%`])).toBe(TOTAL);
  });
});
