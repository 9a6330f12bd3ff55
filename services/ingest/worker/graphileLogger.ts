/**
 * graphile-worker's logger on top of our pino logger, so the worker's lines are JSON like the
 * rest of the process.
 */
import { Logger as GraphileLogger } from 'graphile-worker';
import type { Logger } from '../../shared/logging/createLogger.ts';

/**
 * A graphile-worker `Logger` writing to `logger`. graphile's scope (worker id, task, job id)
 * becomes child bindings. The per-job "Completed task" line is logged at debug: the tasks log
 * what they did, and a busy queue would otherwise fill the info level.
 */
export function graphileLogger(logger: Logger): GraphileLogger {
  return new GraphileLogger((scope) => {
    const child = logger.child({ component: 'graphile-worker', ...definedOnly(scope) });
    return (level, message, meta) => {
      const fields = summarize(meta);
      if (level === 'error') child.error(fields, message);
      else if (level === 'warning') child.warn(fields, message);
      else if (level === 'info' && meta['success'] !== true) child.info(fields, message);
      else child.debug(fields, message);
    };
  });
}

function definedOnly(scope: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(scope).filter(([, value]) => value !== undefined));
}

/**
 * Keeps what an operator reads: scalars, the error, and a job's identity. graphile passes whole
 * job rows (with payloads) and contexts, which do not belong in log lines.
 */
function summarize(meta: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta)) {
    if (value instanceof Error) fields[key === 'error' ? 'err' : key] = value;
    else if (key === 'job' && typeof value === 'object' && value !== null) {
      const job = value as Record<string, unknown>;
      fields['job'] = { id: job['id'], task: job['task_identifier'], attempts: job['attempts'], maxAttempts: job['max_attempts'] };
    } else if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  }
  return fields;
}
