import type { InjectOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { eventExamples } from '../../../generated/asyncapi/examples.ts';
import {
  validateReceiveKickWebhookResponse200,
  validateReceiveKickWebhookResponse202,
  validateReceiveKickWebhookResponse400,
  validateReceiveKickWebhookResponse401,
  validateReceiveKickWebhookResponse413,
  validateReceiveKickWebhookResponse503,
} from '../../../generated/openapi/ingest.validators.cjs';
import { DatabaseUnavailableError } from '../../shared/pg/databaseErrors.ts';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import { kickSigner, metricValue, startPublicApp, type Harness, type HarnessOptions, type KickSigner } from '../app/test/publicAppHarness.ts';
import { createKickPublicKeyProvider } from '../verify/kickPublicKey.ts';

const chat = eventExamples['kick.chat.message.sent.v1'][0];
if (chat === undefined) throw new Error('the contract has no chat.message.sent example');
const sentAtText = chat.headers['kick-event-message-timestamp'] ?? '';
const sentAt = new Date(sentAtText);
const HOUR_MS = 3_600_000;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.app.close();
  harness = undefined;
});

/** Starts the app with its clock a minute after the chat example was sent (plus `ageMs`). */
async function start(options: HarnessOptions & { ageMs?: number } = {}): Promise<Harness> {
  harness = await startPublicApp({ now: () => new Date(sentAt.getTime() + (options.ageMs ?? 60_000)), ...options });
  return harness;
}

