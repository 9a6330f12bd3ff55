/**
 * `POST /internal/events` request-level answers in the contract's check order (`x-check-order`):
 * content type → size → signature headers → timestamp → signature → body. Nothing is applied on
 * any of them. Requests are signed with the official `standardwebhooks` package.
 */
import { createHmac } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  validateReceiveEventsResponse200,
  validateReceiveEventsResponse400,
  validateReceiveEventsResponse401,
  validateReceiveEventsResponse413,
  validateReceiveEventsResponse415,
} from '../../../generated/openapi/internal-events.validators.cjs';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { MAX_EVENTS_BODY_BYTES } from '../app/buildEnvApp.ts';
import { processedRows } from '../test/dbRows.ts';
import { counterValue, createTestWritesTable, envelopeOf, NEW_SECRET, OLD_SECRET, signedBatch, signedRequest, startEnvApp, type EnvHarness, type EnvHarnessOptions } from '../test/envAppHarness.ts';
import { everyType, writing } from '../test/testProjectorKit.ts';

const db = useTestDatabase('env');
const chat = 'kick.chat.message.sent.v1';
const now = new Date();

beforeAll(async () => {
  await createTestWritesTable(db.current.url);
});

let harness: EnvHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(options: EnvHarnessOptions = {}): Promise<EnvHarness> {
  harness = await startEnvApp(db.current.url, { projectors: everyType(writing('applied')), now: () => now, ...options });
  return harness;
}

/** Sends `request` carrying `envelope` and asserts the refusal and that nothing was applied. */
async function expectRefused(request: InjectOptions, envelope: Record<string, unknown>, status: number, code: string, options: EnvHarnessOptions = {}): Promise<void> {
  const { app, metrics } = await start(options);
  const response = await app.inject(request);
  expect(response.statusCode).toBe(status);
  expect(response.json()).toMatchObject({ code });
  const validators: Record<number, (body: unknown) => boolean> = {
    400: validateReceiveEventsResponse400,
    401: validateReceiveEventsResponse401,
    413: validateReceiveEventsResponse413,
    415: validateReceiveEventsResponse415,
  };
  expect(validators[status]?.(response.json())).toBe(true);
  expect(await processedRows(db.current.url, [String(envelope.id)])).toEqual({});
  expect(await counterValue(metrics, 'refusedRequests', { code })).toBe(1);
}

function withHeaders(request: InjectOptions, change: (headers: Record<string, string>) => void): InjectOptions {
  const headers = { ...(request.headers as Record<string, string>) };
  change(headers);
  return { ...request, headers };
}

describe('POST /internal/events: content type (415)', () => {
  it.each(['application/json', 'text/plain', 'application/cloudevents-batch+xml'])('refuses %s', async (contentType) => {
    const envelope = envelopeOf(chat);
    await expectRefused(signedBatch([envelope], { contentType, at: now }), envelope, 415, 'ENVAPI_CONTENT_TYPE_UNSUPPORTED');
  });

  it('refuses a request without a content type', async () => {
    const envelope = envelopeOf(chat);
    const request = withHeaders(signedBatch([envelope], { at: now }), (headers) => {
      delete headers['content-type'];
    });
    await expectRefused(request, envelope, 415, 'ENVAPI_CONTENT_TYPE_UNSUPPORTED');
  });

  it('answers 415 before the size: an oversized body of the wrong type', async () => {
    const envelope = envelopeOf(chat);
    const request = { ...signedBatch([envelope], { contentType: 'application/json', at: now }), payload: Buffer.alloc(2048, 0x20) };
    await expectRefused(request, envelope, 415, 'ENVAPI_CONTENT_TYPE_UNSUPPORTED', { config: { maxBodyBytes: 1024 } });
  });

  it('accepts either CloudEvents media type whatever its case and parameters', async () => {
    const { app } = await start();
    const envelope = envelopeOf(chat);
    const response = await app.inject(signedBatch([envelope], { contentType: 'Application/CloudEvents-Batch+JSON; charset=utf-8', at: now }));
    expect(response.statusCode).toBe(200);
  });
});

describe('POST /internal/events: size (413)', () => {
  it('refuses a body over the default 16 MiB limit before looking at the signature', async () => {
    const envelope = envelopeOf(chat);
    const request = { method: 'POST' as const, url: '/internal/events', headers: { 'content-type': 'application/cloudevents-batch+json' }, payload: Buffer.alloc(MAX_EVENTS_BODY_BYTES + 1, 0x20) };
    await expectRefused(request, envelope, 413, 'ENVAPI_PAYLOAD_TOO_LARGE');
  });

  it('refuses a signed batch over a configured limit', async () => {
    const envelope = envelopeOf(chat);
    await expectRefused(signedBatch([envelope], { at: now }), envelope, 413, 'ENVAPI_PAYLOAD_TOO_LARGE', { config: { maxBodyBytes: 512 } });
  });
});

