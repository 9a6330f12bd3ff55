/**
 * The simulator: plays Kick and Sumsub against a running ingest role by posting signed webhooks
 * (`/webhooks/kick`, `/webhooks/sumsub`) at a steady rate with bounded concurrency, counting the
 * answers and logging progress every few seconds. The channels are {@link simulatedChannels}, the
 * same the Kick API simulator serves when given the same count.
 */
import { createPrivateKey, randomInt } from 'node:crypto';
import { AppError } from '../shared/errors.ts';
import type { Logger } from '../shared/logging/createLogger.ts';
import { postDelivery } from './postDelivery.ts';
import { startRateScheduler } from './rateScheduler.ts';
import { DEFAULT_SIM_CHANNEL_COUNT, simulatedChannels } from './simulatedChannels.ts';
import { createStatsCounter, type SimulatorStats } from './simulatorStats.ts';
import { createTraffic } from './traffic/createTraffic.ts';

export { simulatedChannels } from './simulatedChannels.ts';
export type { SimulatorStats } from './simulatorStats.ts';

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** The ingest role's public base URL, e.g. `http://127.0.0.1:8080`. */
  readonly ingestUrl: string;
  /** Deliveries per second (default 20). */
  readonly rate?: number;
  /** The Kick signing key (PKCS#8 PEM) whose public key the ingest role trusts. */
  readonly kickPrivateKeyPem: string;
  /** A Sumsub webhook secret the ingest role accepts. */
  readonly sumsubSecret: string;
  readonly logger: Logger;
  /** Traffic seed; random (and logged) when absent, so a run can be replayed with it. */
  readonly seed?: number;
  /** How many simulated channels (default {@link DEFAULT_SIM_CHANNEL_COUNT}). */
  readonly channels?: number;
  /** Stop after this long; run until `stop()` when absent. */
  readonly durationMs?: number;
  /** Requests in flight at most (default 32). */
  readonly maxInFlight?: number;
  /** How often progress is logged (default 5000 ms). */
  readonly progressIntervalMs?: number;
}

/** A running simulator. */
export interface Simulator {
  /** The traffic seed in use. */
  readonly seed: number;
  stats(): SimulatorStats;
  /** Stops sending; resolves once every request in flight has its answer. */
  stop(): Promise<void>;
  /** Resolves when the simulator has stopped (by `stop()` or after `durationMs`) and drained. */
  readonly finished: Promise<void>;
}

/** Per request: Kick gives a provider no more than this, and neither do we. */
const REQUEST_TIMEOUT_MS = 10_000;

/** Starts sending at once. Throws `SIMULATOR_OPTIONS_INVALID` on a bad rate, key or channel count. */
export function startSimulator(options: SimulatorOptions): Simulator {
  const rate = options.rate ?? 20;
  if (!(rate > 0) || !Number.isFinite(rate)) throw new AppError('SIMULATOR_OPTIONS_INVALID', `rate must be a positive number of events per second, got ${rate}`);
  let kickPrivateKey;
  try {
    kickPrivateKey = createPrivateKey(options.kickPrivateKeyPem);
  } catch (e: unknown) {
    throw new AppError('SIMULATOR_OPTIONS_INVALID', 'kickPrivateKeyPem is not a private key in PEM', { cause: e });
  }
  const seed = options.seed ?? randomInt(0, 2 ** 31);
  const channelCount = options.channels ?? DEFAULT_SIM_CHANNEL_COUNT;
  let channels;
  try {
    channels = simulatedChannels(channelCount);
  } catch (e: unknown) {
    throw new AppError('SIMULATOR_OPTIONS_INVALID', `channels: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const traffic = createTraffic({ seed, channels, kickPrivateKey, sumsubSecret: options.sumsubSecret });
  const counter = createStatsCounter();
  const { logger } = options;
  const reportedFailures = new Set<string>();

  const scheduler = startRateScheduler({
    ratePerSecond: rate,
    maxInFlight: options.maxInFlight ?? 32,
    durationMs: options.durationMs,
    task: async () => {
      const delivery = traffic.next(Date.now());
      counter.sending(delivery);
      const outcome = await postDelivery(options.ingestUrl, delivery, REQUEST_TIMEOUT_MS);
      counter.answered(outcome);
      // Each distinct failure once: a stopped stack would otherwise log every request.
      if (outcome.kind === 'failed' && reportedFailures.size < 10 && !reportedFailures.has(outcome.reason)) {
        reportedFailures.add(outcome.reason);
        logger.warn({ path: delivery.path, reason: outcome.reason }, 'a webhook got no answer');
      }
    },
  });

  const startedAt = Date.now();
  logger.info({ ingestUrl: options.ingestUrl, rate, seed, channels: channels.map((c) => c.slug), durationMs: options.durationMs }, 'simulator started');
  const progress = setInterval(() => {
    const { sent, byStatus } = counter.snapshot();
    const seconds = (Date.now() - startedAt) / 1000;
    logger.info({ sent, byStatus, inFlight: scheduler.inFlight(), slipped: scheduler.slipped(), perSecond: Math.round((sent / seconds) * 10) / 10 }, 'simulator progress');
  }, options.progressIntervalMs ?? 5000);
  progress.unref();
  const finished = scheduler.finished.then(() => {
    clearInterval(progress);
    logger.info(counter.snapshot(), 'simulator stopped');
  });

  return {
    seed,
    stats: () => counter.snapshot(),
    stop: async () => {
      await scheduler.stop();
      await finished;
    },
    finished,
  };
}
