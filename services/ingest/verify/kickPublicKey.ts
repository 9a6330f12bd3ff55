/**
 * Which public key Kick webhook signatures are checked against (DESIGN §5): `KICK_PUBLIC_KEY`
 * when configured, else the key fetched from Kick's API at start, else the key printed in Kick's
 * docs. A fetched (or documented) key is refetched at most once per interval when a signature
 * fails, so a key rotation at Kick heals itself without letting forged requests hammer Kick's API.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { AppError, coerceError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import { KICK_DOCUMENTED_PUBLIC_KEY_PEM } from './kickDocumentedKey.ts';

/** Options of {@link createKickPublicKeyProvider}. */
export interface KickPublicKeyProviderOptions {
  /** `KICK_PUBLIC_KEY` (PEM); null to fetch the key. A configured key is never refetched. */
  readonly configuredPem: string | null;
  /** Fetches the PEM from Kick (`GET /public/v1/public-key`, the Kick API client's `getPublicKey`). */
  readonly fetchPem: () => Promise<string>;
  readonly logger: Logger;
  /** Milliseconds clock, for tests. */
  readonly now?: () => number;
  /** Minimum time between two fetches; default one minute. */
  readonly minRefetchIntervalMs?: number;
}

/** The current Kick webhook key. */
export interface KickPublicKeyProvider {
  /** Loads the key: configured, fetched, or the documented fallback (with a warning). Call once before `current`. */
  init(): Promise<void>;
  /** The key to verify with; throws if `init` has not completed. */
  current(): KeyObject;
  /**
   * After a signature failed: refetches the key unless the key is configured or the last fetch
   * was under the interval ago (concurrent callers share one fetch). True when the key changed,
   * so the caller verifies once more.
   */
  refreshAfterFailure(): Promise<boolean>;
}

function parsePem(pem: string, source: string): KeyObject {
  try {
    return createPublicKey(pem);
  } catch (e: unknown) {
    throw new AppError('KICK_PUBLIC_KEY_INVALID', `the Kick public key from ${source} is not a PEM public key`, { cause: coerceError(e) });
  }
}

/** Creates the provider; nothing is fetched until `init`. */
export function createKickPublicKeyProvider(options: KickPublicKeyProviderOptions): KickPublicKeyProvider {
  const now = options.now ?? Date.now;
  const minIntervalMs = options.minRefetchIntervalMs ?? 60_000;
  let key: KeyObject | null = null;
  let lastFetchAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<boolean> | null = null;

  async function fetchKey(): Promise<KeyObject> {
    lastFetchAt = now();
    return parsePem(await options.fetchPem(), "Kick's API");
  }

  async function refresh(current: KeyObject): Promise<boolean> {
    try {
      const fetched = await fetchKey();
      if (fetched.equals(current)) return false;
      key = fetched;
      options.logger.info('Kick webhook public key changed; verifying with the refetched key');
      return true;
    } catch (e: unknown) {
      options.logger.warn({ err: coerceError(e) }, 'refetching the Kick webhook public key failed; keeping the current key');
      return false;
    }
  }

  return {
    async init() {
      if (options.configuredPem !== null) {
        key = parsePem(options.configuredPem, 'KICK_PUBLIC_KEY');
        return;
      }
      try {
        key = await fetchKey();
      } catch (e: unknown) {
        key = parsePem(KICK_DOCUMENTED_PUBLIC_KEY_PEM, "Kick's docs");
        options.logger.warn({ err: coerceError(e) }, "fetching the Kick webhook public key failed; using the key printed in Kick's docs");
      }
    },

    current() {
      if (key === null) throw new AppError('KICK_PUBLIC_KEY_NOT_LOADED', 'the Kick public key provider was used before init()');
      return key;
    },

    refreshAfterFailure() {
      if (options.configuredPem !== null || key === null) return Promise.resolve(false);
      if (inFlight !== null) return inFlight;
      if (now() - lastFetchAt < minIntervalMs) return Promise.resolve(false);
      const pending = refresh(key).finally(() => {
        inFlight = null;
      });
      inFlight = pending;
      return pending;
    },
  };
}
