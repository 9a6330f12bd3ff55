/**
 * Webhook load for fault tests: several concurrent senders post signed deliveries (from the
 * simulator's traffic generator: every Kick type and Sumsub flows) at a steady overall rate over
 * keep-alive connections, and a ledger records every answer per delivery, the way a provider sees
 * it: acknowledged (200, with the envelope id), or not answered (connection reset or refused,
 * timeout, 503). Deliveries left unanswered can be sent again, byte for byte, as a provider's retry.
 *
 * A delivery's key is what ingest dedupes it by: Kick's message id, Sumsub's body digest.
 */
import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventType } from '../../../../generated/asyncapi/catalogue.ts';
import type { SimDelivery } from '../../../simulator/traffic/createTraffic.ts';

/** One answer (or the lack of one) to one POST. */
export type PostAnswer =
  | { readonly kind: 'answered'; readonly status: number; readonly answer: string | null; readonly id: string | null; readonly atMs: number }
  | { readonly kind: 'failed'; readonly reason: string; readonly atMs: number };

/** Everything sent under one key. */
export interface LedgerEntry {
  readonly key: string;
  readonly type: EventType;
  /** The first request sent under this key (what a retry sends again). */
  readonly delivery: SimDelivery;
  /** In the order received. */
  readonly answers: PostAnswer[];
}

/** What a generator hands the senders next. */
export type DeliverySource = () => SimDelivery;

/** Options of {@link createWebhookLoad}. */
export interface WebhookLoadOptions {
  readonly senders: number;
  /** Deliveries per second, all senders together. */
  readonly ratePerSecond: number;
  readonly source: DeliverySource;
  /** Per request (default 10 s, what Kick gives a receiver). */
  readonly timeoutMs?: number;
}

/** A load that can be started against a URL, paused (e.g. while the stack is down) and resumed elsewhere. */
export interface WebhookLoad {
  /** Starts the senders against `baseUrl`; `resend` goes first, before new deliveries. */
  start(baseUrl: string, resend?: readonly SimDelivery[]): void;
  /** Stops the senders; resolves once every request in flight has its answer or its failure. */
  pause(): Promise<void>;
  readonly ledger: ReadonlyMap<string, LedgerEntry>;
  /** POSTs sent so far. */
  sent(): number;
}

/** The dedupe key of a delivery. */
export function deliveryKey(delivery: SimDelivery): string {
  const messageId = delivery.headers['Kick-Event-Message-Id'];
  if (delivery.provider === 'kick' && messageId !== undefined) return `kick:${messageId}`;
  return `sumsub:${createHash('sha256').update(delivery.body).digest('hex')}`;
}

/** POSTs one delivery over `agent` and reads the answer; never throws. */
export function postDelivery(agent: Agent, baseUrl: string, delivery: SimDelivery, timeoutMs: number): Promise<PostAnswer> {
  return new Promise((resolve) => {
    const req = request(`${baseUrl}${delivery.path}`, { method: 'POST', agent, headers: delivery.headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (e: Error) => resolve({ kind: 'failed', reason: `answer cut: ${e.message}`, atMs: Date.now() }));
      res.on('end', () => {
        let parsed: { id?: unknown; status?: unknown } = {};
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString()) as { id?: unknown; status?: unknown };
        } catch {
          parsed = {};
        }
        resolve({
          kind: 'answered',
          status: res.statusCode ?? 0,
          answer: typeof parsed.status === 'string' ? parsed.status : null,
          id: typeof parsed.id === 'string' ? parsed.id : null,
          atMs: Date.now(),
        });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e: Error) => resolve({ kind: 'failed', reason: e.message, atMs: Date.now() }));
    req.end(delivery.body);
  });
}

/** Creates the load; nothing is sent before `start`. */
export function createWebhookLoad(options: WebhookLoadOptions): WebhookLoad {
  const ledger = new Map<string, LedgerEntry>();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = 1000 / options.ratePerSecond;
  let running: { agent: Agent; stop: boolean; senders: Promise<void>[] } | null = null;
  let count = 0;

  const record = (delivery: SimDelivery, answer: PostAnswer): void => {
    const key = deliveryKey(delivery);
    let entry = ledger.get(key);
    if (entry === undefined) {
      entry = { key, type: delivery.type, delivery, answers: [] };
      ledger.set(key, entry);
    }
    entry.answers.push(answer);
  };

  return {
    ledger,
    sent: () => count,
    start(baseUrl, resend = []) {
      if (running !== null) throw new Error('the load is already running');
      const queue = [...resend];
      // Keep-alive, as a busy provider; destroyed on pause so a dead stack's sockets are not reused.
      const state = { agent: new Agent({ keepAlive: true, maxSockets: options.senders }), stop: false, senders: [] as Promise<void>[] };
      let nextSlot = performance.now();
      const sender = async (): Promise<void> => {
        while (!state.stop) {
          // One global schedule: the senders together keep the rate, whatever each one waits for.
          const slot = Math.max(nextSlot, performance.now());
          nextSlot = slot + intervalMs;
          const wait = slot - performance.now();
          if (wait > 0) await sleep(wait);
          if (state.stop) return;
          const delivery = queue.shift() ?? options.source();
          count += 1;
          record(delivery, await postDelivery(state.agent, baseUrl, delivery, timeoutMs));
        }
      };
      state.senders = Array.from({ length: options.senders }, () => sender());
      running = state;
    },
    async pause() {
      const state = running;
      if (state === null) return;
      state.stop = true;
      await Promise.all(state.senders);
      state.agent.destroy();
      running = null;
    },
  };
}

/** What the ledger comes to. */
export interface LedgerSummary {
  /** Envelope id per acknowledged key (200 accepted or duplicate). */
  readonly acknowledged: ReadonlyMap<string, string>;
  /** Keys never acknowledged. */
  readonly unanswered: readonly LedgerEntry[];
  /** Keys whose 200 answers named more than one envelope id (a delivery accepted twice). */
  readonly conflicting: readonly { key: string; ids: string[] }[];
  /** Answers other than 200 and 503 (a fault test sends only good deliveries). */
  readonly unexpected: readonly { key: string; status: number; answer: string | null }[];
  readonly counts: { readonly posts: number; readonly accepted: number; readonly duplicate: number; readonly unavailable: number; readonly failed: number };
}

/** Sums up `ledger`. */
export function summarizeLedger(ledger: ReadonlyMap<string, LedgerEntry>): LedgerSummary {
  const acknowledged = new Map<string, string>();
  const unanswered: LedgerEntry[] = [];
  const conflicting: { key: string; ids: string[] }[] = [];
  const unexpected: { key: string; status: number; answer: string | null }[] = [];
  const counts = { posts: 0, accepted: 0, duplicate: 0, unavailable: 0, failed: 0 };
  for (const entry of ledger.values()) {
    const ids = new Set<string>();
    for (const answer of entry.answers) {
      counts.posts += 1;
      if (answer.kind === 'failed') {
        counts.failed += 1;
      } else if (answer.status === 200 && answer.id !== null && (answer.answer === 'accepted' || answer.answer === 'duplicate')) {
        counts[answer.answer] += 1;
        ids.add(answer.id);
      } else if (answer.status === 503) {
        counts.unavailable += 1;
      } else {
        unexpected.push({ key: entry.key, status: answer.status, answer: answer.answer });
      }
    }
    const [first] = ids;
    if (first === undefined) unanswered.push(entry);
    else acknowledged.set(entry.key, first);
    if (ids.size > 1) conflicting.push({ key: entry.key, ids: [...ids] });
  }
  return { acknowledged, unanswered, conflicting, unexpected, counts };
}
