import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { withPgClient } from '../../shared/testkit/pgClient.ts';
import { startFakeKickApi, type FakeKickApi } from '../../ingest/kickApi/test/fakeKickApi.ts';
import { runCli } from '../runCli.ts';

/** Runs the CLI with `env` and captures its exit code and output lines. */
async function vf(argv: string[], env: Record<string, string>): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('vf channels', () => {
  const dm = useTestDatabase('dm');
  let fake: FakeKickApi;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await startFakeKickApi({
      channels: [
        { broadcaster_user_id: 111, slug: 'alpha', stream: null },
        { broadcaster_user_id: 222, slug: 'beta', stream: null },
      ],
    });
    env = { DM_DATABASE_URL: dm.current.url, KICK_API_BASE_URL: fake.baseUrl, KICK_AUTH_BASE_URL: fake.baseUrl, KICK_CLIENT_ID: fake.clientId, KICK_CLIENT_SECRET: fake.clientSecret };
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(async () => {
    await withPgClient(dm.current.url, (c) => c.query('TRUNCATE dm.streamer_channel, dm.scrape_log CASCADE'));
  });

  it('adds a channel by slug and subscribes its 10 events', async () => {
    const run = await vf(['channels', 'add', 'alpha'], env);
    expect(run.code).toBe(0);
    expect(run.out).toEqual(['added alpha (broadcaster user id 111): tracking on, probed every minute from the next tick', 'subscriptions: created 10, deleted 0 duplicate(s) for alpha']);
    expect(fake.subscriptions().filter((s) => s.broadcaster_user_id === 111)).toHaveLength(10);
  });

  it('adds by broadcaster user id, lists as a table and as JSON, then removes', async () => {
    expect((await vf(['channels', 'add', '222'], env)).out[0]).toBe('added beta (broadcaster user id 222): tracking on, probed every minute from the next tick');
    const table = await vf(['channels', 'list'], env);
    expect(table.out[0]).toMatch(/^SLUG\s+BROADCASTER ID\s+TRACKING\s+PROBE\s+LAST PROBED\s+SUBSCRIPTIONS$/);
    expect(table.out[1]).toMatch(/^beta\s+222\s+yes\s+every 60s\s+never\s+10$/);
    const json = await vf(['channels', 'list', '--json'], env);
    expect(JSON.parse(json.out.join('\n'))).toEqual([expect.objectContaining({ slug: 'beta', broadcasterUserId: 222, tracking: true, liveSubscriptions: 10 })]);

    const removed = await vf(['channels', 'remove', 'beta'], env);
    expect(removed).toMatchObject({ code: 0, out: ['removed beta (broadcaster user id 222): tracking off, probe schedule disabled (history kept)', 'deleted 10 Kick subscription(s)'] });
    expect(fake.subscriptions().filter((s) => s.broadcaster_user_id === 222)).toEqual([]);
    expect((await vf(['channels', 'list'], env)).out).toEqual(['no tracked channels (add one with: vf channels add <slug | broadcaster user id>)']);
    expect((await vf(['channels', 'list', '--all'], env)).out[1]).toMatch(/^beta\s+222\s+no\s+disabled\s+never\s+0$/);
  });

  it('exits 1 with CHANNEL_NOT_FOUND for a channel Kick does not know', async () => {
    const run = await vf(['channels', 'add', 'nobody'], env);
    expect(run).toMatchObject({ code: 1, err: ['vf: CHANNEL_NOT_FOUND: Kick has no channel with slug "nobody"'] });
  });

  it('exits 1 for add and remove without Kick credentials, naming the variables; list needs none; 2 on usage', async () => {
    const { KICK_CLIENT_ID: _id, KICK_CLIENT_SECRET: _secret, ...withoutKick } = env;
    for (const command of ['add', 'remove']) {
      const run = await vf(['channels', command, 'alpha'], withoutKick);
      expect(run.code).toBe(1);
      expect(run.err.join('\n')).toMatch(/CLI_KICK_NOT_CONFIGURED: .*KICK_CLIENT_ID and KICK_CLIENT_SECRET/);
    }
    expect((await vf(['channels', 'list'], withoutKick)).code).toBe(0);
    expect((await vf(['channels', 'add'], env)).code).toBe(2);
  });
});