describe('POST /internal/events: signature (401)', () => {
  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])('refuses a request without %s', async (name) => {
    const envelope = envelopeOf(chat);
    const request = withHeaders(signedBatch([envelope], { at: now }), (headers) => {
      delete headers[name];
    });
    const { app } = await start();
    const response = await app.inject(request);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ code: 'ENVAPI_SIGNATURE_MISSING', message: `required header ${name} is missing` });
    expect(validateReceiveEventsResponse401(response.json())).toBe(true);
    expect(await processedRows(db.current.url, [String(envelope.id)])).toEqual({});
  });

  it('refuses a timestamp more than 5 minutes old, even correctly signed', async () => {
    const envelope = envelopeOf(chat);
    const stale = new Date(now.getTime() - 301_000);
    await expectRefused(signedBatch([envelope], { at: stale }), envelope, 401, 'ENVAPI_TIMESTAMP_OUTSIDE_TOLERANCE');
  });

  it('refuses a timestamp more than 5 minutes ahead', async () => {
    const envelope = envelopeOf(chat);
    const ahead = new Date(now.getTime() + 301_000);
    await expectRefused(signedBatch([envelope], { at: ahead }), envelope, 401, 'ENVAPI_TIMESTAMP_OUTSIDE_TOLERANCE');
  });

  it('accepts a retry signed anew after more than 5 minutes (the timestamp is the attempt)', async () => {
    const envelope = envelopeOf(chat);
    const { app } = await start();
    const retry = await app.inject(signedBatch([envelope], { at: new Date(now.getTime() - 299_000), msgId: 'batch-same-id' }));
    expect(retry.json()).toEqual({ results: [{ id: envelope.id, status: 'processed' }] });
  });

  it('refuses a signature under a secret that is not configured, and applies nothing', async () => {
    const envelope = envelopeOf(chat);
    const stranger = 'whsec_' + Buffer.from('a-secret-this-environment-does-not-know').toString('base64');
    await expectRefused(signedBatch([envelope], { secrets: [stranger], at: now }), envelope, 401, 'ENVAPI_SIGNATURE_INVALID');
  });

  it('refuses a body changed after signing', async () => {
    const envelope = envelopeOf(chat);
    const request = { ...signedBatch([envelope], { at: now }), payload: JSON.stringify([envelope, envelopeOf(chat)]) };
    await expectRefused(request, envelope, 401, 'ENVAPI_SIGNATURE_INVALID');
  });

  it('checks the signature before the body: an unsigned non-JSON body answers 401', async () => {
    const envelope = envelopeOf(chat);
    const request = withHeaders({ ...signedBatch([envelope], { at: now }), payload: 'not json' }, (headers) => {
      headers['webhook-signature'] = 'v1,AAAA';
    });
    await expectRefused(request, envelope, 401, 'ENVAPI_SIGNATURE_INVALID');
  });
});

describe('POST /internal/events: secret rotation', () => {
  it.each([
    ['the old secret only', [OLD_SECRET], [OLD_SECRET, NEW_SECRET]],
    ['the new secret only', [NEW_SECRET], [OLD_SECRET, NEW_SECRET]],
    ['both secrets, the receiver knowing the new one', [OLD_SECRET, NEW_SECRET], [NEW_SECRET]],
    ['both secrets, the receiver knowing the old one', [OLD_SECRET, NEW_SECRET], [OLD_SECRET]],
  ])('accepts a batch signed with %s', async (_name, signing, configured) => {
    const envelope = envelopeOf(chat);
    const { app } = await start({ secrets: configured });
    const response = await app.inject(signedBatch([envelope], { secrets: signing, at: now }));
    expect(response.statusCode).toBe(200);
    expect(validateReceiveEventsResponse200(response.json())).toBe(true);
    expect(response.json()).toEqual({ results: [{ id: envelope.id, status: 'processed' }] });
  });

  it('refuses a batch signed with the old secret once only the new one is configured', async () => {
    const envelope = envelopeOf(chat);
    await expectRefused(signedBatch([envelope], { secrets: [OLD_SECRET], at: now }), envelope, 401, 'ENVAPI_SIGNATURE_INVALID', { secrets: [NEW_SECRET] });
  });
});

describe('POST /internal/events: body (400)', () => {
  it.each([
    ['not JSON', 'application/cloudevents-batch+json', '{"specversion":'],
    ['a batch that is an object', 'application/cloudevents-batch+json', JSON.stringify({ id: 'x' })],
    ['a single event that is an array', 'application/cloudevents+json', JSON.stringify([{ id: 'x' }])],
    ['a single event that is a string', 'application/cloudevents+json', JSON.stringify('event')],
  ])('refuses %s', async (_name, contentType, body) => {
    const envelope = envelopeOf(chat);
    await expectRefused(signedRequest(body, { contentType, at: now }), envelope, 400, 'ENVAPI_BODY_INVALID');
  });

  it('refuses a body that is not UTF-8', async () => {
    const envelope = envelopeOf(chat);
    const bytes = Buffer.concat([Buffer.from('["'), Buffer.from([0xff, 0xfe]), Buffer.from('"]')]);
    // The official package signs a Buffer as its UTF-8 text, which these bytes are not: sign the bytes by hand.
    const request = signedRequest(bytes, { at: now });
    const headers = request.headers as Record<string, string>;
    const key = Buffer.from(NEW_SECRET.slice('whsec_'.length), 'base64');
    const signed = Buffer.concat([Buffer.from(`${headers['webhook-id'] ?? ''}.${headers['webhook-timestamp'] ?? ''}.`), bytes]);
    const signature = `v1,${createHmac('sha256', key).update(signed).digest('base64')}`;
    await expectRefused(withHeaders(request, (h) => (h['webhook-signature'] = signature)), envelope, 400, 'ENVAPI_BODY_INVALID');
  });
});
