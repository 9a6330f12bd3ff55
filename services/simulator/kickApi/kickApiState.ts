/**
 * The Kick API simulator's memory: issued app tokens and the app's event subscriptions. Lost on
 * restart, as nothing depends on it surviving: the subscription sync recreates what is missing.
 */
import { randomBytes } from 'node:crypto';
import type { EventSubscription } from '../../../generated/openapi/kick-api.schemas.ts';
import { ulid } from '../traffic/ids.ts';
import { createPrng } from '../traffic/prng.ts';

/** App tokens live this long, seconds (Kick's reported `expires_in`). */
export const TOKEN_LIFETIME_SECONDS = 3600;

/** The simulator's mutable state. */
export interface KickApiState {
  readonly appId: string;
  /** Issues a token valid for {@link TOKEN_LIFETIME_SECONDS}. */
  issueToken(nowMs: number): string;
  tokenValid(token: string, nowMs: number): boolean;
  /** A new subscription id (a ULID). */
  nextId(nowMs: number): string;
  subscriptions: EventSubscription[];
}

/** Creates an empty state. */
export function createKickApiState(): KickApiState {
  const tokens = new Map<string, number>();
  // Ids need only be unique and ULID-shaped; a random seed keeps two runs from reusing them.
  const prng = createPrng(randomBytes(4).readUInt32BE(0));
  return {
    appId: ulid(Date.now(), prng),
    issueToken(nowMs) {
      for (const [token, expiresAt] of tokens) if (expiresAt <= nowMs) tokens.delete(token);
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, nowMs + TOKEN_LIFETIME_SECONDS * 1000);
      return token;
    },
    tokenValid(token, nowMs) {
      const expiresAt = tokens.get(token);
      return expiresAt !== undefined && expiresAt > nowMs;
    },
    nextId: (nowMs) => ulid(nowMs, prng),
    subscriptions: [],
  };
}
