import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DmPool } from '../../shared/pg/pools.ts';
import { withPgClient } from '../../shared/testkit/pgClient.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createIngestRolePool } from '../../ingest/accept/test/acceptTestKit.ts';
import { clearJobs, deliveryRows, fanoutJobs, seedOutbox, settle, type SeededEvent } from '../../ingest/replay/test/seedOutbox.ts';
import { runCommands } from '../test/runCommands.ts';
import { registerProjectorCommands } from './projector.ts';

async function envRows(url: string, text: string): Promise<Record<string, unknown>[]> {
  return withPgClient(url, async (c) => (await c.query(text)).rows as Record<string, unknown>[]);
}

describe('vf projector rebuild', () => {
  const dm = useTestDatabase('dm');
  const envDb = useTestDatabase('env');
  let pool: DmPool;
  let dataDir = '';
  let env: Record<string, string> = {};
  let events: SeededEvent[] = [];
  const vf = (...argv: string[]) => runCommands([registerProjectorCommands], ['projector', 'rebuild', ...argv], env);

  beforeAll(async () => {
    pool = await createIngestRolePool(dm.current.url);
    events = await seedOutbox(pool, ['stage'], [
      { nonce: 'pr-1', time: new Date('2026-01-01T10:00:00Z') },
      { nonce: 'pr-2', time: new Date('2026-01-01T11:00:00Z') },
      { nonce: 'pr-3', time: new Date('2026-01-01T12:00:00Z'), type: 'kick.channel.followed.v1' },
    ]);
    await settle(dm.current.url, (await deliveryRows(dm.current.url)).map((r) => r.id), 'done');
    await clearJobs(dm.current.url);
    // What the environment projected when the events were first delivered.
    await withPgClient(envDb.current.url, async (c) => {
      const [chat1, chat2, follow] = events;
      await c.query(
        `INSERT INTO processed_events (event_id, type, time) VALUES
          ($1, 'kick.chat.message.sent.v1', '2026-01-01T10:00:00Z'), ($2, 'kick.chat.message.sent.v1', '2026-01-01T11:00:00Z'),
          ($3, 'kick.channel.followed.v1', '2026-01-01T12:00:00Z')`,
        [chat1?.envelopeId, chat2?.envelopeId, follow?.envelopeId],
      );
      await c.query(
        `INSERT INTO kick_chat_messages (message_id, broadcaster_user_id, content, sent_at, event_id, event_time) VALUES
          ('m1', 1, 'hi', now(), $1, now()), ('m2', 1, 'there', now(), $2, now())`,
        [chat1?.envelopeId, chat2?.envelopeId],
      );
      await c.query(`INSERT INTO kick_follows (broadcaster_user_id, follower_user_id, followed_at, event_id, event_time) VALUES (1, 2, now(), $1, now())`, [follow?.envelopeId]);
    });
    dataDir = await mkdtemp(join(tmpdir(), 'vf-cli-projector-'));
    env = {
      DM_DATABASE_URL: dm.current.url,
      ENV_DATABASE_URL_STAGE: envDb.current.url,
      VF_DATA_DIR: dataDir,
      FANOUT_TARGETS: 'stage=http://127.0.0.1:9/internal/events',
      FANOUT_SECRET_STAGE: 'whsec_dGVzdC1zZWNyZXQtZm9yLXByb2plY3Rvcg==',
    };
  });
  afterAll(async () => {
    await pool.end();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses to truncate without --yes off a terminal (exit 2), changing nothing', async () => {
    const result = await vf('kick_chat_messages', '--env', 'stage');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/truncates kick_chat_messages in env stage .*Pass --yes/);
    expect(await envRows(envDb.current.url, 'SELECT count(*)::int AS n FROM kick_chat_messages')).toEqual([{ n: 2 }]);
  });

  it('truncates the tables, forgets their processed events and queues their types to the environment', async () => {
    const result = await vf('kick_chat_messages', '--env', 'stage', '--yes', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({
      projector: 'kick_chat_messages',
      env: 'stage',
      reset: { tables: { kick_chat_messages: 2 }, processedEvents: 2 },
      replay: { from: 'outbox', target: 'stage', matched: 2, queued: 2 },
    });
    expect(await envRows(envDb.current.url, 'SELECT count(*)::int AS n FROM kick_chat_messages')).toEqual([{ n: 0 }]);
    expect(await envRows(envDb.current.url, 'SELECT type FROM processed_events')).toEqual([{ type: 'kick.channel.followed.v1' }]);
    expect(await envRows(envDb.current.url, 'SELECT count(*)::int AS n FROM kick_follows')).toEqual([{ n: 1 }]);
    const pending = (await deliveryRows(dm.current.url)).filter((r) => r.status === 'pending');
    expect(pending.map((r) => [r.position, r.target])).toEqual([
      [events[0]?.position, 'stage'],
      [events[1]?.position, 'stage'],
    ]);
    expect(await fanoutJobs(dm.current.url)).toEqual([{ key: 'fanout:stage', queue: 'fanout:stage', target: 'stage' }]);
  });

  it('prints what it did and how to reach events older than the outbox retention', async () => {
    const result = await vf('kick_follows', '--env', 'stage', '--yes');
    expect(result.code).toBe(0);
    expect(result.out.split('\n')).toEqual([
      `kick_follows in env stage (ENV_DATABASE_URL_STAGE): truncated kick_follows (1 rows); deleted 1 processed_events rows`,
      'replay from outbox to stage: matched 1, queued 1, skipped (already pending) 0',
      expect.stringMatching(/^note: the outbox keeps 30 days \(OUTBOX_RETENTION_DAYS\).*--from raw/),
    ]);
  });

  it.each([
    ['an unknown projector', ['kick_nope', '--env', 'stage', '--yes'], /Allowed choices are kick_chat_messages/],
    ['an environment that is not a fan-out target', ['kick_bans', '--env', 'production', '--yes'], /--env production is not a configured fan-out target/],
  ])('exits 2 on %s', async (_name, argv, message) => {
    const result = await vf(...argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });
});
