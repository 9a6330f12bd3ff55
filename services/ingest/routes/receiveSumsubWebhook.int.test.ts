import { createHmac } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_TYPES, eventCatalogue } from '../../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../../generated/asyncapi/examples.ts';
import {
  validateReceiveSumsubWebhookResponse200,
  validateReceiveSumsubWebhookResponse202,
  validateReceiveSumsubWebhookResponse401,
  validateReceiveSumsubWebhookResponse413,
  validateReceiveSumsubWebhookResponse503,
} from '../../../generated/openapi/ingest.validators.cjs';
import { DatabaseUnavailableError } from '../../shared/pg/databaseErrors.ts';
import { EXAMPLE_SUMSUB_SECRET, metricValue, startPublicApp, type Harness, type HarnessOptions } from '../app/test/publicAppHarness.ts';

const reviewed = eventExamples['sumsub.applicant_reviewed.v1'][0];
if (reviewed === undefined) throw new Error('the contract has no applicantReviewed example');
const reviewedBody = Buffer.from(JSON.stringify(reviewed.payload));

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.app.close();
  harness = undefined;
});

async function start(options: HarnessOptions = {}): Promise<Harness> {
  harness = await startPublicApp(options);
  return harness;
}

function hmacHex(hash: string, secret: string, body: Buffer): string {
  return createHmac(hash, secret).update(body).digest('hex');
}

/** A Sumsub POST of `body` with these headers (the content type Sumsub sends unless told otherwise). */
function sumsubRequest(body: Buffer, headers: Record<string, string>): InjectOptions {
  return { method: 'POST', url: '/webhooks/sumsub', headers: { 'content-type': 'application/json', ...headers }, payload: body };
}

/** Signed the way the contract's examples are: HMAC-SHA256 under the example secret. */
function signed(body: Buffer = reviewedBody): InjectOptions {
  return sumsubRequest(body, { 'x-payload-digest': hmacHex('sha256', EXAMPLE_SUMSUB_SECRET, body), 'x-payload-digest-alg': 'HMAC_SHA256_HEX' });
}

const examples = EVENT_TYPES.filter((type) => eventCatalogue[type].provider === 'sumsub').flatMap((type) =>
  eventExamples[type].map((example) => ({ type, name: example.name, headers: example.headers, payload: example.payload as unknown })),
);

describe('POST /webhooks/sumsub: every contract example', () => {
  it.each(examples)('accepts $type ($name) with its example digest', async ({ type, headers, payload }) => {
    const { app, acceptor } = await start();
    const response = await app.inject(sumsubRequest(Buffer.from(JSON.stringify(payload)), headers));
    expect(response.statusCode).toBe(200);
    expect(validateReceiveSumsubWebhookResponse200(response.json())).toBe(true);
    expect(acceptor.deliveries[0]).toMatchObject({ kind: 'valid', source: 'sumsub', eventType: type });
  });
});

describe('POST /webhooks/sumsub: check order', () => {
  it('answers 413 for a body over 1 MiB before looking at the digest', async () => {
    const { app, acceptor, metrics } = await start();
    const response = await app.inject({ method: 'POST', url: '/webhooks/sumsub', payload: Buffer.alloc(1024 * 1024 + 1, 0x20) });
    expect(response.statusCode).toBe(413);
    expect(validateReceiveSumsubWebhookResponse413(response.json())).toBe(true);
    expect(response.json()).toMatchObject({ code: 'INGEST_PAYLOAD_TOO_LARGE' });
    expect(acceptor.deliveries).toEqual([]);
    expect(await metricValue(metrics, 'webhooks', { source: 'sumsub', type: 'unknown', outcome: 'rejected_413' })).toBe(1);
  });

  it('answers 401 INGEST_SIGNATURE_MISSING without X-Payload-Digest', async () => {
    const { app, acceptor, metrics } = await start();
    const response = await app.inject(sumsubRequest(reviewedBody, { 'x-payload-digest-alg': 'HMAC_SHA256_HEX' }));
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ code: 'INGEST_SIGNATURE_MISSING', message: 'required header X-Payload-Digest is missing' });
    expect(validateReceiveSumsubWebhookResponse401(response.json())).toBe(true);
    expect(acceptor.deliveries).toEqual([]);
    expect(await metricValue(metrics, 'signatureFailures', { source: 'sumsub', reason: 'missing' })).toBe(1);
  });

  it('answers 401 INGEST_DIGEST_ALG_UNKNOWN for an algorithm we do not accept', async () => {
    const { app, metrics } = await start();
    const response = await app.inject(sumsubRequest(reviewedBody, { 'x-payload-digest': hmacHex('md5', EXAMPLE_SUMSUB_SECRET, reviewedBody), 'x-payload-digest-alg': 'HMAC_MD5_HEX' }));
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ code: 'INGEST_DIGEST_ALG_UNKNOWN', message: 'X-Payload-Digest-Alg "HMAC_MD5_HEX" is not accepted' });
    expect(validateReceiveSumsubWebhookResponse401(response.json())).toBe(true);
    expect(await metricValue(metrics, 'signatureFailures', { source: 'sumsub', reason: 'unknown_algorithm' })).toBe(1);
  });

  it('answers 401 INGEST_SIGNATURE_INVALID for a digest under another secret', async () => {
    const { app, acceptor, metrics } = await start();
    const response = await app.inject(sumsubRequest(reviewedBody, { 'x-payload-digest': hmacHex('sha256', 'not-our-secret', reviewedBody) }));
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'INGEST_SIGNATURE_INVALID' });
    expect(acceptor.deliveries).toEqual([]);
    expect(await metricValue(metrics, 'signatureFailures', { source: 'sumsub', reason: 'invalid' })).toBe(1);
  });

  it('answers 401 INGEST_SIGNATURE_INVALID for a tampered body', async () => {
    const { app } = await start();
    const response = await app.inject({ ...signed(), payload: Buffer.from(JSON.stringify({ ...reviewed.payload, applicantId: 'someone-else' })) });
    expect(response.json()).toMatchObject({ code: 'INGEST_SIGNATURE_INVALID' });
  });

  it.each([
    ['HMAC_SHA1_HEX', 'sha1'],
    ['HMAC_SHA512_HEX', 'sha512'],
  ])('accepts a %s digest', async (alg, hash) => {
    const { app } = await start();
    const response = await app.inject(sumsubRequest(reviewedBody, { 'x-payload-digest': hmacHex(hash, EXAMPLE_SUMSUB_SECRET, reviewedBody), 'x-payload-digest-alg': alg }));
    expect(response.statusCode).toBe(200);
  });

  it('reads a missing X-Payload-Digest-Alg as HMAC_SHA256_HEX', async () => {
    const { app } = await start();
    const response = await app.inject(sumsubRequest(reviewedBody, { 'x-payload-digest': hmacHex('sha256', EXAMPLE_SUMSUB_SECRET, reviewedBody) }));
    expect(response.statusCode).toBe(200);
  });

  it('accepts a digest under the second configured secret (rotation)', async () => {
    const { app } = await start({ sumsubSecrets: ['old-secret', 'new-secret'] });
    const response = await app.inject(sumsubRequest(reviewedBody, { 'x-payload-digest': hmacHex('sha256', 'new-secret', reviewedBody) }));
    expect(response.statusCode).toBe(200);
  });
});

