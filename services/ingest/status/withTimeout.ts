/**
 * Bounds how long a status read or a metrics scrape waits on a store: an operator's `vf status`
 * and Prometheus both expect an answer in seconds, also when ClickHouse or PostgreSQL hangs.
 */
import { AppError } from '../../shared/errors.ts';

/** Resolves as `promise` does, or rejects with `STORE_TIMEOUT` after `timeoutMs` (the work itself is not cancelled). */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new AppError('STORE_TIMEOUT', `${what}: no answer within ${String(timeoutMs)} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
