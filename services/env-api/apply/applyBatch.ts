/**
 * The envelopes of one `POST /internal/events` request, each checked and applied on its own
 * (DESIGN §7): one event's failure never undoes another's, and the answer has one result per
 * envelope in request order.
 *
 * Envelopes are applied in `lanes`, each lane one envelope at a time on its own pool connection,
 * each envelope in its own transaction. An envelope's lane follows from its `subject`, so the
 * events of one subject keep their batch order (the fan-out's best-effort ordering holds here too)
 * and never wait on each other's row locks, while different subjects share the round trips.
 * Projectors are order-insensitive anyway (DESIGN §7).
 *
 * PostgreSQL going away stops the batch. When nothing was applied the whole request answers 503;
 * otherwise the results so far are answered and the envelopes left out are retried by the sender.
 */
import { isEventType } from '../../../generated/asyncapi/catalogue.ts';
import type { ProjectorMap } from '../../../generated/asyncapi/handlers.ts';
import type { EventResult } from '../../../generated/openapi/internal-events.schemas.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import { DatabaseUnavailableError } from '../../shared/pg/databaseErrors.ts';
import type { EnvPool } from '../../shared/pg/pools.ts';
import type { EnvApiMetrics } from '../metrics/envApiMetrics.ts';
import type { ProjectorTx } from '../projectors/projectorTx.ts';
import { applyEnvelope } from './applyEnvelope.ts';
import { checkEnvelope, errorResult, type EnvelopeCheck } from './checkEnvelope.ts';

/** What applying a batch needs. */
export interface ApplyBatchDeps {
  readonly pool: EnvPool;
  readonly projectors: ProjectorMap<ProjectorTx>;
  readonly metrics: EnvApiMetrics;
  readonly logger: Logger;
  /** Lanes applying at once (default {@link DEFAULT_APPLY_LANES}); keep it under the pool size. */
  readonly lanes?: number;
}

/** The answer for a batch. */
export type BatchAnswer = { readonly kind: 'results'; readonly results: readonly EventResult[] } | { readonly kind: 'unavailable'; readonly error: DatabaseUnavailableError };

/** Default lanes: enough to overlap commits (each waits for its WAL flush) without crowding the pool. */
export const DEFAULT_APPLY_LANES = 4;

type Applicable = Extract<EnvelopeCheck, { kind: 'apply' }>;

/** FNV-1a of the subject: a stable lane per subject. */
function laneOf(subject: string, lanes: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < subject.length; i++) hash = Math.imul(hash ^ subject.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % lanes;
}

async function applyOne(check: Applicable, deps: ApplyBatchDeps): Promise<EventResult> {
  const { ref, key } = check;
  const stopTimer = deps.metrics.applySeconds.startTimer({ type: key.type });
  const outcome = await applyEnvelope(deps.pool, deps.projectors, key, check.envelope);
  stopTimer({ status: outcome.status });
  deps.metrics.events.inc({ type: key.type, status: outcome.status });
  switch (outcome.status) {
    case 'processed':
    case 'duplicate':
      return { ...ref, status: outcome.status };
    case 'unsupported':
      deps.logger.debug({ eventId: key.id, type: key.type, reason: outcome.reason }, 'projector declined the event: parked, replayable');
      return errorResult(ref, 'ENVAPI_PROJECTOR_STUB', outcome.reason);
    case 'failed':
      deps.metrics.projectorErrors.inc({ type: key.type });
      deps.logger.warn({ err: outcome.error, eventId: key.id, type: key.type }, 'projector failed; the sender retries the event');
      return errorResult(ref, 'ENVAPI_PROJECTOR_FAILED', outcome.message);
  }
}

/** Checks and applies `items` (the parsed request body, a batch or one event as a batch of one). */
export async function applyBatch(items: readonly unknown[], deps: ApplyBatchDeps): Promise<BatchAnswer> {
  const slots: (EventResult | undefined)[] = Array.from({ length: items.length }, () => undefined);
  const laneCount = Math.max(1, deps.lanes ?? DEFAULT_APPLY_LANES);
  const lanes: { index: number; check: Applicable }[][] = Array.from({ length: laneCount }, () => []);
  for (const [index, item] of items.entries()) {
    const check = checkEnvelope(item, index);
    if (check.kind === 'apply') {
      lanes[laneOf(check.key.subject, laneCount)]?.push({ index, check });
    } else {
      // Only known types label the metric, so a sender's typo cannot grow its series without bound.
      deps.metrics.events.inc({ type: check.type !== null && isEventType(check.type) ? check.type : 'unknown', status: check.result.status });
      slots[index] = check.result;
    }
  }

  let unavailable: DatabaseUnavailableError | undefined;
  const runLane = async (lane: readonly { index: number; check: Applicable }[]): Promise<void> => {
    for (const { index, check } of lane) {
      if (unavailable !== undefined) return;
      try {
        slots[index] = await applyOne(check, deps);
      } catch (e: unknown) {
        if (!(e instanceof DatabaseUnavailableError)) throw e;
        unavailable ??= e;
      }
    }
  };
  await Promise.all(lanes.filter((lane) => lane.length > 0).map(runLane));

  const results = slots.filter((result) => result !== undefined);
  if (unavailable !== undefined) {
    const applied = results.some((result) => result.status === 'processed' || result.status === 'duplicate');
    deps.logger.error({ err: unavailable, answered: results.length, of: items.length }, 'PostgreSQL went away during a batch');
    if (!applied) return { kind: 'unavailable', error: unavailable };
  }
  return { kind: 'results', results };
}
