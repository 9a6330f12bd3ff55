import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import { KICK_DOCUMENTED_PUBLIC_KEY_PEM } from './kickDocumentedKey.ts';
import { createKickPublicKeyProvider } from './kickPublicKey.ts';

function newPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

const pemA = newPem();
const pemB = newPem();

function sameKey(key: KeyObject, pem: string): boolean {
  return key.equals(createPublicKey(pem));
}

/** A fetch that answers the queued PEMs (or errors) in order and counts its calls. */
function scriptedFetch(answers: readonly (string | Error)[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    fetchPem: (): Promise<string> => {
      const answer = answers[Math.min(calls, answers.length - 1)];
      calls += 1;
      return answer instanceof Error || answer === undefined ? Promise.reject(answer ?? new Error('no answer')) : Promise.resolve(answer);
    },
  };
}

describe('createKickPublicKeyProvider', () => {
  it('uses KICK_PUBLIC_KEY when configured and never fetches', async () => {
    const fetch = scriptedFetch([pemB]);
    const keys = createKickPublicKeyProvider({ configuredPem: pemA, fetchPem: fetch.fetchPem, logger: silentLogger() });
    await keys.init();
    expect(sameKey(keys.current(), pemA)).toBe(true);
    expect(await keys.refreshAfterFailure()).toBe(false);
    expect(fetch.calls).toBe(0);
  });

  it('refuses a configured value that is not a PEM public key', async () => {
    const keys = createKickPublicKeyProvider({ configuredPem: 'not a key', fetchPem: scriptedFetch([pemA]).fetchPem, logger: silentLogger() });
    await expect(keys.init()).rejects.toMatchObject({ code: 'KICK_PUBLIC_KEY_INVALID' });
  });

  it('fetches the key at init when none is configured', async () => {
    const fetch = scriptedFetch([pemA]);
    const keys = createKickPublicKeyProvider({ configuredPem: null, fetchPem: fetch.fetchPem, logger: silentLogger() });
    await keys.init();
    expect(sameKey(keys.current(), pemA)).toBe(true);
    expect(fetch.calls).toBe(1);
  });

  it.each([
    ['the fetch fails', new Error('Kick API unreachable')],
    ['the fetched text is no key', 'garbage'],
  ])("falls back to the key printed in Kick's docs when %s", async (_case, answer) => {
    const keys = createKickPublicKeyProvider({ configuredPem: null, fetchPem: scriptedFetch([answer]).fetchPem, logger: silentLogger() });
    await keys.init();
    expect(sameKey(keys.current(), KICK_DOCUMENTED_PUBLIC_KEY_PEM)).toBe(true);
  });

  it('refuses current() before init()', () => {
    const keys = createKickPublicKeyProvider({ configuredPem: pemA, fetchPem: scriptedFetch([pemA]).fetchPem, logger: silentLogger() });
    expect(() => keys.current()).toThrow(expect.objectContaining({ code: 'KICK_PUBLIC_KEY_NOT_LOADED' }));
  });

  it('refetches at most once per interval, counting the fetch at init', async () => {
    let clock = 1_000_000;
    const fetch = scriptedFetch([pemA]);
    const keys = createKickPublicKeyProvider({ configuredPem: null, fetchPem: fetch.fetchPem, logger: silentLogger(), now: () => clock, minRefetchIntervalMs: 60_000 });
    await keys.init();
    clock += 59_999;
    expect(await keys.refreshAfterFailure()).toBe(false);
    expect(fetch.calls).toBe(1);
    clock += 1;
    expect(await keys.refreshAfterFailure()).toBe(false);
    expect(fetch.calls).toBe(2);
    clock += 30_000;
    expect(await keys.refreshAfterFailure()).toBe(false);
    expect(fetch.calls).toBe(2);
  });

  it('answers true and switches keys when the refetched key differs', async () => {
    let clock = 0;
    const fetch = scriptedFetch([pemA, pemB]);
    const keys = createKickPublicKeyProvider({ configuredPem: null, fetchPem: fetch.fetchPem, logger: silentLogger(), now: () => clock });
    await keys.init();
    clock += 60_000;
    expect(await keys.refreshAfterFailure()).toBe(true);
    expect(sameKey(keys.current(), pemB)).toBe(true);
  });

  it('shares one fetch between concurrent failures', async () => {
    let clock = 0;
    const fetch = scriptedFetch([pemA, pemB]);
    const keys = createKickPublicKeyProvider({ configuredPem: null, fetchPem: fetch.fetchPem, logger: silentLogger(), now: () => clock });
    await keys.init();
    clock += 60_000;
    expect(await Promise.all([keys.refreshAfterFailure(), keys.refreshAfterFailure()])).toEqual([true, true]);
    expect(fetch.calls).toBe(2);
  });

  it('keeps the current key when the refetch fails', async () => {
    let clock = 0;
    const keys = createKickPublicKeyProvider({ configuredPem: null, fetchPem: scriptedFetch([pemA, new Error('down')]).fetchPem, logger: silentLogger(), now: () => clock });
    await keys.init();
    clock += 60_000;
    expect(await keys.refreshAfterFailure()).toBe(false);
    expect(sameKey(keys.current(), pemA)).toBe(true);
  });

  it('refetches after the documented fallback once the interval has passed', async () => {
    let clock = 0;
    const keys = createKickPublicKeyProvider({ configuredPem: null, fetchPem: scriptedFetch([new Error('down'), pemA]).fetchPem, logger: silentLogger(), now: () => clock });
    await keys.init();
    clock += 60_000;
    expect(await keys.refreshAfterFailure()).toBe(true);
    expect(sameKey(keys.current(), pemA)).toBe(true);
  });
});
