/**
 * The in-memory state of the fake Kick API: issued tokens, channels, event subscriptions, queued
 * failures and the request log. Kept apart from the HTTP routes so the controls tests call and
 * the routes share one object.
 */
import { randomBytes } from 'node:crypto';
import type { Channel, EventSubscription } from '../../../../generated/openapi/kick-api.schemas.ts';

/** A request the fake received; query values always as arrays, in order. */
export interface FakeKickRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, readonly string[]>>;
}

/** A canned answer for the next request to a path. */
export interface FakeKickFailure {
  readonly status: number;
  /** Sent as `Retry-After: <seconds>`. */
  readonly retryAfterSeconds?: number;
  /** Sent as `Retry-After` verbatim (an HTTP date, say). */
  readonly retryAfter?: string;
  /** Only requests of this method; any method when absent. */
  readonly method?: string;
  /** JSON body; `{ message: 'Too Many Requests' }`-style by default. */
  readonly body?: unknown;
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = (crockford[Number(value % 32n)] ?? '0') + out;
    value /= 32n;
  }
  return out;
}

/** The fake's mutable state. */
export interface FakeKickState {
  readonly appId: string;
  expiresInSeconds: number;
  publicKeyPem: string;
  /** token → expiry, epoch ms. */
  readonly tokens: Map<string, number>;
  readonly channels: Map<number, Channel>;
  subscriptions: EventSubscription[];
  readonly failures: Map<string, FakeKickFailure[]>;
  readonly requests: FakeKickRequest[];
  /** A ULID-like id (26 Crockford base32 characters, time first), increasing within the process. */
  nextId(): string;
  issueToken(): string;
  tokenValid(token: string): boolean;
  /** Takes the queued failure for this request, if any. */
  takeFailure(method: string, path: string): FakeKickFailure | undefined;
}

/** Creates an empty state. */
export function createFakeKickState(options: { expiresInSeconds: number; publicKeyPem: string }): FakeKickState {
  let counter = 0n;
  return {
    appId: base32(BigInt(`0x${randomBytes(8).toString('hex')}`), 26),
    expiresInSeconds: options.expiresInSeconds,
    publicKeyPem: options.publicKeyPem,
    tokens: new Map(),
    channels: new Map(),
    subscriptions: [],
    failures: new Map(),
    requests: [],
    nextId() {
      counter += 1n;
      // Time, then a process-wide counter, then randomness: sorts in creation order like a monotonic ULID.
      return base32(BigInt(Date.now()), 10) + base32(counter, 6) + base32(BigInt(`0x${randomBytes(7).toString('hex')}`), 10);
    },
    issueToken() {
      const token = randomBytes(24).toString('base64url');
      this.tokens.set(token, Date.now() + this.expiresInSeconds * 1000);
      return token;
    },
    tokenValid(token) {
      const expiresAt = this.tokens.get(token);
      return expiresAt !== undefined && expiresAt > Date.now();
    },
    takeFailure(method, path) {
      const queue = this.failures.get(path);
      const index = queue?.findIndex((f) => f.method === undefined || f.method.toUpperCase() === method) ?? -1;
      if (queue === undefined || index < 0) return undefined;
      return queue.splice(index, 1)[0];
    },
  };
}