describe('POST /webhooks/sumsub: answers', () => {
  it.each([
    ['no content type', undefined],
    ['text/plain', 'text/plain'],
  ])('takes the body as raw bytes with %s', async (_case, contentType) => {
    const { app, acceptor } = await start();
    const request = signed();
    const headers: Record<string, string> = { 'x-payload-digest': hmacHex('sha256', EXAMPLE_SUMSUB_SECRET, reviewedBody) };
    if (contentType !== undefined) headers['content-type'] = contentType;
    const response = await app.inject({ ...request, headers });
    expect(response.statusCode).toBe(200);
    expect(acceptor.deliveries[0]?.rawBody.equals(reviewedBody)).toBe(true);
  });

  it('quarantines a correctly signed body that is not JSON: 202 with the reason', async () => {
    const { app, metrics } = await start();
    const response = await app.inject(signed(Buffer.from('not json')));
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ status: 'quarantined', reason: 'INGEST_BODY_NOT_JSON' });
    expect(validateReceiveSumsubWebhookResponse202(response.json())).toBe(true);
    expect(await metricValue(metrics, 'webhooks', { source: 'sumsub', type: 'unknown', outcome: 'quarantined' })).toBe(1);
  });

  it('quarantines an unknown type', async () => {
    const { app } = await start();
    const response = await app.inject(signed(Buffer.from(JSON.stringify({ ...reviewed.payload, type: 'applicantTagsChanged' }))));
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ status: 'quarantined', reason: 'INGEST_EVENT_TYPE_UNKNOWN' });
  });

  it('answers 200 duplicate with the original envelope id', async () => {
    const { app, acceptor, metrics } = await start();
    acceptor.answer = () => ({ kind: 'duplicate', envelopeId: '01935e3a-7b1c-7cc2-9a51-0d4c9f6e2b7a', rawEventId: '01935e3a-7b1c-7cc2-9a51-0d4c9f6e2b7b', originalStatus: 'accepted', quarantineReason: null });
    const response = await app.inject(signed());
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'duplicate', id: '01935e3a-7b1c-7cc2-9a51-0d4c9f6e2b7a' });
    expect(await metricValue(metrics, 'webhooks', { source: 'sumsub', type: 'sumsub.applicant_reviewed.v1', outcome: 'duplicate' })).toBe(1);
  });

  it("answers a duplicate of a quarantined delivery 202 with the original's reason", async () => {
    const { app, acceptor } = await start();
    acceptor.answer = () => ({ kind: 'duplicate', envelopeId: null, rawEventId: '01935e3a-7b1c-7cc2-9a51-0d4c9f6e2b7b', originalStatus: 'quarantined', quarantineReason: 'INGEST_EVENT_TYPE_UNKNOWN' });
    const response = await app.inject(signed());
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ status: 'quarantined', reason: 'INGEST_EVENT_TYPE_UNKNOWN', id: '01935e3a-7b1c-7cc2-9a51-0d4c9f6e2b7b' });
  });

  it('answers 503 INGEST_UNAVAILABLE with Retry-After when PostgreSQL is unavailable', async () => {
    const { app, acceptor } = await start();
    acceptor.answer = () => {
      throw new DatabaseUnavailableError('connection refused', { sqlState: null, constraint: null, table: null, schema: null }, null);
    };
    const response = await app.inject(signed());
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(validateReceiveSumsubWebhookResponse503(response.json())).toBe(true);
    expect(response.json()).toMatchObject({ code: 'INGEST_UNAVAILABLE' });
  });
});
