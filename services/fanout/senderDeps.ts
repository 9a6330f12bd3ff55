/**
 * What the fan-out sender needs, shared by the graphile task and any caller that runs a sender
 * directly (an operator command): the database, the tuning of DESIGN §6, and the clock, jitter and
 * HTTP client, injectable so tests can move time and watch requests.
 */
import type { FanoutConfig } from '../shared/config/sections.ts';
import type { Logger } from '../shared/logging/createLogger.ts';
import type { DmPool } from '../shared/pg/pools.ts';
import type { FanoutMetrics } from './metrics/fanoutMetrics.ts';

/** FANOUT_BATCH_MAX_EVENTS, FANOUT_BATCH_MAX_BYTES, FANOUT_TIMEOUT_MS, FANOUT_BACKOFF_MAX_MS, FANOUT_MAX_ATTEMPTS. */
export type FanoutTuning = Omit<FanoutConfig, 'targets'>;

/** The sender's dependencies; the optional ones default to the real thing. */
export interface SenderDeps {
  readonly pool: DmPool;
  readonly tuning: FanoutTuning;
  readonly logger: Logger;
  readonly metrics?: FanoutMetrics;
  /** Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** The time of an attempt (signatures, retry times, due checks). Default: `new Date()`. */
  readonly now?: () => Date;
  /** Jitter source in [0, 1). Default: `Math.random`. */
  readonly random?: () => number;
}

/** {@link SenderDeps} with every default filled in. */
export type ResolvedSenderDeps = Required<Omit<SenderDeps, 'metrics'>> & Pick<SenderDeps, 'metrics'>;

/** Fills in the defaults. */
export function resolveSenderDeps(deps: SenderDeps): ResolvedSenderDeps {
  return {
    pool: deps.pool,
    tuning: deps.tuning,
    logger: deps.logger,
    metrics: deps.metrics,
    fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
    now: deps.now ?? (() => new Date()),
    random: deps.random ?? Math.random,
  };
}