/** The chat example as Kick would POST it, signed by `signer`; `change` edits headers (undefined drops one) after signing. */
function kickRequest(signer: KickSigner, change: { body?: Buffer; headers?: Record<string, string | undefined>; contentType?: string | null } = {}): InjectOptions {
  const body = change.body ?? Buffer.from(JSON.stringify(chat?.payload));
  const headers: Record<string, string> = { ...chat?.headers, 'kick-event-signature': signer.sign(chat?.headers['kick-event-message-id'] ?? '', sentAtText, body) };
  if (change.contentType !== null) headers['content-type'] = change.contentType ?? 'application/json';
  for (const [name, value] of Object.entries(change.headers ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  return { method: 'POST', url: '/webhooks/kick', headers, payload: body };
}

describe('POST /webhooks/kick: check order', () => {
  it('answers 413 for a body over 1 MiB before looking at any header', async () => {
    const { app, acceptor, metrics } = await start();
    const response = await app.inject({ method: 'POST', url: '/webhooks/kick', headers: { 'content-type': 'application/json' }, payload: Buffer.alloc(1024 * 1024 + 1, 0x20) });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ code: 'INGEST_PAYLOAD_TOO_LARGE', message: 'body exceeds 1048576 bytes' });
    expect(validateReceiveKickWebhookResponse413(response.json())).toBe(true);
    expect(acceptor.deliveries).toEqual([]);
    expect(await metricValue(metrics, 'webhooks', { source: 'kick', type: 'unknown', outcome: 'rejected_413' })).toBe(1);
  });

  it('answers 413 when Content-Length announces more than 1 MiB', async () => {
    const { app } = await start();
    const response = await app.inject({ method: 'POST', url: '/webhooks/kick', headers: { 'content-length': String(2 * 1024 * 1024) }, payload: 'x' });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'INGEST_PAYLOAD_TOO_LARGE' });
  });

  it('accepts a body of exactly 1 MiB as far as the size check goes', async () => {
    const { app } = await start();
    const response = await app.inject({ method: 'POST', url: '/webhooks/kick', payload: Buffer.alloc(1024 * 1024, 0x20) });
    expect(response.json()).toMatchObject({ code: 'INGEST_SIGNATURE_MISSING' });
  });

  it('answers 401 INGEST_SIGNATURE_MISSING before checking the other headers', async () => {
    const { app, acceptor, metrics } = await start();
    const response = await app.inject({ method: 'POST', url: '/webhooks/kick', payload: '{}' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ code: 'INGEST_SIGNATURE_MISSING', message: 'required header Kick-Event-Signature is missing' });
    expect(validateReceiveKickWebhookResponse401(response.json())).toBe(true);
    expect(acceptor.deliveries).toEqual([]);
    expect(await metricValue(metrics, 'signatureFailures', { source: 'kick', reason: 'missing' })).toBe(1);
  });

  it('answers 401 INGEST_SIGNATURE_MISSING for an empty signature header', async () => {
    const { app, signer } = await start();
    const response = await app.inject(kickRequest(signer, { headers: { 'kick-event-signature': '' } }));
    expect(response.json()).toMatchObject({ code: 'INGEST_SIGNATURE_MISSING' });
  });

  it.each(['Kick-Event-Message-Id', 'Kick-Event-Message-Timestamp', 'Kick-Event-Type', 'Kick-Event-Version'])('answers 400 INGEST_HEADER_MISSING naming %s', async (name) => {
    const { app, acceptor, signer, metrics } = await start();
    const response = await app.inject(kickRequest(signer, { headers: { [name.toLowerCase()]: undefined } }));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ code: 'INGEST_HEADER_MISSING', message: `required header ${name} is missing` });
    expect(validateReceiveKickWebhookResponse400(response.json())).toBe(true);
    expect(acceptor.deliveries).toEqual([]);
    // Without its type or version the request has no known type to count under.
    const type = name === 'Kick-Event-Type' || name === 'Kick-Event-Version' ? 'unknown' : 'kick.chat.message.sent.v1';
    expect(await metricValue(metrics, 'webhooks', { source: 'kick', type, outcome: 'rejected_400' })).toBe(1);
  });

  it('answers 401 INGEST_SIGNATURE_INVALID for a signature by another key', async () => {
    const { app, acceptor, metrics } = await start();
    const response = await app.inject(kickRequest(kickSigner()));
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ code: 'INGEST_SIGNATURE_INVALID', message: 'Kick-Event-Signature does not verify' });
    expect(validateReceiveKickWebhookResponse401(response.json())).toBe(true);
    expect(acceptor.deliveries).toEqual([]);
    expect(await metricValue(metrics, 'signatureFailures', { source: 'kick', reason: 'invalid' })).toBe(1);
  });

  it.each([
    ['body', {}, Buffer.from('{"tampered":true}')],
    ['message id', { 'kick-event-message-id': '01JHJS8DY0JMATT6BD9WWCJ299' }, undefined],
    ['timestamp', { 'kick-event-message-timestamp': '2025-01-14T16:08:07Z' }, undefined],
  ])('answers 401 INGEST_SIGNATURE_INVALID for a tampered %s', async (_part, headers, body) => {
    const { app, signer } = await start();
    // Signed as the example, then changed in transit.
    const request = kickRequest(signer, { headers });
    const response = await app.inject(body === undefined ? request : { ...request, payload: body });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'INGEST_SIGNATURE_INVALID' });
  });

  it("refetches Kick's key once after a failed signature and accepts when the new key verifies", async () => {
    const oldKey = kickSigner();
    const newKey = kickSigner();
    const pems = [oldKey.publicPem, newKey.publicPem];
    let fetches = 0;
    let clock = 0;
    const kickKeys = createKickPublicKeyProvider({
      configuredPem: null,
      fetchPem: () => Promise.resolve(pems[Math.min(fetches++, pems.length - 1)] ?? ''),
      logger: silentLogger(),
      now: () => clock,
    });
    const { app } = await start({ kickKeys });
    clock += 60_000;
    const rotated = await app.inject(kickRequest(newKey));
    expect(rotated.statusCode).toBe(200);
    expect(fetches).toBe(2);
    // A forged request within the minute does not make us fetch again.
    const forged = await app.inject(kickRequest(kickSigner()));
    expect(forged.statusCode).toBe(401);
    expect(fetches).toBe(2);
  });
});

