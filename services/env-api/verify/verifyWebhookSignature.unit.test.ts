import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { decodeWebhookSecret } from './webhookSecret.ts';
import { verifyWebhookSignature, type WebhookHeaders } from './verifyWebhookSignature.ts';

// The test vector every reference library shares (reference/providers.md §3).
const vector = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: '1614265330',
  body: Buffer.from('{"test": 2432232314}'),
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const vectorNowMs = Number(vector.timestamp) * 1000;

const oldSecret = 'whsec_' + Buffer.from('an-old-secret-of-at-least-24-bytes').toString('base64');
const newSecret = 'whsec_' + Buffer.from('a-new-secret-of-at-least-24-bytes!').toString('base64');

/** Headers signed by the official package with each of `secrets`, space-separated as during a rotation. */
function signedBy(secrets: readonly string[], body: Buffer, at: Date, id = 'batch-1'): WebhookHeaders {
  const signature = secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(' ');
  return { id, timestamp: String(Math.floor(at.getTime() / 1000)), signature };
}

const body = Buffer.from('[{"id":"x"}]');
const now = new Date('2026-03-01T12:00:00Z');

describe('verifyWebhookSignature', () => {
  it('verifies the shared Standard Webhooks test vector', () => {
    const verdict = verifyWebhookSignature({ id: vector.id, timestamp: vector.timestamp, signature: vector.signature }, vector.body, [decodeWebhookSecret(vector.secret, 0)], vectorNowMs);
    expect(verdict).toEqual({ kind: 'valid' });
  });

  it('verifies a request the official package signed', () => {
    expect(verifyWebhookSignature(signedBy([newSecret], body, now), body, [decodeWebhookSecret(newSecret, 0)], now.getTime())).toEqual({ kind: 'valid' });
  });

  it('accepts any configured secret during a rotation, in either direction', () => {
    const keys = [decodeWebhookSecret(oldSecret, 0), decodeWebhookSecret(newSecret, 1)];
    expect(verifyWebhookSignature(signedBy([oldSecret], body, now), body, keys, now.getTime())).toEqual({ kind: 'valid' });
    expect(verifyWebhookSignature(signedBy([newSecret], body, now), body, keys, now.getTime())).toEqual({ kind: 'valid' });
    expect(verifyWebhookSignature(signedBy([oldSecret, newSecret], body, now), body, [decodeWebhookSecret(newSecret, 0)], now.getTime())).toEqual({ kind: 'valid' });
  });

  it('refuses a signature under a secret that is not configured', () => {
    expect(verifyWebhookSignature(signedBy([oldSecret], body, now), body, [decodeWebhookSecret(newSecret, 0)], now.getTime())).toEqual({ kind: 'invalid' });
  });

  it('refuses a body changed after signing', () => {
    const headers = signedBy([newSecret], body, now);
    expect(verifyWebhookSignature(headers, Buffer.from('[{"id":"y"}]'), [decodeWebhookSecret(newSecret, 0)], now.getTime())).toEqual({ kind: 'invalid' });
  });

  it('refuses a signature with junk appended that base64 decoding would skip', () => {
    const headers = signedBy([newSecret], body, now);
    const tampered = { ...headers, signature: `${headers.signature ?? ''}!!` };
    expect(verifyWebhookSignature(tampered, body, [decodeWebhookSecret(newSecret, 0)], now.getTime())).toEqual({ kind: 'invalid' });
  });

  it('finds the valid entry among junk and other versions', () => {
    const headers = { id: vector.id, timestamp: vector.timestamp, signature: `v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,abc ${vector.signature} v1a,xyz` };
    expect(verifyWebhookSignature(headers, vector.body, [decodeWebhookSecret(vector.secret, 0)], vectorNowMs)).toEqual({ kind: 'valid' });
  });

  it('ignores entries of other versions even when their value would match', () => {
    const headers = { id: vector.id, timestamp: vector.timestamp, signature: vector.signature.replace('v1,', 'v2,') };
    expect(verifyWebhookSignature(headers, vector.body, [decodeWebhookSecret(vector.secret, 0)], vectorNowMs)).toEqual({ kind: 'invalid' });
  });

  it.each([
    ['webhook-id', { id: undefined }],
    ['webhook-timestamp', { timestamp: undefined }],
    ['webhook-signature', { signature: '' }],
  ] as const)('reports %s missing', (header, change) => {
    const headers = { ...signedBy([newSecret], body, now), ...change };
    expect(verifyWebhookSignature(headers, body, [decodeWebhookSecret(newSecret, 0)], now.getTime())).toEqual({ kind: 'missing', header });
  });

  it('accepts a timestamp exactly 5 minutes old or ahead, and refuses one second more', () => {
    const keys = [decodeWebhookSecret(newSecret, 0)];
    for (const offsetSeconds of [-300, 300]) {
      const at = new Date(now.getTime() + offsetSeconds * 1000);
      expect(verifyWebhookSignature(signedBy([newSecret], body, at), body, keys, now.getTime()).kind).toBe('valid');
    }
    for (const offsetSeconds of [-301, 301]) {
      const at = new Date(now.getTime() + offsetSeconds * 1000);
      expect(verifyWebhookSignature(signedBy([newSecret], body, at), body, keys, now.getTime()).kind).toBe('outside_tolerance');
    }
  });

  it('checks the timestamp before the signature: a stale request signed with a wrong secret is outside the tolerance', () => {
    const stale = new Date(now.getTime() - 3600_000);
    expect(verifyWebhookSignature(signedBy([oldSecret], body, stale), body, [decodeWebhookSecret(newSecret, 0)], now.getTime()).kind).toBe('outside_tolerance');
  });

  it('reads a timestamp that is not integer seconds as outside the tolerance', () => {
    const headers = { ...signedBy([newSecret], body, now), timestamp: '2026-03-01T12:00:00Z' };
    expect(verifyWebhookSignature(headers, body, [decodeWebhookSecret(newSecret, 0)], now.getTime()).kind).toBe('outside_tolerance');
  });
});

describe('decodeWebhookSecret', () => {
  it('reads a secret with or without the whsec_ prefix, padded or not', () => {
    const key = decodeWebhookSecret(vector.secret, 0);
    expect(key).toHaveLength(24);
    expect(decodeWebhookSecret(vector.secret.slice('whsec_'.length), 0)).toEqual(key);
    expect(decodeWebhookSecret('whsec_YWJj', 0)).toEqual(Buffer.from('abc'));
    expect(decodeWebhookSecret('whsec_YWI', 0)).toEqual(Buffer.from('ab'));
  });

  it.each(['', 'whsec_', 'whsec_not base64!', 'whsec_a'])('refuses %j without echoing it', (secret) => {
    expect(() => decodeWebhookSecret(secret, 2)).toThrow(expect.objectContaining({ code: 'ENVAPI_SECRET_INVALID', message: 'INTERNAL_EVENTS_SECRETS entry 3 is not a whsec_<base64> secret' }));
  });
});
