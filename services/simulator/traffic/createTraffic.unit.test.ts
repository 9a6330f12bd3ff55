import { createHmac, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventCatalogue } from '../../../generated/asyncapi/catalogue.ts';
import { simulatedChannels } from '../simulatedChannels.ts';
import { createTraffic, type SimDelivery } from './createTraffic.ts';

const START_MS = Date.UTC(2026, 0, 5, 12, 0, 0);
const SECRET = 'sumsub-test-secret';

function lowerCased(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function kickSignatureVerifies(delivery: SimDelivery, publicKey: KeyObject): boolean {
  const h = lowerCased(delivery.headers);
  const signed = Buffer.from(`${h['kick-event-message-id'] ?? ''}.${h['kick-event-message-timestamp'] ?? ''}.${delivery.body}`);
  return verify('sha256', signed, publicKey, Buffer.from(h['kick-event-signature'] ?? '', 'base64'));
}

describe('createTraffic', () => {
  let keys: { publicKey: KeyObject; privateKey: KeyObject };
  let deliveries: SimDelivery[];
  const generate = (seed: number, count: number): SimDelivery[] => {
    const traffic = createTraffic({ seed, channels: simulatedChannels(4, 3), kickPrivateKey: keys.privateKey, sumsubSecret: SECRET });
    return Array.from({ length: count }, (_, i) => traffic.next(START_MS + i * 50));
  };
  beforeAll(() => {
    keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    deliveries = generate(5, 2000);
  });

  it('signs every Kick delivery so that it verifies against the public key', () => {
    const kick = deliveries.filter((d) => d.provider === 'kick');
    expect(kick.length).toBeGreaterThan(1500);
    expect(kick.filter((d) => !kickSignatureVerifies(d, keys.publicKey))).toEqual([]);
  });

  it('does not verify under another key', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const first = deliveries.find((d) => d.provider === 'kick');
    if (first === undefined) throw new Error('no Kick delivery');
    expect(kickSignatureVerifies(first, other)).toBe(false);
  });

  it('digests every Sumsub body with HMAC-SHA256 of the secret', () => {
    const sumsub = deliveries.filter((d) => d.provider === 'sumsub');
    expect(sumsub.length).toBeGreaterThan(100);
    for (const d of sumsub) {
      expect(d.headers['X-Payload-Digest-Alg']).toBe('HMAC_SHA256_HEX');
      expect(d.headers['X-Payload-Digest']).toBe(createHmac('sha256', SECRET).update(d.body).digest('hex'));
    }
  });

  it('sends headers and bodies that pass the generated validators of their type', () => {
    for (const d of deliveries) {
      const entry = eventCatalogue[d.type];
      expect(entry.validateHeaders(lowerCased(d.headers)), JSON.stringify(entry.validateHeaders.errors)).toBe(true);
      expect(entry.validateData(JSON.parse(d.body)), JSON.stringify(entry.validateData.errors)).toBe(true);
    }
  });

  it('gives every Kick message a ULID-like id, unique among originals', () => {
    const ids = deliveries.filter((d) => d.provider === 'kick' && d.resend === 'original').map((d) => d.headers['Kick-Event-Message-Id'] ?? '');
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never repeats the body of an original (ingest would take it for a resend)', () => {
    const originals = deliveries.filter((d) => d.resend === 'original').map((d) => `${d.type}\n${d.body}`);
    expect(new Set(originals).size).toBe(originals.length);
  });

  it('duplicates and retries a few percent of deliveries', () => {
    const share = (resend: SimDelivery['resend']): number => deliveries.filter((d) => d.resend === resend).length / deliveries.length;
    expect(share('duplicate')).toBeGreaterThan(0.005);
    expect(share('duplicate')).toBeLessThan(0.05);
    expect(share('retry')).toBeGreaterThan(0.005);
    expect(share('retry')).toBeLessThan(0.05);
  });

  it('resends a duplicate byte for byte', () => {
    // Kick messages are keyed by their id (two follows can have the same body); Sumsub bodies are unique.
    const keyOf = (d: SimDelivery): string => d.headers['Kick-Event-Message-Id'] ?? d.body;
    const originals = new Map(deliveries.filter((d) => d.resend === 'original').map((d) => [keyOf(d), d]));
    const duplicates = deliveries.filter((x) => x.resend === 'duplicate');
    expect(duplicates.length).toBeGreaterThan(0);
    for (const d of duplicates) expect({ body: d.body, headers: d.headers }).toEqual({ body: originals.get(keyOf(d))?.body, headers: originals.get(keyOf(d))?.headers });
  });

  it('retries a Kick message later under the same id and body, signed again with a new timestamp', () => {
    const byId = new Map(deliveries.filter((d) => d.resend === 'original' && d.provider === 'kick').map((d) => [d.headers['Kick-Event-Message-Id'], d]));
    const retries = deliveries.filter((d) => d.resend === 'retry' && d.provider === 'kick');
    expect(retries.length).toBeGreaterThan(0);
    const laterBy = retries.map((retry) => {
      const original = byId.get(retry.headers['Kick-Event-Message-Id']);
      expect(original?.body).toBe(retry.body);
      expect(kickSignatureVerifies(retry, keys.publicKey)).toBe(true);
      return Date.parse(retry.headers['Kick-Event-Message-Timestamp'] ?? '') - Date.parse(original?.headers['Kick-Event-Message-Timestamp'] ?? '');
    });
    // Timestamps have whole seconds: a retry within the same second keeps the timestamp.
    expect(Math.min(...laterBy)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...laterBy)).toBeGreaterThan(0);
  });

  it('is deterministic for a seed and the same clock readings', () => {
    expect(generate(5, 200)).toEqual(deliveries.slice(0, 200));
  });
});
