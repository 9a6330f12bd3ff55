/**
 * graphile-worker task `fanout`: runs the sender of one target (services/fanout/sendPending.ts),
 * payload `{ "target": "<name>" }`.
 *
 * How it is queued: every accepting transaction adds a debounced job per target (queue
 * `fanout:<target>`, job key `fanout:<target>` or `fanout:<target>#<lane>`); this task queues its
 * own follow-up when work remains that is not due yet (a batch in back-off, an event awaiting its
 * retry), under the job key `fanout:<target>:retry`, so nothing waits for new traffic. That key is
 * its own: the accept path's keys use `preserve_run_at`, and a retry time an hour away kept under
 * them would hold back the next webhook's delivery for that hour.
 *
 * Idempotency: the job carries no work of its own; each run sends whatever is due. A redelivered
 * or doubled run finds nothing due, or the work the other run left; batches keep their id on
 * every retry, and receivers dedupe on envelope id, so a resend never applies an event twice.
 *
 * Ordering: jobs of one target's queue run one at a time, and the sender also holds the target's
 * advisory lock; batches follow outbox order, best effort per subject (DESIGN §6).
 *
 * Failure: target failures are recorded and retried by the sender itself, never by throwing;
 * PostgreSQL errors throw, so graphile-worker retries the job. A payload that is not
 * `{ target }`, or names a target not in FANOUT_TARGETS, can never succeed: it is written to
 * `ingest.dead_letter` (kind `job`) and the task returns.
 */
import type { Task } from 'graphile-worker';
import { sql } from 'slonik';
import type { FanoutTarget } from '../../shared/config/fanoutTargets.ts';
import { pendingGaugeRefresher } from '../metrics/pendingGauge.ts';
import { sendPending, type SendRunResult } from '../sendPending.ts';
import type { SenderDeps } from '../senderDeps.ts';

/** The task identifier (stored in job rows: never rename). */
export const FANOUT_TASK = 'fanout';

/** The named queue of a target's jobs: one sender per target at a time. */
export function fanoutQueueName(target: string): string {
  return `fanout:${target}`;
}

/** The job key of the sender's own follow-up job. */
export function fanoutRetryJobKey(target: string): string {
  return `fanout:${target}:retry`;
}

/**
 * The safety-net crontab, one line per target: every minute, the target's job in its queue under
 * the accept path's key (`preserve_run_at`, so a job already waiting keeps its time). It wakes a
 * sender that nothing else would: deliveries made pending by an operator command that queued no
 * job, or a job graphile-worker gave up on after its attempts (a long database outage) while no
 * webhook came to queue a new one. Each run is cheap when nothing is due.
 *
 * graphile's crontab allows `[-a-zA-Z0-9_:]` in a queue name; a target name with a `.` gets its
 * line without a queue (and its own job key), and the advisory lock keeps it from sending beside
 * the queued job.
 */
export function fanoutCrontab(targets: readonly Pick<FanoutTarget, 'name'>[]): string {
  return targets
    .map(({ name }) => {
      const id = `fanout_${name.replace(/[^-_a-zA-Z0-9]/g, '_')}`;
      const placement = /^[-a-zA-Z0-9_:]+$/.test(fanoutQueueName(name)) ? `queue=${fanoutQueueName(name)}&jobKey=${fanoutQueueName(name)}` : `jobKey=${fanoutQueueName(name)}:cron`;
      return `* * * * * ${FANOUT_TASK} ?id=${id}&${placement}&jobKeyMode=preserve_run_at ${JSON.stringify({ target: name })}`;
    })
    .join('\n');
}

/** How long a run that found another sender holding the target's lock waits before looking again. */
const busyRetryMs = 5_000;

/** What the task needs: the sender's dependencies and the configured targets (empty: dry run). */
export interface FanoutDeps extends SenderDeps {
  readonly targets: readonly FanoutTarget[];
}

/** The `fanout` task with its dependencies captured. */
export function fanoutTask(deps: FanoutDeps): Task {
  const logger = deps.logger.child({ task: FANOUT_TASK });
  const targets = new Map(deps.targets.map((t) => [t.name, t]));
  const refreshGauge = pendingGaugeRefresher(deps.pool, deps.metrics);
  return async (payload, helpers) => {
    const name = targetOf(payload);
    const target = name === null ? undefined : targets.get(name);
    if (target === undefined) {
      const reason = name === null ? 'invalid_payload' : 'unknown_target';
      const error = name === null ? 'payload must be { "target": "<name>" }' : `target "${name}" is not in FANOUT_TARGETS (configured: ${[...targets.keys()].join(', ') || 'none, dry-run mode'})`;
      logger.error({ payload, reason, jobId: helpers.job.id }, `fanout job dead-lettered: ${error}`);
      await deps.pool.query(sql.unsafe`
        INSERT INTO ingest.dead_letter (kind, target, task_identifier, payload, reason, error)
        VALUES ('job', ${name}, ${FANOUT_TASK}, ${JSON.stringify(payload ?? null)}::jsonb, ${reason}, ${error})`);
      return;
    }
    const result = await sendPending({ ...deps, logger }, target, { signal: helpers.abortSignal });
    await refreshGauge(target.name);
    const runAt = followUpAt(result, deps.now ?? (() => new Date()));
    if (runAt === null) return;
    logger.debug({ target: target.name, result: result.kind, runAt: runAt.toISOString() }, 'fanout job re-queued');
    await helpers.addJob(FANOUT_TASK, { target: target.name }, { queueName: fanoutQueueName(target.name), runAt, jobKey: fanoutRetryJobKey(target.name), jobKeyMode: 'replace' });
  };
}

/** When the follow-up job runs, or null when nothing is pending. */
function followUpAt(result: SendRunResult, now: () => Date): Date | null {
  switch (result.kind) {
    case 'idle':
      return null;
    case 'waiting':
      return result.nextAt;
    case 'yielded':
      return now();
    case 'busy':
      return new Date(now().getTime() + busyRetryMs);
  }
}

function targetOf(payload: unknown): string | null {
  if (typeof payload !== 'object' || payload === null || !('target' in payload)) return null;
  const target: unknown = payload.target;
  return typeof target === 'string' && target !== '' ? target : null;
}
