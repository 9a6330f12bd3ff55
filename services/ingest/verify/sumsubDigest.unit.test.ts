import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, eventCatalogue } from '../../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../../generated/asyncapi/examples.ts';
import { verifySumsubDigest } from './sumsubDigest.ts';

const body = Buffer.from('{"type":"applicantReviewed","applicantId":"5cb56e8e0a975a35f333cb83"}');
const secret = 'current-secret';

function hmac(hash: string, key: string, data: Buffer = body): string {
  return createHmac(hash, key).update(data).digest('hex');
}

describe('verifySumsubDigest', () => {
  it.each([
    ['HMAC_SHA1_HEX', 'sha1'],
    ['HMAC_SHA256_HEX', 'sha256'],
    ['HMAC_SHA512_HEX', 'sha512'],
  ])('accepts a %s digest', (alg, hash) => {
    expect(verifySumsubDigest(body, hmac(hash, secret), alg, [secret])).toEqual({ kind: 'valid' });
  });

  it('reads a missing algorithm as HMAC_SHA256_HEX', () => {
    expect(verifySumsubDigest(body, hmac('sha256', secret), undefined, [secret])).toEqual({ kind: 'valid' });
    expect(verifySumsubDigest(body, hmac('sha512', secret), undefined, [secret])).toEqual({ kind: 'invalid' });
  });

  it('accepts a digest under any configured secret (rotation)', () => {
    expect(verifySumsubDigest(body, hmac('sha256', 'new-secret'), 'HMAC_SHA256_HEX', [secret, 'new-secret'])).toEqual({ kind: 'valid' });
  });

  it('refuses a digest under an unknown secret', () => {
    expect(verifySumsubDigest(body, hmac('sha256', 'other'), 'HMAC_SHA256_HEX', [secret, 'new-secret'])).toEqual({ kind: 'invalid' });
  });

  it('refuses a digest of another body', () => {
    expect(verifySumsubDigest(body, hmac('sha256', secret, Buffer.from('{}')), 'HMAC_SHA256_HEX', [secret])).toEqual({ kind: 'invalid' });
  });

  it('refuses everything when no secret is configured', () => {
    expect(verifySumsubDigest(body, hmac('sha256', secret), 'HMAC_SHA256_HEX', [])).toEqual({ kind: 'invalid' });
  });

  it.each(['HMAC_MD5_HEX', 'hmac_sha256_hex', '', 'toString'])('answers unknown_algorithm for %j', (alg) => {
    expect(verifySumsubDigest(body, hmac('sha256', secret), alg, [secret])).toEqual({ kind: 'unknown_algorithm' });
  });

  it.each([
    ['shorter', hmac('sha256', secret).slice(0, 63)],
    ['longer', `${hmac('sha256', secret)}00`],
    ['a SHA-1 length under SHA-256', hmac('sha1', secret)],
    ['empty', ''],
  ])('answers invalid, without throwing, for a digest of the wrong length (%s)', (_case, digest) => {
    expect(verifySumsubDigest(body, digest, 'HMAC_SHA256_HEX', [secret])).toEqual({ kind: 'invalid' });
  });

  it('accepts upper-case hex', () => {
    expect(verifySumsubDigest(body, hmac('sha256', secret).toUpperCase(), 'HMAC_SHA256_HEX', [secret])).toEqual({ kind: 'valid' });
  });
});

describe('verifySumsubDigest: contract examples', () => {
  // contracts/asyncapi.yaml: the example digests are HMAC-SHA256 of each payload's compact JSON under this key.
  const examples = EVENT_TYPES.filter((type) => eventCatalogue[type].provider === 'sumsub').flatMap((type) =>
    eventExamples[type].map((example) => ({ type, name: example.name, headers: example.headers, payload: example.payload as unknown })),
  );

  it.each(examples)('$type ($name) verifies under the example secret', ({ headers, payload }) => {
    const digest = headers['x-payload-digest'] ?? '';
    expect(verifySumsubDigest(Buffer.from(JSON.stringify(payload)), digest, headers['x-payload-digest-alg'], ['example-sumsub-webhook-secret'])).toEqual({ kind: 'valid' });
  });
});
