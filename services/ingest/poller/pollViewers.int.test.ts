import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createPgAcceptor, type PgAcceptor } from '../accept/pgAcceptor.ts';
import { createKickApiClient } from '../kickApi/createKickApiClient.ts';
import type { KickApiClient } from '../kickApi/kickApi.ts';
import { startFakeKickApi, type FakeKickApi } from '../kickApi/test/fakeKickApi.ts';
import { createIngestMetrics } from '../metrics/ingestMetrics.ts';
import { createKickBackoff } from './kickBackoff.ts';
import { pollViewers, type PollViewersDeps } from './pollViewers.ts';
import { capturingLogger, countRows, createIngestPool, liveChannel, liveChannels, queryRows, resetDm, seedDueChannels } from './test/pollerTestKit.ts';

const minute = new Date('2026-11-21T10:05:00.000Z');
const nextMinute = new Date('2026-11-21T10:06:00.000Z');
const channelsPath = '/public/v1/channels';

describe('pollViewers against real PostgreSQL, the pg acceptor and a fake Kick API', () => {
  const dm = useTestDatabase('dm');
  let pool: DmPool;
  let acceptor: PgAcceptor;
  let fake: FakeKickApi;
  let kick: KickApiClient;

  beforeAll(async () => {
    pool = await createIngestPool(dm.current.url);
    acceptor = createPgAcceptor(pool, { targets: [] });
    fake = await startFakeKickApi();
    kick = createKickApiClient({ apiBaseUrl: fake.baseUrl, authBaseUrl: fake.baseUrl, clientId: fake.clientId, clientSecret: fake.clientSecret });
  });
  afterAll(async () => {
    await acceptor.close();
    await pool.end();
    await fake.close();
  });
  beforeEach(async () => {
    await resetDm(dm.current.url);
    fake.setChannels([]);
    fake.clearRequests();
  });

  const deps = (overrides: Partial<PollViewersDeps> = {}): PollViewersDeps => ({ pool, kick, acceptor, logger: silentLogger(), backoff: createKickBackoff(), ...overrides });
  const channelCalls = () => fake.requests.filter((r) => r.path === channelsPath);

  it('probes 120 due channels in three calls of at most 50, logging each call', async () => {
    await seedDueChannels(dm.current.url, 1000, 120, minute);
    fake.setChannels(liveChannels(1000, 120));
    const report = await pollViewers(deps(), minute);
    expect(report).toMatchObject({ kind: 'polled', due: 120, calls: 3, failedCalls: 0, accepted: 120, duplicates: 0, missing: 0, invalid: 0, stoppedBy: null });
    expect(channelCalls().map((r) => r.query.broadcaster_user_id?.length)).toEqual([50, 50, 20]);
    const log = await queryRows(dm.current.url, 'SELECT endpoint, probe_minute, http_status, requested_count, result_count, error, latency_ms FROM dm.scrape_log ORDER BY id');
    expect(log).toMatchObject([50, 50, 20].map((n) => ({ endpoint: 'GET /public/v1/channels', probe_minute: minute, http_status: 200, requested_count: n, result_count: n, error: null })));
  });

  it('writes one probe inbox row and one outbox envelope per channel, keyed by broadcaster and minute', async () => {
    await seedDueChannels(dm.current.url, 2000, 3, minute);
    fake.setChannels([liveChannel(2000, 7), liveChannel(2001, 8), { broadcaster_user_id: 2002, slug: 'chan2002', stream: null }]);
    await pollViewers(deps(), minute);
    const inbox = await queryRows(dm.current.url, `SELECT source, status, provider_message_id, event_type, event_version FROM ingest.inbox ORDER BY provider_message_id`);
    expect(inbox).toEqual([2000, 2001, 2002].map((id) => ({ source: 'kick_probe', status: 'accepted', provider_message_id: `probe:${id}:2026-11-21T10:05:00.000Z`, event_type: 'kick.viewer_probe', event_version: '1' })));
    const outbox = await queryRows<{ subject: string; time: Date; data: Record<string, unknown> }>(dm.current.url, `SELECT subject, time, envelope->'data' AS data FROM ingest.outbox WHERE type = 'kick.viewer_probe.v1' ORDER BY subject`);
    expect(outbox.map((o) => [o.subject, o.time.toISOString()])).toEqual([2000, 2001, 2002].map((id) => [`kick/broadcaster/${id}`, minute.toISOString()]));
    expect(outbox[2]?.data).toMatchObject({ broadcaster_user_id: 2002, is_live: false, viewer_count: 0, started_at: null, probed_at: minute.toISOString() });
  });

  it('moves probed schedules on by their interval and leaves others alone', async () => {
    await seedDueChannels(dm.current.url, 3000, 2, minute);
    await seedDueChannels(dm.current.url, 3100, 1, nextMinute);
    await seedDueChannels(dm.current.url, 3200, 1, minute, false);
    fake.setChannels(liveChannels(3000, 2));
    await pollViewers(deps(), minute);
    const schedules = await queryRows(dm.current.url, `
      SELECT c.kick_broadcaster_user_id::int AS id, s.next_probe_at, s.last_probed_at
      FROM dm.probe_schedule s JOIN dm.streamer_channel c ON c.id = s.streamer_channel_id ORDER BY 1`);
    expect(schedules).toEqual([
      { id: 3000, next_probe_at: nextMinute, last_probed_at: minute },
      { id: 3001, next_probe_at: nextMinute, last_probed_at: minute },
      { id: 3100, next_probe_at: nextMinute, last_probed_at: null },
      { id: 3200, next_probe_at: minute, last_probed_at: null },
    ]);
    expect(channelCalls()).toHaveLength(1);
  });

  it('answers duplicates and writes nothing new when the same minute is polled again', async () => {
    await seedDueChannels(dm.current.url, 4000, 5, minute);
    fake.setChannels(liveChannels(4000, 5));
    await pollViewers(deps(), minute);
    // A retry after a crash between the accepts and the schedule update: the channels are still due.
    await queryRows(dm.current.url, 'UPDATE dm.probe_schedule SET next_probe_at = $1', [minute]);
    const again = await pollViewers(deps(), minute);
    expect(again).toMatchObject({ accepted: 0, duplicates: 5 });
    expect(await countRows(dm.current.url, 'SELECT * FROM ingest.inbox')).toBe(5);
    expect(await countRows(dm.current.url, 'SELECT * FROM ingest.outbox')).toBe(5);
  });

  it('counts and logs channels Kick no longer returns, and still moves their schedules on', async () => {
    await seedDueChannels(dm.current.url, 5000, 3, minute);
    fake.setChannels(liveChannels(5000, 2));
    const capture = capturingLogger();
    const report = await pollViewers(deps({ logger: capture.logger }), minute);
    expect(report).toMatchObject({ accepted: 2, missing: 1 });
    expect(capture.lines().find((l) => l.msg.includes('did not return'))).toMatchObject({ broadcasterUserIds: [5002] });
    expect(await countRows(dm.current.url, 'SELECT * FROM dm.probe_schedule WHERE next_probe_at = $1', [nextMinute])).toBe(3);
  });

  it('skips a channel whose answer does not fit the probe contract, with a log line', async () => {
    await seedDueChannels(dm.current.url, 6000, 2, minute);
    const bad = liveChannel(6001);
    fake.setChannels([liveChannel(6000), { ...bad, stream: { ...bad.stream, start_time: 'yesterday' } }]);
    const capture = capturingLogger();
    const report = await pollViewers(deps({ logger: capture.logger }), minute);
    expect(report).toMatchObject({ accepted: 1, invalid: 1 });
    expect(capture.lines().some((l) => l.msg.includes('does not fit') && l.broadcasterUserId === 6001)).toBe(true);
    expect(await countRows(dm.current.url, 'SELECT * FROM ingest.inbox')).toBe(1);
  });

  it('stops at a 429, leaves the rest due, and makes no call before Retry-After has passed', async () => {
    await seedDueChannels(dm.current.url, 7000, 60, minute);
    fake.setChannels(liveChannels(7000, 60));
    fake.failNext(channelsPath, { status: 429, retryAfterSeconds: 120 });
    let clock = new Date('2026-11-21T10:05:01.000Z');
    const shared = deps({ now: () => clock });
    const limited = await pollViewers(shared, minute);
    expect(limited).toMatchObject({ kind: 'polled', stoppedBy: 'rate_limited', calls: 1, failedCalls: 1, accepted: 0, notBefore: new Date('2026-11-21T10:07:01.000Z') });
    expect(await queryRows(dm.current.url, 'SELECT http_status, requested_count, result_count, error FROM dm.scrape_log')).toEqual([
      { http_status: 429, requested_count: 50, result_count: 0, error: expect.stringContaining('KICK_API_RATE_LIMITED') },
    ]);
    expect(await countRows(dm.current.url, 'SELECT * FROM dm.probe_schedule WHERE next_probe_at = $1', [minute])).toBe(60);

    fake.clearRequests();
    clock = new Date('2026-11-21T10:06:01.000Z');
    expect(await pollViewers(shared, nextMinute)).toEqual({ kind: 'backing_off', scheduledMinute: nextMinute, notBefore: new Date('2026-11-21T10:07:01.000Z') });
    expect(fake.requests).toHaveLength(0);

    clock = new Date('2026-11-21T10:08:00.000Z');
    const resumed = await pollViewers(shared, new Date('2026-11-21T10:08:00.000Z'));
    expect(resumed).toMatchObject({ kind: 'polled', stoppedBy: null, accepted: 60, notBefore: null });
  });

  it('goes on past a failed call; the failed chunk stays due', async () => {
    await seedDueChannels(dm.current.url, 7500, 60, minute);
    fake.setChannels(liveChannels(7500, 60));
    fake.failNext(channelsPath, { status: 503 });
    const report = await pollViewers(deps(), minute);
    expect(report).toMatchObject({ stoppedBy: null, calls: 2, failedCalls: 1, accepted: 10 });
    expect(await queryRows(dm.current.url, 'SELECT http_status, requested_count, result_count FROM dm.scrape_log ORDER BY id')).toEqual([
      { http_status: 503, requested_count: 50, result_count: 0 },
      { http_status: 200, requested_count: 10, result_count: 10 },
    ]);
    expect(await countRows(dm.current.url, 'SELECT * FROM dm.probe_schedule WHERE next_probe_at = $1', [minute])).toBe(50);
  });

  it('renews an expired app token and polls successfully', async () => {
    await seedDueChannels(dm.current.url, 8000, 2, minute);
    fake.setChannels(liveChannels(8000, 2));
    await kick.getChannels({ broadcasterUserIds: [8000] });
    fake.expireTokens();
    fake.clearRequests();
    const metrics = createIngestMetrics();
    const report = await pollViewers(deps({ metrics }), minute);
    expect(report).toMatchObject({ calls: 1, failedCalls: 0, accepted: 2 });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /public/v1/channels', 'POST /oauth/token', 'GET /public/v1/channels']);
    expect(await queryRows(dm.current.url, 'SELECT http_status, error FROM dm.scrape_log')).toEqual([{ http_status: 200, error: null }]);
    expect((await metrics.webhooks.get()).values).toContainEqual(expect.objectContaining({ labels: { source: 'kick_probe', type: 'kick.viewer_probe.v1', outcome: 'accepted' }, value: 2 }));
  });

  it('does nothing when no channel is due', async () => {
    await seedDueChannels(dm.current.url, 9000, 2, nextMinute);
    expect(await pollViewers(deps(), minute)).toMatchObject({ kind: 'polled', due: 0, calls: 0 });
    expect(channelCalls()).toHaveLength(0);
  });
});
