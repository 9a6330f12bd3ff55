import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIngestMetrics } from '../metrics/ingestMetrics.ts';
import { createKickApiClient, type KickApiClientOptions } from './createKickApiClient.ts';
import { KickApiError, type KickApiClient } from './kickApi.ts';
import { startFakeKickApi, type FakeKickApi } from './test/fakeKickApi.ts';

const channel = (id: number, slug: string, viewers = 10) => ({ broadcaster_user_id: id, slug, stream: { is_live: true, viewer_count: viewers } });

async function kickError(run: Promise<unknown>): Promise<KickApiError> {
  const error: unknown = await run.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  if (!(error instanceof KickApiError)) throw error;
  return error;
}

describe('createKickApiClient against the fake Kick API', () => {
  let fake: FakeKickApi;
  let clock = 1_000_000;
  const client = (overrides: Partial<KickApiClientOptions> = {}): KickApiClient =>
    createKickApiClient({ apiBaseUrl: fake.baseUrl, authBaseUrl: fake.baseUrl, clientId: fake.clientId, clientSecret: fake.clientSecret, now: () => clock, ...overrides });
  const tokenRequests = () => fake.requests.filter((r) => r.path === '/oauth/token').length;

  beforeAll(async () => {
    fake = await startFakeKickApi({ channels: [channel(1001, 'alpha'), channel(1002, 'beta', 0)] });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.clearRequests();
    fake.setExpiresInSeconds(3600);
    clock = 1_000_000;
  });

  it('caches the app token across calls', async () => {
    const kick = client();
    await kick.getChannels({ broadcasterUserIds: [1001] });
    await kick.getChannels({ slugs: ['beta'] });
    expect(tokenRequests()).toBe(1);
  });

  it('shares one token request between concurrent callers', async () => {
    const kick = client();
    await Promise.all([1, 2, 3, 4, 5].map(() => kick.getChannels({ broadcasterUserIds: [1001] })));
    expect(tokenRequests()).toBe(1);
  });

  it('renews the token within 60 s of expires_in, not earlier', async () => {
    const kick = client();
    await kick.listSubscriptions();
    clock += 3600_000 - 61_000;
    await kick.listSubscriptions();
    expect(tokenRequests()).toBe(1);
    clock += 2_000;
    await kick.listSubscriptions();
    expect(tokenRequests()).toBe(2);
  });

  it('renews a token Kick no longer accepts once and retries the call', async () => {
    const kick = client();
    await kick.getChannels({ broadcasterUserIds: [1001] });
    fake.expireTokens();
    const result = await kick.getChannels({ broadcasterUserIds: [1001, 1002] });
    expect(result).toMatchObject({ httpStatus: 200, data: [{ slug: 'alpha' }, { slug: 'beta' }] });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /oauth/token',
      'GET /public/v1/channels',
      'GET /public/v1/channels',
      'POST /oauth/token',
      'GET /public/v1/channels',
    ]);
  });

  it('gives up with KICK_API_UNAUTHORIZED when a fresh token is refused too', async () => {
    fake.failNext('/public/v1/channels', { status: 401 });
    fake.failNext('/public/v1/channels', { status: 401 });
    const error = await kickError(client().getChannels({ broadcasterUserIds: [1001] }));
    expect(error).toMatchObject({ code: 'KICK_API_UNAUTHORIZED', httpStatus: 401, endpoint: 'GET /public/v1/channels' });
    expect(tokenRequests()).toBe(2);
  });

  it('reports refused client credentials as KICK_API_UNAUTHORIZED from the token endpoint', async () => {
    const error = await kickError(client({ clientSecret: 'wrong' }).listSubscriptions());
    expect(error).toMatchObject({ code: 'KICK_API_UNAUTHORIZED', httpStatus: 401, endpoint: 'POST /oauth/token' });
  });

  it('maps 429 with Retry-After in seconds to KICK_API_RATE_LIMITED with retryAfterMs', async () => {
    fake.failNext('/public/v1/channels', { status: 429, retryAfterSeconds: 30 });
    const error = await kickError(client().getChannels({ broadcasterUserIds: [1001] }));
    expect(error).toMatchObject({ code: 'KICK_API_RATE_LIMITED', httpStatus: 429, retryAfterMs: 30_000 });
  });

  it('reads Retry-After as an HTTP date against the injected clock', async () => {
    fake.failNext('/public/v1/events/subscriptions', { status: 429, retryAfter: new Date(clock + 90_000).toUTCString() });
    const error = await kickError(client().listSubscriptions());
    expect(error.code).toBe('KICK_API_RATE_LIMITED');
    // HTTP dates have whole seconds.
    expect(error.retryAfterMs).toBeGreaterThan(88_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(90_000);
  });

  it('rejects a 2xx body that does not match the contract with KICK_API_FAILED', async () => {
    fake.failNext('/public/v1/channels', { status: 200, body: { data: [{ slug: 'no-id' }] } });
    const error = await kickError(client().getChannels({ broadcasterUserIds: [1001] }));
    expect(error).toMatchObject({ code: 'KICK_API_FAILED', httpStatus: 200 });
    expect(error.message).toContain('broadcaster_user_id');
  });

  it('maps other errors to KICK_API_FAILED with the status', async () => {
    fake.failNext('/public/v1/events/subscriptions', { status: 503 });
    expect(await kickError(client().listSubscriptions())).toMatchObject({ code: 'KICK_API_FAILED', httpStatus: 503 });
  });

  it('sends ids as repeated broadcaster_user_id and refuses more than 50 without calling Kick', async () => {
    const kick = client();
    await kick.getChannels({ broadcasterUserIds: [1001, 1002] });
    expect(fake.requests.at(-1)?.query).toEqual({ broadcaster_user_id: ['1001', '1002'] });
    const ids = Array.from({ length: 51 }, (_, i) => i + 1);
    await expect(kick.getChannels({ broadcasterUserIds: ids })).rejects.toMatchObject({ code: 'KICK_API_INVALID_CALL' });
    expect(fake.requests.at(-1)?.query).toEqual({ broadcaster_user_id: ['1001', '1002'] });
  });

  it('creates, lists and deletes subscriptions with repeated id parameters', async () => {
    const kick = client();
    const created = await kick.createSubscriptions(1001, [
      { name: 'channel.followed', version: 1 },
      { name: 'kicks.gifted', version: 1 },
    ]);
    expect(created.data.map((r) => [r.name, r.error])).toEqual([
      ['channel.followed', ''],
      ['kicks.gifted', ''],
    ]);
    const ids = created.data.map((r) => r.subscription_id ?? '');
    expect((await kick.listSubscriptions(1001)).data.map((s) => s.id)).toEqual(expect.arrayContaining(ids));
    const deleted = await kick.deleteSubscriptions(ids);
    expect(deleted).toMatchObject({ httpStatus: 204, data: null });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE', query: { id: ids } });
    expect((await kick.listSubscriptions(1001)).data).toEqual([]);
  });

  it('fetches the public key without a token', async () => {
    const key = await client().getPublicKey();
    expect(key.data).toContain('BEGIN PUBLIC KEY');
    expect(tokenRequests()).toBe(0);
  });

  it('counts every exchange in metrics.pollerCalls by endpoint and status', async () => {
    const metrics = createIngestMetrics();
    fake.failNext('/public/v1/channels', { status: 429 });
    const kick = client({ metrics });
    await kickError(kick.getChannels({ broadcasterUserIds: [1001] }));
    await kick.getChannels({ broadcasterUserIds: [1001] });
    const values = (await metrics.pollerCalls.get()).values.map((v) => [v.labels.endpoint, v.labels.status, v.value]);
    expect(values).toEqual(
      expect.arrayContaining([
        ['POST /oauth/token', '200', 1],
        ['GET /public/v1/channels', '429', 1],
        ['GET /public/v1/channels', '200', 1],
      ]),
    );
  });
});

describe('createKickApiClient without a usable server', () => {
  let silent: Server;
  let silentUrl = '';
  beforeAll(async () => {
    // Accepts connections and never answers: the timeout must fire.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    silentUrl = typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}` : '';
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('reports a timeout as KICK_API_UNREACHABLE with no status', async () => {
    const kick = createKickApiClient({ apiBaseUrl: silentUrl, authBaseUrl: silentUrl, clientId: 'a', clientSecret: 'b', timeoutMs: 200 });
    const error = await kickError(kick.getPublicKey());
    expect(error).toMatchObject({ code: 'KICK_API_UNREACHABLE', httpStatus: null, endpoint: 'GET /public/v1/public-key' });
  });
});
