/**
 * Test helpers for the sender: secrets, targets, tuning, a settable clock and metric readers.
 */
import { randomBytes } from 'node:crypto';
import { Registry, type Counter, type Gauge } from 'prom-client';
import type { FanoutTarget } from '../../shared/config/fanoutTargets.ts';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { createFanoutMetrics, type FanoutMetrics } from '../metrics/fanoutMetrics.ts';
import type { FanoutTuning, SenderDeps } from '../senderDeps.ts';

/** A fresh `whsec_` secret. */
export function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** A target as config would give it. */
export function target(name: string, url: string, secrets: readonly string[]): FanoutTarget {
  return { name, url, secretVariable: `FANOUT_SECRET_${name.toUpperCase()}`, secrets };
}

/** DESIGN §6 defaults, with a short timeout for tests. */
export const testTuning: FanoutTuning = { batchMaxEvents: 500, batchMaxBytes: 1_048_576, timeoutMs: 5_000, backoffMaxMs: 3_600_000, maxAttempts: 25 };

/** A clock the test moves. */
export interface TestClock {
  now: () => Date;
  set(date: Date): void;
  advance(ms: number): void;
}

/** A clock starting at the real time. */
export function testClock(start = new Date()): TestClock {
  let current = start;
  return {
    now: () => current,
    set: (date) => {
      current = date;
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

/** Sender dependencies for a test: real pool, fixed jitter (0.5), fresh metrics. */
export function senderDeps(pool: DmPool, clock: TestClock, overrides: Partial<SenderDeps> = {}): SenderDeps & { metrics: FanoutMetrics } {
  return { pool, tuning: testTuning, logger: silentLogger(), metrics: createFanoutMetrics(new Registry()), now: clock.now, random: () => 0.5, ...overrides };
}

/** The value of a counter or gauge for some labels (0 when never touched). */
export async function metricValue(metric: Counter<string> | Gauge<string>, labels: Record<string, string>): Promise<number> {
  const { values } = await metric.get();
  const found = values.find((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want));
  return found?.value ?? 0;
}
