import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDmPool, type DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createKickApiClient } from '../kickApi/createKickApiClient.ts';
import { startFakeKickApi, type FakeKickApi } from '../kickApi/test/fakeKickApi.ts';
import { createIngestMetrics, type IngestMetrics } from '../metrics/ingestMetrics.ts';
import { kickSubscriptionEvents } from './domain/kickSubscriptionEvents.ts';
import { syncSubscriptions, unsubscribeChannel, type SubscriptionSyncDeps } from './syncSubscriptions.ts';
import { insertChannel, insertSubscriptionRow, resetDm, scrapeLogRows, subscriptionRows } from './test/subscriptionFixtures.ts';

const allEvents = kickSubscriptionEvents.map((e) => e.name).sort();

describe('syncSubscriptions against the fake Kick API and real PostgreSQL', () => {
  const dm = useTestDatabase('dm');
  let pool: DmPool;
  let fake: FakeKickApi;
  let metrics: IngestMetrics;
  let deps: SubscriptionSyncDeps;
  /** Ids of the subscriptions the scenario starts with. */
  const seeded = { alpha: [] as string[], betaOlderChat: '', betaYoungerChat: '', oldRecorded: '', oldUnrecorded: '', foreign: '' };

  beforeAll(async () => {
    pool = await createDmPool(dm.current.url, { maximumPoolSize: 2 });
  });
  afterAll(async () => {
    await pool.end();
  });

  // alpha: correct, and recorded; beta: correct plus a duplicate; gamma: nothing yet; old: untracked,
  // one subscription we recorded and one we did not; a channel dm does not know has one too.
  beforeEach(async () => {
    fake = await startFakeKickApi();
    metrics = createIngestMetrics();
    deps = { pool, metrics, kickApi: createKickApiClient({ apiBaseUrl: fake.baseUrl, authBaseUrl: fake.baseUrl, clientId: fake.clientId, clientSecret: fake.clientSecret }) };
    const url = dm.current.url;
    await resetDm(url);
    const alpha = await insertChannel(url, { broadcasterUserId: 1001, slug: 'alpha', tracking: true });
    await insertChannel(url, { broadcasterUserId: 1002, slug: 'beta', tracking: true });
    await insertChannel(url, { broadcasterUserId: 1003, slug: 'gamma', tracking: true });
    const old = await insertChannel(url, { broadcasterUserId: 1004, slug: 'old', tracking: false });
    seeded.alpha = [];
    for (const name of allEvents) {
      const s = fake.addSubscription({ broadcasterUserId: 1001, event: name, createdAt: '2026-01-01T00:00:00Z' });
      seeded.alpha.push(s.id);
      await insertSubscriptionRow(url, { streamerChannelId: alpha, kickSubscriptionId: s.id, event: name });
    }
    seeded.betaYoungerChat = fake.addSubscription({ broadcasterUserId: 1002, event: 'chat.message.sent', createdAt: '2026-01-02T00:00:00Z' }).id;
    seeded.betaOlderChat = fake.addSubscription({ broadcasterUserId: 1002, event: 'chat.message.sent', createdAt: '2026-01-01T00:00:00Z' }).id;
    for (const name of allEvents.filter((n) => n !== 'chat.message.sent')) fake.addSubscription({ broadcasterUserId: 1002, event: name });
    seeded.oldRecorded = fake.addSubscription({ broadcasterUserId: 1004, event: 'channel.followed' }).id;
    seeded.oldUnrecorded = fake.addSubscription({ broadcasterUserId: 1004, event: 'kicks.gifted' }).id;
    await insertSubscriptionRow(url, { streamerChannelId: old, kickSubscriptionId: seeded.oldRecorded, event: 'channel.followed' });
    seeded.foreign = fake.addSubscription({ broadcasterUserId: 9999, event: 'channel.followed' }).id;
    fake.clearRequests();
  });
  afterEach(async () => {
    await fake.close();
  });

  const changingCalls = () => fake.requests.filter((r) => r.path === '/public/v1/events/subscriptions' && r.method !== 'GET');
  const kickIds = (broadcaster: number) =>
    fake
      .subscriptions()
      .filter((s) => s.broadcaster_user_id === broadcaster)
      .map((s) => s.id)
      .sort();

  it('dry run returns the plan and changes nothing at Kick or in dm', async () => {
    const rowsBefore = await subscriptionRows(dm.current.url);
    const report = await syncSubscriptions(deps, { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, trackedChannels: 3, missingBefore: 10, created: 0, deleted: 0, ignored: 2 });
    expect(report.channels.map((c) => [c.slug, c.missing, c.toCreate.length, c.toDelete.map((d) => `${d.kickSubscriptionId}:${d.reason}`)])).toEqual([
      ['alpha', 0, 0, []],
      ['beta', 0, 0, [`${seeded.betaYoungerChat}:duplicate`]],
      ['gamma', 10, 10, []],
      ['old', 0, 0, [`${seeded.oldRecorded}:untracked`]],
    ]);
    expect(changingCalls()).toEqual([]);
    expect(await subscriptionRows(dm.current.url)).toEqual(rowsBefore);
    expect(await scrapeLogRows(dm.current.url)).toEqual([]);
    expect((await metrics.missingSubscriptions.get()).values[0]?.value).toBe(10);
  });

  it('creates the missing, deletes duplicates and untracked ones, and leaves a correct channel alone', async () => {
    const report = await syncSubscriptions(deps);
    expect(report).toMatchObject({ dryRun: false, missingBefore: 10, created: 10, deleted: 2 });
    expect(kickIds(1001)).toEqual([...seeded.alpha].sort());
    expect(kickIds(1002)).toHaveLength(10);
    expect(kickIds(1002)).toContain(seeded.betaOlderChat);
    expect(kickIds(1002)).not.toContain(seeded.betaYoungerChat);
    expect(fake.subscriptions().filter((s) => s.broadcaster_user_id === 1003).map((s) => s.event).sort()).toEqual(allEvents);
    expect(kickIds(1004)).toEqual([seeded.oldUnrecorded]);
    expect(kickIds(9999)).toEqual([seeded.foreign]);
    expect(changingCalls().map((r) => `${r.method} ${JSON.stringify(r.query)}`)).toEqual([
      `DELETE {"id":["${seeded.betaYoungerChat}"]}`,
      'POST {}',
      `DELETE {"id":["${seeded.oldRecorded}"]}`,
    ]);
    expect((await metrics.missingSubscriptions.get()).values[0]?.value).toBe(10);
  });

  it('keeps dm.event_subscription in step with Kick', async () => {
    await syncSubscriptions(deps);
    const rows = await subscriptionRows(dm.current.url);
    for (const broadcaster of [1001, 1002, 1003]) {
      const live = rows.filter((r) => r.broadcasterUserId === broadcaster && !r.deleted);
      expect(live.map((r) => r.kickSubscriptionId).sort(), `broadcaster ${broadcaster}`).toEqual(kickIds(broadcaster));
      expect(live.map((r) => r.event).sort()).toEqual(allEvents);
      expect(live.every((r) => r.seenRecently)).toBe(true);
    }
    expect(rows.filter((r) => r.broadcasterUserId === 1004)).toEqual([expect.objectContaining({ kickSubscriptionId: seeded.oldRecorded, deleted: true })]);
  });

  it('writes one scrape_log row per Kick call', async () => {
    await syncSubscriptions(deps);
    expect(await scrapeLogRows(dm.current.url)).toEqual([
      { endpoint: 'GET /public/v1/events/subscriptions', httpStatus: 200, requested: 0, result: 24, error: null },
      { endpoint: 'DELETE /public/v1/events/subscriptions', httpStatus: 204, requested: 1, result: 1, error: null },
      { endpoint: 'POST /public/v1/events/subscriptions', httpStatus: 200, requested: 10, result: 10, error: null },
      { endpoint: 'DELETE /public/v1/events/subscriptions', httpStatus: 204, requested: 1, result: 1, error: null },
    ]);
  });

  it('changes nothing on a second run', async () => {
    await syncSubscriptions(deps);
    fake.clearRequests();
    const second = await syncSubscriptions(deps);
    expect(second).toMatchObject({ missingBefore: 0, created: 0, deleted: 0 });
    expect(changingCalls()).toEqual([]);
  });

  it('marks rows Kick dropped as deleted and subscribes again', async () => {
    await syncSubscriptions(deps);
    const dropped = seeded.alpha[0] ?? '';
    await fake.close();
    // Kick dropped one of alpha's subscriptions (a day of failed deliveries): a fresh fake without it.
    fake = await startFakeKickApi();
    for (const s of (await subscriptionRows(dm.current.url)).filter((r) => !r.deleted && r.kickSubscriptionId !== dropped)) {
      fake.addSubscription({ broadcasterUserId: s.broadcasterUserId, event: s.event });
    }
    deps = { ...deps, kickApi: createKickApiClient({ apiBaseUrl: fake.baseUrl, authBaseUrl: fake.baseUrl, clientId: fake.clientId, clientSecret: fake.clientSecret }) };
    const report = await syncSubscriptions(deps);
    expect(report.missingBefore).toBe(1);
    expect(report.channels.find((c) => c.slug === 'alpha')?.created).toBe(1);
    expect((await subscriptionRows(dm.current.url)).find((r) => r.kickSubscriptionId === dropped)?.deleted).toBe(true);
  });

  it('stops on a 429 and logs it, with Retry-After', async () => {
    fake.failNext('/public/v1/events/subscriptions', { status: 429, retryAfterSeconds: 20, method: 'POST' });
    await expect(syncSubscriptions(deps)).rejects.toMatchObject({ code: 'KICK_API_RATE_LIMITED', retryAfterMs: 20_000 });
    const logged = await scrapeLogRows(dm.current.url);
    expect(logged.at(-1)).toMatchObject({ endpoint: 'POST /public/v1/events/subscriptions', httpStatus: 429, error: expect.stringContaining('KICK_API_RATE_LIMITED') });
  });

  it('reports a channel Kick refuses and carries on with the others', async () => {
    fake.failNext('/public/v1/events/subscriptions', { status: 400, method: 'POST', body: { message: 'channel not found' } });
    const report = await syncSubscriptions(deps);
    expect(report.channels.find((c) => c.slug === 'gamma')).toMatchObject({ created: 0, errors: [expect.stringContaining('channel not found')] });
    expect(kickIds(1004)).toEqual([seeded.oldUnrecorded]);
  });

  it('unsubscribeChannel deletes all of a channel at Kick and marks its rows', async () => {
    const result = await unsubscribeChannel(deps, 1001);
    expect([...result.deletedKickSubscriptionIds].sort()).toEqual([...seeded.alpha].sort());
    expect(result.rowsMarkedDeleted).toBe(10);
    expect(kickIds(1001)).toEqual([]);
    expect(kickIds(1002)).toHaveLength(11);
    expect((await subscriptionRows(dm.current.url)).filter((r) => r.broadcasterUserId === 1001).every((r) => r.deleted)).toBe(true);
    expect(await unsubscribeChannel(deps, 1001)).toEqual({ deletedKickSubscriptionIds: [], rowsMarkedDeleted: 0 });
  });
});
