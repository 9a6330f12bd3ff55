/**
 * The envelopes of one `POST /internal/events` request, each checked and applied on its own
 * (DESIGN §7): one event's failure never undoes another's, and the answer has one result per
 * envelope in request order.
 *
 * Envelopes are applied in `lanes`, each lane on its own pool connection, in groups of up to
 * {@link GROUP_MAX_EVENTS} envelopes per transaction (applyGroup.ts: one commit per group; when
 * any event of a group fails, the group is applied again one transaction per event, so the
 * answers are exactly those of one transaction each). An envelope's lane follows from its
 * `subject`, so the events of one subject keep their batch order (the fan-out's best-effort
 * ordering holds here too). Projectors are order-insensitive anyway (DESIGN §7).
 *
 * One lane by default: events of different subjects still share rows (a chat sender or follower is
 * one user row across channels), and a group transaction holds its row locks until it commits, so
 * parallel lanes waited on each other, and deadlocked (a second each before PostgreSQL notices).
 * `npm run bench -- e2e`, 2026-11-21: four lanes with groups projected 135/s into both
 * environments, one lane 398/s; four lanes of one transaction per event had done 289/s.
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
import { applyGroup } from './applyGroup.ts';
import { checkEnvelope, errorResult, type EnvelopeCheck } from './checkEnvelope.ts';

/** What applying a batch needs. */
export interface ApplyBatchDeps {
  readonly pool: EnvPool;
  readonly projectors: ProjectorMap<ProjectorTx>;
  readonly metrics: EnvApiMetrics;
  readonly logger: Logger;
  /** Lanes applying at once (default {@link DEFAULT_APPLY_LANES}); keep it under the pool size. */
  readonly lanes?: number;
  /** Envelopes per transaction within a lane (default {@link GROUP_MAX_EVENTS}); 1 applies each on its own. */
  readonly groupMaxEvents?: number;
}

/** The answer for a batch. */
export type BatchAnswer = { readonly kind: 'results'; readonly results: readonly EventResult[] } | { readonly kind: 'unavailable'; readonly error: DatabaseUnavailableError };

/** Default lanes: one (see above); more only pays when subjects share no rows. */
export const DEFAULT_APPLY_LANES = 1;

/**
 * Envelopes per transaction. Bounds how long one transaction holds its rows and how much one
 * failing event costs (its group is applied again event by event).
 */
export const GROUP_MAX_EVENTS = 50;

type Applicable = Extract<EnvelopeCheck, { kind: 'apply' }>;
type LaneItem = { readonly index: number; readonly check: Applicable };

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

/**
 * Applies `group` in one transaction and answers each envelope into `slots`; when the group gives
 * up (an event failed or declined), applies each envelope on its own so each gets its own answer.
 * Answers land in `slots` as they are known, so a PostgreSQL failure midway keeps those already
 * committed.
 */
async function applyLaneGroup(group: readonly LaneItem[], slots: (EventResult | undefined)[], deps: ApplyBatchDeps): Promise<void> {
  const started = performance.now();
  const statuses = group.length > 1 ? await applyGroup(deps.pool, deps.projectors, group.map(({ check }) => check)) : null;
  if (statuses === null) {
    for (const { index, check } of group) slots[index] = await applyOne(check, deps);
    return;
  }
  // The commit is shared, so each envelope is charged its share of the group's time.
  const secondsEach = (performance.now() - started) / 1000 / group.length;
  for (const [i, { index, check }] of group.entries()) {
    const status = statuses[i] ?? 'processed';
    deps.metrics.applySeconds.observe({ type: check.key.type, status }, secondsEach);
    deps.metrics.events.inc({ type: check.key.type, status });
    slots[index] = { ...check.ref, status };
  }
}

/** Checks and applies `items` (the parsed request body, a batch or one event as a batch of one). */
export async function applyBatch(items: readonly unknown[], deps: ApplyBatchDeps): Promise<BatchAnswer> {
  const slots: (EventResult | undefined)[] = Array.from({ length: items.length }, () => undefined);
  const laneCount = Math.max(1, deps.lanes ?? DEFAULT_APPLY_LANES);
  const groupSize = Math.max(1, deps.groupMaxEvents ?? GROUP_MAX_EVENTS);
  const lanes: LaneItem[][] = Array.from({ length: laneCount }, () => []);
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
  const runLane = async (lane: readonly LaneItem[]): Promise<void> => {
    for (let start = 0; start < lane.length; start += groupSize) {
      if (unavailable !== undefined) return;
      const group = lane.slice(start, start + groupSize);
      try {
        await applyLaneGroup(group, slots, deps);
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
