/**
 * The deliveries the simulator posts: Kick and Sumsub webhooks mixed, serialised and signed, with
 * what real providers also do now and then: send a message twice in a row (a duplicate) or send it
 * again later (a retry: Kick re-signs the same message id and body with a new timestamp; Sumsub
 * resends the same bytes). Deterministic for a seed and a sequence of clock readings.
 */
import { createHash, type KeyObject } from 'node:crypto';
import type { EventType } from '../../../generated/asyncapi/catalogue.ts';
import type { SimChannel } from '../simulatedChannels.ts';
import { stableUlid, ulid } from './ids.ts';
import { createKickTraffic } from './kickTraffic.ts';
import { createPrng, hash32 } from './prng.ts';
import { signKickDelivery, type KickMessage } from './signKickDelivery.ts';
import { signSumsubDelivery } from './signSumsubDelivery.ts';
import { createSumsubTraffic } from './sumsubTraffic.ts';

/** One HTTP request to the ingest role's public listener. */
export interface SimDelivery {
  readonly provider: 'kick' | 'sumsub';
  readonly path: '/webhooks/kick' | '/webhooks/sumsub';
  readonly type: EventType;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** A first send, an immediate duplicate of an earlier request, or a later retry of an earlier message. */
  readonly resend: 'original' | 'duplicate' | 'retry';
}

/** Options of {@link createTraffic}. */
export interface TrafficOptions {
  readonly seed: number;
  readonly channels: readonly SimChannel[];
  readonly kickPrivateKey: KeyObject;
  readonly sumsubSecret: string;
  /** Share of Sumsub deliveries among originals (default 0.1). */
  readonly sumsubShare?: number;
  /** Chance that a delivery duplicates one of the last few (default 0.02). */
  readonly duplicateRate?: number;
  /** Chance that a delivery retries an older message (default 0.02). */
  readonly retryRate?: number;
}

/** The delivery generator. */
export interface Traffic {
  next(nowMs: number): SimDelivery;
}

interface Sent {
  readonly delivery: SimDelivery;
  /** What a Kick retry re-signs; null for Sumsub. */
  readonly kick: KickMessage | null;
}

/** Earlier deliveries kept for duplicates and retries. */
const KEPT = 200;

/** A retry resends a message at least this many deliveries old. */
const RETRY_MIN_AGE = 10;

/** How many original bodies are remembered to keep them distinct. */
const UNIQUE_BODIES = 200_000;

/** The last `size` bodies seen, by hash; `add` answers false for one seen before. */
function createBodyWindow(size: number): { add(body: string): boolean } {
  const seen = new Set<string>();
  // A ring of the keys in arrival order: the oldest leaves the set when the ring wraps.
  const ring: (string | undefined)[] = new Array<string | undefined>(size);
  let next = 0;
  return {
    add(body) {
      const key = createHash('sha256').update(body).digest('base64');
      if (seen.has(key)) return false;
      const oldest = ring[next];
      if (oldest !== undefined) seen.delete(oldest);
      ring[next] = key;
      next = (next + 1) % size;
      seen.add(key);
      return true;
    },
  };
}

/** Creates the generator. */
export function createTraffic(options: TrafficOptions): Traffic {
  const prng = createPrng(options.seed);
  const kick = createKickTraffic({ seed: hash32(`kick:${options.seed}`), channels: options.channels });
  const sumsub = createSumsubTraffic({ seed: hash32(`sumsub:${options.seed}`) });
  const recent: Sent[] = [];

  const bodies = createBodyWindow(UNIQUE_BODIES);

  const generate = (nowMs: number): Sent => {
    if (prng.chance(options.sumsubShare ?? 0.1)) {
      const event = sumsub.next(nowMs);
      const body = JSON.stringify(event.payload);
      return { delivery: { provider: 'sumsub', path: '/webhooks/sumsub', type: event.type, headers: signSumsubDelivery(body, options.sumsubSecret), body, resend: 'original' }, kick: null };
    }
    const event = kick.next(nowMs);
    const message: KickMessage = {
      messageId: ulid(nowMs, prng),
      // One subscription per channel and event, as the subscription sync creates them.
      subscriptionId: stableUlid(`subscription:${event.broadcasterUserId}:${event.name}`),
      name: event.name,
      body: JSON.stringify(event.payload),
    };
    const headers = signKickDelivery(message, nowMs, options.kickPrivateKey);
    return { delivery: { provider: 'kick', path: '/webhooks/kick', type: event.type, headers, body: message.body, resend: 'original' }, kick: message };
  };

  // Ingest dedupes on the body as well as on Kick's message id (a resubscribed channel resends a body
  // under a new id), so an original whose body was sent before is replaced by the next one: every
  // original is then a distinct event, and `sent - duplicates - retries` is what ingest accepts.
  const original = (nowMs: number): Sent => {
    let sent = generate(nowMs);
    for (let tries = 0; !bodies.add(`${sent.delivery.type}\n${sent.delivery.body}`) && tries < 10; tries++) sent = generate(nowMs);
    return sent;
  };

  return {
    next(nowMs) {
      const roll = prng.next();
      const duplicateRate = options.duplicateRate ?? 0.02;
      if (recent.length > 0 && roll < duplicateRate) {
        const earlier = recent[recent.length - 1 - prng.int(0, Math.min(3, recent.length))];
        if (earlier !== undefined) return { ...earlier.delivery, resend: 'duplicate' };
      }
      if (recent.length > RETRY_MIN_AGE && roll < duplicateRate + (options.retryRate ?? 0.02)) {
        // Something from a while ago, as a provider retrying after a failed or slow answer.
        const earlier = recent[prng.int(0, recent.length - RETRY_MIN_AGE)];
        if (earlier !== undefined) {
          const headers = earlier.kick === null ? earlier.delivery.headers : signKickDelivery(earlier.kick, nowMs, options.kickPrivateKey);
          return { ...earlier.delivery, headers, resend: 'retry' };
        }
      }
      const sent = original(nowMs);
      recent.push(sent);
      if (recent.length > KEPT) recent.shift();
      return sent.delivery;
    },
  };
}