describe('POST /webhooks/kick: answers', () => {
  it('accepts a valid delivery: 200 with the envelope id, the raw bytes and headers handed over', async () => {
    const { app, acceptor, signer, metrics } = await start();
    const request = kickRequest(signer);
    const response = await app.inject(request);
    expect(response.statusCode).toBe(200);
    expect(validateReceiveKickWebhookResponse200(response.json())).toBe(true);
    expect(acceptor.deliveries).toHaveLength(1);
    const [delivery] = acceptor.deliveries;
    expect(delivery).toMatchObject({ kind: 'valid', eventType: 'kick.chat.message.sent.v1', providerMessageId: chat.headers['kick-event-message-id'], receivedAt: new Date(sentAt.getTime() + 60_000) });
    expect(delivery?.rawBody.equals(Buffer.from(JSON.stringify(chat.payload)))).toBe(true);
    expect(delivery?.headers).toMatchObject({ ...request.headers, 'content-type': 'application/json' });
    expect(await metricValue(metrics, 'webhooks', { source: 'kick', type: 'kick.chat.message.sent.v1', outcome: 'accepted' })).toBe(1);
    expect(await metricValue(metrics, 'ackSeconds', { source: 'kick' })).toBe(1);
  });

  it.each([
    ['no content type', null],
    ['text/plain', 'text/plain'],
    ['an unusual type', 'application/x-kick'],
  ])('takes the body as raw bytes with %s', async (_case, contentType) => {
    const { app, acceptor, signer } = await start();
    // Whitespace a JSON parser would drop: the signature covers these exact bytes.
    const body = Buffer.from(`{ "pretty": true,\n  ${JSON.stringify(chat.payload).slice(1)}`);
    const response = await app.inject(kickRequest(signer, { body, contentType }));
    expect(response.statusCode).toBe(200);
    expect(acceptor.deliveries[0]?.rawBody.equals(body)).toBe(true);
  });

  it('accepts a timestamp an hour old', async () => {
    const { app, signer } = await start({ ageMs: HOUR_MS });
    expect((await app.inject(kickRequest(signer))).json()).toMatchObject({ status: 'accepted' });
  });

  it('quarantines a timestamp three days old: 202 with the reason and raw event id', async () => {
    const { app, acceptor, signer, metrics } = await start({ ageMs: 72 * HOUR_MS });
    const response = await app.inject(kickRequest(signer));
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ status: 'quarantined', reason: 'INGEST_TIMESTAMP_OUTSIDE_WINDOW' });
    expect(validateReceiveKickWebhookResponse202(response.json())).toBe(true);
    expect(acceptor.deliveries[0]).toMatchObject({ kind: 'quarantine', reason: 'INGEST_TIMESTAMP_OUTSIDE_WINDOW' });
    expect(await metricValue(metrics, 'webhooks', { source: 'kick', type: 'kick.chat.message.sent.v1', outcome: 'quarantined' })).toBe(1);
  });

  it('quarantines a correctly signed body that is not JSON', async () => {
    const { app, signer } = await start();
    const response = await app.inject(kickRequest(signer, { body: Buffer.from('not json') }));
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ status: 'quarantined', reason: 'INGEST_BODY_NOT_JSON' });
  });

  it('answers 200 duplicate with the original envelope id', async () => {
    const { app, acceptor, signer, metrics } = await start();
    acceptor.answer = () => ({ kind: 'duplicate', envelopeId: '01935e3a-7b1c-7cc2-9a51-0d4c9f6e2b7a', rawEventId: '01935e3a-7b1c-7cc2-9a51-0d4c9f6e2b7b', originalStatus: 'accepted', quarantineReason: null });
    const response = await app.inject(kickRequest(signer));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'duplicate', id: '01935e3a-7b1c-7cc2-9a51-0d4c9f6e2b7a' });
    expect(validateReceiveKickWebhookResponse200(response.json())).toBe(true);
    expect(await metricValue(metrics, 'webhooks', { source: 'kick', type: 'kick.chat.message.sent.v1', outcome: 'duplicate' })).toBe(1);
  });

  it("answers a duplicate of a quarantined delivery 202 with the original's reason and raw event id", async () => {
    const { app, acceptor, signer } = await start();
    acceptor.answer = () => ({ kind: 'duplicate', envelopeId: null, rawEventId: '01935e3a-7b1c-7cc2-9a51-0d4c9f6e2b7b', originalStatus: 'quarantined', quarantineReason: 'INGEST_PAYLOAD_INVALID' });
    const response = await app.inject(kickRequest(signer));
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ status: 'quarantined', reason: 'INGEST_PAYLOAD_INVALID', id: '01935e3a-7b1c-7cc2-9a51-0d4c9f6e2b7b' });
    expect(validateReceiveKickWebhookResponse202(response.json())).toBe(true);
  });

  it.each([
    ['PostgreSQL is unavailable', new DatabaseUnavailableError('connection refused', { sqlState: null, constraint: null, table: null, schema: null }, null)],
    ['the commit fails', new Error('commit failed')],
  ])('answers 503 INGEST_UNAVAILABLE with Retry-After when %s', async (_case, error) => {
    const { app, acceptor, signer, metrics } = await start();
    acceptor.answer = () => {
      throw error;
    };
    const response = await app.inject(kickRequest(signer));
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toMatchObject({ code: 'INGEST_UNAVAILABLE' });
    expect(validateReceiveKickWebhookResponse503(response.json())).toBe(true);
    expect(await metricValue(metrics, 'webhooks', { source: 'kick', type: 'kick.chat.message.sent.v1', outcome: 'rejected_503' })).toBe(1);
  });
});
