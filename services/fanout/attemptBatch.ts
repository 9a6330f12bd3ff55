/**
 * One attempt of one batch: send it, then record what the target answered (DESIGN §6) — per-event
 * outcomes for a 200, a split for a 413, a later retry of the whole batch for anything else.
 */
import type { DatabasePoolConnection } from 'slonik';
import type { FanoutTarget } from '../shared/config/fanoutTargets.ts';
import { renderBatchBody, type DeliveryBatch } from './batches/deliveryBatch.ts';
import { recordAnswered } from './batches/recordAnswered.ts';
import { recordBatchRetry } from './batches/recordBatchRetry.ts';
import { splitBatch } from './batches/splitBatch.ts';
import { backoffDelayMs } from './domain/backoff.ts';
import { planDeliveries, type DeliveryDecision } from './domain/planDeliveries.ts';
import { postBatch } from './http/postBatch.ts';
import { countAlert, type DeliveryOutcomeLabel } from './metrics/fanoutMetrics.ts';
import type { ResolvedSenderDeps } from './senderDeps.ts';

/** How the attempt ended, for the sender loop. */
export type AttemptResult = { kind: 'answered' } | { kind: 'split' } | { kind: 'retry'; nextAttemptAt: Date };

/** Sends `batch` to `target` once and records the answer. */
export async function attemptBatch(db: DatabasePoolConnection, deps: ResolvedSenderDeps, target: FanoutTarget, batch: DeliveryBatch): Promise<AttemptResult> {
  const { tuning, logger, metrics } = deps;
  const log = logger.child({ target: target.name, batchId: batch.id, events: batch.members.length, attempt: batch.attempts + 1 });
  const answer = await postBatch({
    url: target.url,
    batchId: batch.id,
    body: renderBatchBody(batch.members),
    secrets: target.secrets,
    now: deps.now(),
    timeoutMs: tuning.timeoutMs,
    fetch: deps.fetch,
  });
  metrics?.batchAttempts.inc({ target: target.name, status: answer.label });
  const now = deps.now();
  switch (answer.kind) {
    case 'answered': {
      const decisions = planDeliveries(batch.members, answer.results, tuning.maxAttempts);
      const retryAt = (attempts: number) => new Date(now.getTime() + backoffDelayMs({ attempts, backoffMaxMs: tuning.backoffMaxMs, random: deps.random }));
      await recordAnswered(db, batch, decisions, now, retryAt);
      const counts = countOutcomes(decisions);
      for (const [outcome, n] of counts) metrics?.deliveries.inc({ target: target.name, outcome }, n);
      const dead = decisions.filter((d) => d.kind === 'dead');
      if (dead.length > 0) log.warn({ dead: dead.map((d) => ({ deliveryId: d.deliveryId, envelopeId: d.envelopeId, reason: d.reason, error: d.error })) }, 'fan-out deliveries dead-lettered');
      log.debug({ outcomes: Object.fromEntries(counts) }, 'fan-out batch answered');
      return { kind: 'answered' };
    }
    case 'too_large': {
      const split = await splitBatch(db, batch, now, answer.error);
      if (split.kind === 'too_large') {
        metrics?.deliveries.inc({ target: target.name, outcome: 'too_large' });
        log.error({ deliveryId: split.deliveryId }, 'the target refused a single event as too large (413); dead-lettered');
      } else {
        log.warn({ batchIds: split.batchIds }, 'the target refused the batch as too large (413); split in two');
      }
      return { kind: 'split' };
    }
    case 'retry': {
      const delayMs = backoffDelayMs({ attempts: batch.attempts + 1, backoffMaxMs: tuning.backoffMaxMs, random: deps.random, retryAfterMs: answer.retryAfterMs });
      const nextAttemptAt = new Date(now.getTime() + delayMs);
      await recordBatchRetry(db, batch, { httpStatus: answer.httpStatus, error: answer.error, attemptedAt: now, nextAttemptAt });
      const context = { httpStatus: answer.httpStatus, error: answer.error, retryAfterMs: answer.retryAfterMs, nextAttemptAt: nextAttemptAt.toISOString() };
      if (answer.alert === null) {
        log.warn(context, 'fan-out batch not delivered; retrying later');
      } else {
        // An alert: the target will not accept anything until a person fixes a secret, a URL or a
        // contract mismatch. The batch is retried regardless, never dead-lettered for this.
        countAlert(metrics, target.name, answer.alert);
        log.error({ ...context, alert: answer.alert }, 'fan-out target refused the batch; check its secret, URL and contract');
      }
      return { kind: 'retry', nextAttemptAt };
    }
  }
}

function countOutcomes(decisions: readonly DeliveryDecision[]): Map<DeliveryOutcomeLabel, number> {
  const counts = new Map<DeliveryOutcomeLabel, number>();
  for (const d of decisions) {
    const label: DeliveryOutcomeLabel = d.kind === 'dead' && d.reason === 'max_attempts' ? 'dead' : d.outcome;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return counts;
}
