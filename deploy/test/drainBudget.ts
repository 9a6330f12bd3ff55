/**
 * How long each role may take to stop after SIGTERM, from the timeouts it really runs with, so a
 * Deployment's terminationGracePeriodSeconds can be checked against it.
 *
 * ingest (services/stack/ingest/startIngestRole.ts stops in this order): the public listener
 * closes and waits for the webhooks in flight, whose batch commits within the pool's statement
 * timeout; graphile-worker's graceful shutdown aborts its jobs' signal after
 * gracefulShutdownAbortTimeout and waits for the running step: a fan-out batch (FANOUT_TIMEOUT_MS;
 * sendPending stops between batches once aborted), a ClickHouse insert of the raw sink (the
 * client's request timeout) or a Kick API call (its timeout). Cut off later, nothing acknowledged
 * is lost: an unfinished batch rolls back and is redone.
 *
 * env-api: the listener waits for the batches in flight; the sender stops waiting for an answer
 * after FANOUT_TIMEOUT_MS and resends the batch, so work past that is redone anyway.
 */
import { configDefaults } from '../../services/shared/config/defaults.ts';

/** slonik statement timeout of every pool (services/shared/pg/pools.ts, poolDefaults). */
export const statementTimeoutMs = 30_000;
/** graphile-worker 0.18's default gracefulShutdownAbortTimeout (not overridden by startIngestWorker). */
export const graphileAbortTimeoutMs = 5_000;
/** @clickhouse/client's default request_timeout (createClickhouseClient sets none). */
export const clickhouseRequestTimeoutMs = 30_000;
/** The Kick API client's default timeout (createKickApiClient). */
export const kickApiTimeoutMs = 10_000;

/** What the drain depends on, as the Deployments configure it. */
export interface DrainInputs {
  /** The container's preStop sleep, seconds (0 without one). */
  readonly preStopSeconds: number;
  /** FANOUT_TIMEOUT_MS as the ingest role runs with it. */
  readonly fanoutTimeoutMs?: number;
}

/** The ingest role's longest drain, seconds. */
export function ingestDrainSeconds(inputs: DrainInputs): number {
  const fanoutTimeoutMs = inputs.fanoutTimeoutMs ?? configDefaults.fanoutTimeoutMs;
  const longestStepMs = Math.max(fanoutTimeoutMs, clickhouseRequestTimeoutMs, kickApiTimeoutMs);
  return inputs.preStopSeconds + (statementTimeoutMs + graphileAbortTimeoutMs + longestStepMs) / 1000;
}

/** The environment role's longest useful drain, seconds. */
export function envApiDrainSeconds(inputs: DrainInputs): number {
  return inputs.preStopSeconds + (inputs.fanoutTimeoutMs ?? configDefaults.fanoutTimeoutMs) / 1000;
}
