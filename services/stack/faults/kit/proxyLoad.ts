/**
 * Webhook load for fault tests: concurrent senders posting signed webhooks to the ingest role's
 * public listener while a fault is injected, recording every answer (status, `Retry-After`, the
 * answered id and status) so the test can check each one against the databases afterwards.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SignedWebhook } from '../../local/test/localStackTestKit.ts';

/** One webhook and what it was answered (the last answer, when it was sent again). */
export interface SentWebhook {
  /** What the test finds it by: the Kick message id, or a Sumsub applicant id. */
  readonly key: string;
  readonly kind: string;
  readonly webhook: SignedWebhook;
  /** HTTP status; 0 when no answer came (see `answer` for the error). */
  status: number;
  retryAfter: string | null;
  /** `id` of the answer (the envelope id when accepted or duplicate). */
  id: string | null;
  /** `status` of the answer (accepted, duplicate, …) or the error code. */
  answer: string | null;
}

/** A webhook to send, from the test's builder. */
export interface LoadItem {
  readonly key: string;
  readonly kind: string;
  readonly webhook: SignedWebhook;
}

/** Options of {@link sendLoad}. */
export interface LoadOptions {
  readonly baseUrl: string;
  readonly senders: number;
  /** Total webhooks per second over all senders (at most; the role may be slower). */
  readonly ratePerSecond: number;
  /** Builds the n-th webhook. */
  readonly make: (n: number) => LoadItem;
  /** Asked before each send; the load ends when it answers true. */
  readonly done: () => boolean;
}

/** POSTs one webhook and records the answer on `sent` (a request failing without an answer throws). */
export async function sendOne(baseUrl: string, sent: SentWebhook): Promise<SentWebhook> {
  const response = await fetch(`${baseUrl}${sent.webhook.path}`, { method: 'POST', headers: sent.webhook.headers, body: sent.webhook.body });
  const text = await response.text();
  let body: { id?: unknown; status?: unknown; code?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = {};
  }
  sent.status = response.status;
  sent.retryAfter = response.headers.get('retry-after');
  sent.id = typeof body.id === 'string' ? body.id : null;
  const answer = body.status ?? body.code;
  sent.answer = typeof answer === 'string' ? answer : null;
  return sent;
}

/** Runs the load until `done()`; resolves with every webhook sent, in sending order. */
export async function sendLoad(options: LoadOptions): Promise<SentWebhook[]> {
  const sent: SentWebhook[] = [];
  const intervalMs = (1000 * options.senders) / options.ratePerSecond;
  let next = 0;
  const sender = async (): Promise<void> => {
    while (!options.done()) {
      const startedAt = Date.now();
      const item: SentWebhook = { ...options.make(next), status: 0, retryAfter: null, id: null, answer: null };
      next += 1;
      sent.push(item);
      // A request answered by nothing (the role gone, the connection cut) is recorded as status
      // 0 with the error, and the load goes on: the test names it among the failures.
      await sendOne(options.baseUrl, item).catch((e: unknown) => {
        item.answer = e instanceof Error ? e.message : String(e);
      });
      const wait = intervalMs - (Date.now() - startedAt);
      if (wait > 0) await sleep(wait);
    }
  };
  await Promise.all(Array.from({ length: options.senders }, sender));
  return sent;
}
