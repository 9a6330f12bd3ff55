import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  validateCreateAppAccessTokenResponse200,
  validateCreateEventSubscriptionsResponse200,
  validateGetChannelsResponse200,
  validateGetPublicKeyResponse200,
  validateListEventSubscriptionsResponse200,
} from '../../generated/openapi/kick-api.validators.cjs';
import { startKickApiSimulator, type KickApiSimulator } from './kickApiSimulator.ts';
import { simulatedChannels } from './simulatedChannels.ts';

const channels = simulatedChannels(5, 2);
const credentials = { clientId: 'sim-client', clientSecret: 'sim-secret' };
const PUBLIC_KEY = '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n';

describe('startKickApiSimulator', () => {
  let sim: KickApiSimulator;
  let token: string;
  let clock = Date.now();

  const api = async (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${sim.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const mint = (form: Record<string, string>): Promise<Response> =>
    fetch(`${sim.baseUrl}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });

  beforeAll(async () => {
    sim = await startKickApiSimulator({ channels, ...credentials, publicKeyPem: PUBLIC_KEY, now: () => clock });
    const response = await mint({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret });
    const body: unknown = await response.json();
    expect(response.status).toBe(200);
    if (!validateCreateAppAccessTokenResponse200(body)) throw new Error(JSON.stringify(validateCreateAppAccessTokenResponse200.errors));
    token = body.access_token;
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('refuses wrong client credentials with 400 as Kick documents', async () => {
    const response = await mint({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: 'wrong' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'Invalid request' });
  });

  it('refuses API calls without a valid token', async () => {
    const response = await fetch(`${sim.baseUrl}/public/v1/channels?broadcaster_user_id=1`, { headers: { authorization: 'Bearer nope' } });
    expect(response.status).toBe(401);
  });

  it('answers channels by repeated broadcaster_user_id, with live state and viewers, leaving unknown ids out', async () => {
    const [a, b] = channels;
    const response = await api('GET', `/public/v1/channels?broadcaster_user_id=${a?.broadcasterUserId}&broadcaster_user_id=999&broadcaster_user_id=${b?.broadcasterUserId}`);
    const body: unknown = await response.json();
    expect(response.status).toBe(200);
    if (!validateGetChannelsResponse200(body)) throw new Error(JSON.stringify(validateGetChannelsResponse200.errors));
    expect(body.data.map((c) => c.broadcaster_user_id)).toEqual([a?.broadcasterUserId, b?.broadcasterUserId]);
    for (const { stream } of body.data) expect(stream?.is_live === true ? (stream.viewer_count ?? 0) > 0 : stream?.viewer_count === 0).toBe(true);
  });

  it('moves a live channel\'s viewer count over time and takes it offline at the end of its stream', async () => {
    const channel = channels[0];
    if (channel === undefined) throw new Error('no channel');
    const { periodMs, liveFraction, phaseMs } = channel.schedule;
    const streamStart = Math.ceil((clock + phaseMs) / periodMs) * periodMs - phaseMs;
    const read = async (atMs: number) => {
      clock = atMs;
      const body = (await (await api('GET', `/public/v1/channels?broadcaster_user_id=${channel.broadcasterUserId}`)).json()) as { data: { stream: { is_live: boolean; viewer_count: number } }[] };
      return body.data[0]?.stream;
    };
    const counts = new Set<number>();
    for (let i = 0; i < 8; i++) {
      const stream = await read(streamStart + 60_000 + i * 15_000);
      expect(stream?.is_live).toBe(true);
      counts.add(stream?.viewer_count ?? 0);
    }
    expect(counts.size).toBeGreaterThan(2);
    expect(await read(streamStart + Math.ceil(periodMs * liveFraction) + 1000)).toMatchObject({ is_live: false, viewer_count: 0 });
    clock = Date.now();
  });

  it('answers channels by slug, case-insensitively, a renamed channel under both slugs', async () => {
    const renamed = channels.find((c) => c.rename !== null);
    const response = await api('GET', `/public/v1/channels?slug=${channels[0]?.slug.toUpperCase()}&slug=${renamed?.rename?.slug}`);
    const body = (await response.json()) as { data: { broadcaster_user_id: number }[] };
    expect(body.data.map((c) => c.broadcaster_user_id)).toEqual([channels[0]?.broadcasterUserId, renamed?.broadcasterUserId]);
  });

  it('refuses ids and slugs together, and more than 50 ids, with a Kick error body', async () => {
    const both = await api('GET', '/public/v1/channels?broadcaster_user_id=1&slug=a');
    expect(both.status).toBe(400);
    const many = await api('GET', `/public/v1/channels?${Array.from({ length: 51 }, (_, i) => `broadcaster_user_id=${i + 1}`).join('&')}`);
    expect(many.status).toBe(400);
    expect(await many.json()).toMatchObject({ message: expect.any(String), data: null });
  });

  it('serves the public key without a token', async () => {
    const response = await fetch(`${sim.baseUrl}/public/v1/public-key`);
    const body: unknown = await response.json();
    expect(validateGetPublicKeyResponse200(body)).toBe(true);
    expect(body).toMatchObject({ data: { public_key: PUBLIC_KEY } });
  });

  it('creates, lists and deletes event subscriptions', async () => {
    const broadcaster = channels[1]?.broadcasterUserId ?? 0;
    const created = await api('POST', '/public/v1/events/subscriptions', {
      broadcaster_user_id: broadcaster,
      events: [
        { name: 'chat.message.sent', version: 1 },
        { name: 'livestream.status.updated', version: 1 },
        { name: 'no.such.event', version: 1 },
      ],
      method: 'webhook',
    });
    const createdBody: unknown = await created.json();
    if (!validateCreateEventSubscriptionsResponse200(createdBody)) throw new Error(JSON.stringify(validateCreateEventSubscriptionsResponse200.errors));
    expect(createdBody.data.map((r) => [r.name, r.error === '', typeof r.subscription_id])).toEqual([
      ['chat.message.sent', true, 'string'],
      ['livestream.status.updated', true, 'string'],
      ['no.such.event', false, 'object'],
    ]);

    const listed = await api('GET', `/public/v1/events/subscriptions?broadcaster_user_id=${broadcaster}`);
    const listedBody: unknown = await listed.json();
    if (!validateListEventSubscriptionsResponse200(listedBody)) throw new Error(JSON.stringify(validateListEventSubscriptionsResponse200.errors));
    expect(listedBody.data.map((s) => s.event).sort()).toEqual(['chat.message.sent', 'livestream.status.updated']);
    expect((await (await api('GET', '/public/v1/events/subscriptions?broadcaster_user_id=1')).json()) as unknown).toEqual({ data: [], message: 'OK' });

    const [first] = listedBody.data;
    const deleted = await api('DELETE', `/public/v1/events/subscriptions?id=${first?.id}`);
    expect(deleted.status).toBe(204);
    expect(sim.subscriptions().map((s) => s.event)).toEqual(listedBody.data.slice(1).map((s) => s.event));
  });

  it('reports the channels as it serves them', () => {
    expect(sim.channels().map((c) => c.slug)).toEqual(channels.map((c) => c.slug));
  });
});
