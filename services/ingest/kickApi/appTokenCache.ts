/**
 * The app access token of the Kick client: minted on first use, kept until shortly before its
 * `expires_in` runs out, and shared by concurrent callers (one token request in flight at most).
 * Kick issues no refresh token for client credentials, so renewing means minting a new one.
 */

/** What the token endpoint answered. */
export interface MintedToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
}

/** A cached app token. */
export interface AppTokenCache {
  /** The current token, minting a new one when there is none or it is about to expire. */
  get(): Promise<string>;
  /**
   * Drops `token` after Kick refused it (401), so the next `get` mints a new one. A token other
   * than the cached one is ignored: a concurrent caller may already have renewed it.
   */
  invalidate(token: string): void;
}

/** Renew this long before expiry at most; shorter lifetimes renew 10 % early instead. */
const renewEarlyMaxMs = 60_000;

/** Creates the cache around `mint` (the token request) and a clock in milliseconds. */
export function createAppTokenCache(mint: () => Promise<MintedToken>, now: () => number): AppTokenCache {
  let current: { token: string; renewAtMs: number } | null = null;
  let pending: Promise<string> | null = null;

  async function renew(): Promise<string> {
    // Measured from the request, not the answer, so a slow token endpoint cannot stretch the lifetime.
    const requestedAtMs = now();
    const minted = await mint();
    const lifetimeMs = minted.expiresInSeconds * 1000;
    current = { token: minted.accessToken, renewAtMs: requestedAtMs + lifetimeMs - Math.min(renewEarlyMaxMs, lifetimeMs * 0.1) };
    return minted.accessToken;
  }

  return {
    get(): Promise<string> {
      if (current !== null && now() < current.renewAtMs) return Promise.resolve(current.token);
      pending ??= renew().finally(() => {
        pending = null;
      });
      return pending;
    },
    invalidate(token: string): void {
      if (current?.token === token) current = null;
    },
  };
}
