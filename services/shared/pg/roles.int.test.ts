import { describe, expect, it } from 'vitest';
import { withPgClient } from '../testkit/pgClient.ts';
import { useTestDatabase } from '../testkit/testDatabase.ts';
import { mapPgError } from './mapPgError.ts';

/** Runs `sql` as `role` and returns the mapped error code, or 'ok'. */
async function attempt(url: string, role: string, sql: string): Promise<string> {
  return withPgClient(
    url,
    async (c) => {
      try {
        await c.query(sql);
        return 'ok';
      } catch (e: unknown) {
        const mapped = mapPgError(e);
        return 'code' in mapped ? String(mapped.code) : mapped.message;
      }
    },
    { role },
  );
}

const denied = 'DB_PERMISSION_DENIED';

describe('roles on the dm database', () => {
  const dm = useTestDatabase('dm');

  it('refuses DDL to vf_ingest in every schema', async () => {
    for (const schema of ['dm', 'ingest', 'graphile_worker', 'public']) {
      expect(await attempt(dm.current.url, 'vf_ingest', `CREATE TABLE ${schema}.intruder (id int)`), schema).toBe(denied);
    }
    expect(await attempt(dm.current.url, 'vf_ingest', 'ALTER TABLE ingest.inbox ADD COLUMN x int')).not.toBe('ok');
  });

  it('lets vf_ingest write dm.* and ingest.* rows', async () => {
    const insert = `WITH ch AS (INSERT INTO dm.streamer_channel (kick_broadcaster_user_id, slug) VALUES (1, 'a') RETURNING id)
      INSERT INTO dm.probe_schedule (streamer_channel_id) SELECT id FROM ch`;
    expect(await attempt(dm.current.url, 'vf_ingest', insert)).toBe('ok');
    const inbox = `INSERT INTO ingest.inbox (source, status, provider_message_id, body_sha256, raw_body, raw_headers, raw_event_id, envelope_id)
      VALUES ('kick', 'accepted', 'm1', sha256('x'), 'x', '{}', gen_random_uuid(), gen_random_uuid())`;
    expect(await attempt(dm.current.url, 'vf_ingest', inbox)).toBe('ok');
  });

  it('lets vf_ingest queue and see graphile-worker jobs without DDL', async () => {
    const seen = await withPgClient(
      dm.current.url,
      async (c) => {
        await c.query("SELECT graphile_worker.add_job('fanout', '{}'::json, job_key := 'fanout:stage')");
        return (await c.query<{ n: number }>("SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key = 'fanout:stage'")).rows[0]?.n;
      },
      { role: 'vf_ingest' },
    );
    expect(seen).toBe(1);
  });

  it('lets vf_env read dm.* and nothing else', async () => {
    expect(await attempt(dm.current.url, 'vf_env', 'SELECT * FROM dm.streamer_channel')).toBe('ok');
    expect(await attempt(dm.current.url, 'vf_env', 'SELECT * FROM ingest.inbox')).toBe(denied);
    expect(await attempt(dm.current.url, 'vf_env', 'SELECT * FROM graphile_worker.jobs')).toBe(denied);
    expect(await attempt(dm.current.url, 'vf_env', "INSERT INTO dm.streamer_channel (kick_broadcaster_user_id, slug) VALUES (2, 'b')")).toBe(denied);
    expect(await attempt(dm.current.url, 'vf_env', 'DELETE FROM dm.streamer_channel')).toBe(denied);
    expect(await attempt(dm.current.url, 'vf_env', 'CREATE TABLE dm.intruder (id int)')).toBe(denied);
  });
});

describe('roles on an environment database', () => {
  const env = useTestDatabase('env');

  it('lets vf_env read and write its read model', async () => {
    const sql = "INSERT INTO processed_events (event_id, type, time) VALUES (gen_random_uuid(), 'kick.channel.followed.v1', now())";
    expect(await attempt(env.current.url, 'vf_env', sql)).toBe('ok');
    expect(await attempt(env.current.url, 'vf_env', 'TRUNCATE kick_follows')).toBe('ok');
  });

  it('refuses DDL to vf_env and everything to vf_ingest', async () => {
    expect(await attempt(env.current.url, 'vf_env', 'CREATE TABLE public.intruder (id int)')).toBe(denied);
    expect(await attempt(env.current.url, 'vf_env', 'DROP TABLE kick_follows')).not.toBe('ok');
    expect(await attempt(env.current.url, 'vf_ingest', 'SELECT * FROM public.processed_events')).toBe(denied);
    expect(await attempt(env.current.url, 'vf_env', 'SELECT * FROM vf_migrations.applied')).toBe(denied);
  });
});
