/**
 * Posts one simulated delivery to the ingest role's public listener and reports the answer's
 * status, or why there was none. Never throws: a refused connection is an outcome to count.
 */
import { coerceError } from '../shared/errors.ts';
import type { SimDelivery } from './traffic/createTraffic.ts';

/** The HTTP status of the answer, or the reason there was no answer. */
export type PostOutcome = { readonly kind: 'answered'; readonly status: number } | { readonly kind: 'failed'; readonly reason: string };

/** Posts `delivery` to `<ingestUrl><delivery.path>`, giving up after `timeoutMs`. */
export async function postDelivery(ingestUrl: string, delivery: SimDelivery, timeoutMs: number, fetchImpl: typeof fetch = fetch): Promise<PostOutcome> {
  try {
    const response = await fetchImpl(`${ingestUrl.replace(/\/+$/, '')}${delivery.path}`, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Read the answer to the end so the keep-alive connection can be reused.
    await response.arrayBuffer();
    return { kind: 'answered', status: response.status };
  } catch (e: unknown) {
    const error = coerceError(e);
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { kind: 'failed', reason: error.name === 'TimeoutError' ? 'timeout' : `${error.message}${cause}` };
  }
}
