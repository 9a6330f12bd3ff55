import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import { createIngestMetrics } from '../metrics/ingestMetrics.ts';
import { createKickPublicKeyProvider } from '../verify/kickPublicKey.ts';
import { buildPublicApp } from './buildPublicApp.ts';
import { kickSigner, recordingAcceptor, startPublicApp, type Harness } from './test/publicAppHarness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.app.close();
  harness = undefined;
});

describe('buildPublicApp', () => {
  it('answers 404 with a JSON body for an unknown route', async () => {
    harness = await startPublicApp();
    const response = await harness.app.inject({ method: 'POST', url: '/webhooks/twitch', payload: '{}' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toMatchObject({ statusCode: 404 });
  });

  it('serves only the public routes (no admin paths)', async () => {
    harness = await startPublicApp();
    for (const url of ['/readyz', '/metrics', '/admin/status']) {
      expect((await harness.app.inject({ method: 'GET', url })).statusCode).toBe(404);
    }
  });

  it('answers 503 INGEST_UNAVAILABLE with Retry-After, not a 500, when a webhook route fails unexpectedly', async () => {
    // A key provider that was never initialised throws when asked for its key.
    const kickKeys = createKickPublicKeyProvider({ configuredPem: kickSigner().publicPem, fetchPem: () => Promise.reject(new Error('unused')), logger: silentLogger() });
    const app = buildPublicApp({ kickReplayWindowSeconds: 172_800, sumsubWebhookSecrets: ['s'] }, { acceptor: recordingAcceptor(), kickKeys, metrics: createIngestMetrics(), logger: silentLogger() });
    try {
      const headers = { 'kick-event-signature': 'c2ln', 'kick-event-message-id': 'id', 'kick-event-message-timestamp': '2025-01-14T16:08:06Z', 'kick-event-type': 'chat.message.sent', 'kick-event-version': '1' };
      const response = await app.inject({ method: 'POST', url: '/webhooks/kick', headers, payload: '{}' });
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.json()).toMatchObject({ code: 'INGEST_UNAVAILABLE' });
    } finally {
      await app.close();
    }
  });

  it('builds without listening', async () => {
    harness = await startPublicApp();
    expect(harness.app.server.listening).toBe(false);
  });
});
