/**
 * Wakes the senders of some fan-out targets, on the caller's transaction: the same debounced job
 * the accept path queues (services/ingest/accept/outboxWriter.ts), task `fanout`, payload
 * `{ "target": <name> }`, named queue and job key `fanout:<name>`, so each target still has one
 * sender at a time and a job already waiting keeps its run time (`preserve_run_at`).
 */
import { sql, type DatabaseTransactionConnection } from 'slonik';

/** Queues one `fanout` job per distinct target, in name order (the accept path's lock order). */
export async function queueFanoutJobs(tx: DatabaseTransactionConnection, targets: Iterable<string>): Promise<void> {
  for (const target of [...new Set(targets)].sort()) {
    await tx.query(sql.unsafe`
      SELECT (graphile_worker.add_job(
        'fanout',
        json_build_object('target', ${target}::text),
        queue_name => ${`fanout:${target}`},
        job_key => ${`fanout:${target}`},
        job_key_mode => 'preserve_run_at'
      )).id`);
  }
}
