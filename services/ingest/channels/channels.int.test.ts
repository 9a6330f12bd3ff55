import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createKickApiClient } from '../kickApi/createKickApiClient.ts';
import type { KickApiClient } from '../kickApi/kickApi.ts';
import { startFakeKickApi, type FakeKickApi } from '../kickApi/test/fakeKickApi.ts';
import { createIngestPool, liveChannel, queryRows, resetDm } from '../poller/test/pollerTestKit.ts';
import { syncSubscriptions } from '../subscriptions/syncSubscriptions.ts';
import { addChannel } from './addChannel.ts';
import { listChannels } from './listChannels.ts';
import { removeChannel } from './removeChannel.ts';

describe('vf channels add|list|remove against real PostgreSQL and a fake Kick API', () => {
  const dm = useTestDatabase('dm');
  let pool: DmPool;
  let fake: FakeKickApi;
  let kick: KickApiClient;

  beforeAll(async () => {
    pool = await createIngestPool(dm.current.url);
    fake = await startFakeKickApi();
    kick = createKickApiClient({ apiBaseUrl: fake.baseUrl, authBaseUrl: fake.baseUrl, clientId: fake.clientId, clientSecret: fake.clientSecret });
  });
  afterAll(async () => {
    await pool.end();
    await fake.close();
  });
  beforeEach(async () => {
    await resetDm(dm.current.url);
    fake.setChannels([liveChannel(111), liveChannel(222), { ...liveChannel(333), slug: 'SomeStreamer' }]);
    // Kick's subscriptions outlive a test: start each one with none.
    const left = fake.subscriptions().map((s) => s.id);
    if (left.length > 0) await kick.deleteSubscriptions(left);
  });

  const channelRow = async (broadcasterUserId: number) =>
    (
      await queryRows(dm.current.url, `
        SELECT c.slug, c.tracking, c.tracking_changed_at IS NOT NULL AS tracking_stamped, s.enabled, s.next_probe_at <= now() AS due
        FROM dm.streamer_channel c LEFT JOIN dm.probe_schedule s ON s.streamer_channel_id = c.id
        WHERE c.kick_broadcaster_user_id = $1`, [broadcasterUserId])
    )[0];

  it('adds a channel by slug: tracked, slug history opened, probe schedule due now', async () => {
    const added = await addChannel({ pool, kick }, 'chan111');
    expect(added).toMatchObject({ broadcasterUserId: 111, slug: 'chan111', created: true, alreadyTracked: false });
    expect(await channelRow(111)).toEqual({ slug: 'chan111', tracking: true, tracking_stamped: true, enabled: true, due: true });
    expect(await queryRows(dm.current.url, 'SELECT slug, valid_to FROM dm.streamer_channel_slug_history')).toEqual([{ slug: 'chan111', valid_to: null }]);
    expect(fake.requests.at(-1)).toMatchObject({ path: '/public/v1/channels', query: { slug: ['chan111'] } });
  });

  it('adds a channel by broadcaster user id, taking the slug from Kick', async () => {
    expect(await addChannel({ pool, kick }, '333')).toMatchObject({ broadcasterUserId: 333, slug: 'SomeStreamer', created: true });
    expect(fake.requests.at(-1)).toMatchObject({ query: { broadcaster_user_id: ['333'] } });
  });

  it('refuses a channel Kick does not know with CHANNEL_NOT_FOUND naming it', async () => {
    await expect(addChannel({ pool, kick }, 'nobody')).rejects.toMatchObject({ code: 'CHANNEL_NOT_FOUND', message: expect.stringContaining('slug "nobody"') });
    await expect(addChannel({ pool, kick }, '999')).rejects.toMatchObject({ code: 'CHANNEL_NOT_FOUND', message: expect.stringContaining('broadcaster user id 999') });
  });

  it('re-adds a channel seen in webhooks: tracking on, slug change recorded in the history', async () => {
    await queryRows(dm.current.url, `
      WITH c AS (INSERT INTO dm.streamer_channel (kick_broadcaster_user_id, slug) VALUES (222, 'oldname') RETURNING id)
      INSERT INTO dm.streamer_channel_slug_history (streamer_channel_id, slug, valid_from) SELECT id, 'oldname', now() - interval '1 day' FROM c`);
    expect(await addChannel({ pool, kick }, '222')).toMatchObject({ created: false, alreadyTracked: false, slug: 'chan222' });
    const history = await queryRows<{ slug: string; open: boolean }>(dm.current.url, 'SELECT slug, valid_to IS NULL AS open FROM dm.streamer_channel_slug_history ORDER BY valid_from');
    expect(history).toEqual([{ slug: 'oldname', open: false }, { slug: 'chan222', open: true }]);
    expect(await addChannel({ pool, kick }, 'chan222')).toMatchObject({ created: false, alreadyTracked: true });
    expect(await queryRows(dm.current.url, 'SELECT count(*)::int AS n FROM dm.streamer_channel_slug_history')).toEqual([{ n: 2 }]);
  });

  it('lists tracked channels with schedule and live subscription count; --all adds untracked ones', async () => {
    await addChannel({ pool, kick }, 'chan111');
    await syncSubscriptions({ pool, kickApi: kick });
    await queryRows(dm.current.url, `INSERT INTO dm.streamer_channel (kick_broadcaster_user_id, slug) VALUES (444, 'seen_in_webhook')`);
    const tracked = await listChannels(pool);
    expect(tracked).toEqual([
      expect.objectContaining({ broadcasterUserId: 111, slug: 'chan111', tracking: true, probeIntervalSeconds: 60, probeEnabled: true, lastProbedAt: null, liveSubscriptions: 10 }),
    ]);
    const all = await listChannels(pool, { all: true });
    expect(all.map((c) => [c.slug, c.tracking, c.probeIntervalSeconds])).toEqual([
      ['chan111', true, 60],
      ['seen_in_webhook', false, null],
    ]);
  });

  it('removes a channel: tracking off, schedule disabled, rows kept, subscriptions deleted at Kick', async () => {
    await addChannel({ pool, kick }, 'chan111');
    await addChannel({ pool, kick }, 'chan222');
    await syncSubscriptions({ pool, kickApi: kick });
    expect(fake.subscriptions().filter((s) => s.broadcaster_user_id === 111)).toHaveLength(10);
    const removed = await removeChannel({ pool, kick }, 'CHAN111');
    expect(removed).toMatchObject({ channel: { broadcasterUserId: 111, wasTracking: true }, unsubscribed: { rowsMarkedDeleted: 10 } });
    expect(removed.unsubscribed.deletedKickSubscriptionIds).toHaveLength(10);
    expect(await channelRow(111)).toMatchObject({ tracking: false, tracking_stamped: true, enabled: false });
    expect(fake.subscriptions().filter((s) => s.broadcaster_user_id === 111)).toEqual([]);
    expect(fake.subscriptions().filter((s) => s.broadcaster_user_id === 222)).toHaveLength(10);
    expect(await listChannels(pool, { all: true })).toEqual([
      expect.objectContaining({ slug: 'chan111', tracking: false, probeEnabled: false, liveSubscriptions: 0 }),
      expect.objectContaining({ slug: 'chan222', tracking: true, liveSubscriptions: 10 }),
    ]);
  });

  it('refuses to remove a channel it does not know with CHANNEL_NOT_FOUND', async () => {
    await expect(removeChannel({ pool, kick }, 'ghost')).rejects.toMatchObject({ code: 'CHANNEL_NOT_FOUND' });
  });
});
