import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'slonik';
import { useTestDatabase } from '../testkit/testDatabase.ts';
import { DatabaseUnavailableError, ForeignKeyViolationError, UniqueViolationError } from './databaseErrors.ts';
import { pickFreePort } from './embedded/freePort.ts';
import { mapPgError } from './mapPgError.ts';
import { createDmPool, createEnvPool, type DmPool, type EnvPool } from './pools.ts';

const insertInbox = (messageId: string) => sql.unsafe`
  INSERT INTO ingest.inbox (source, status, provider_message_id, body_sha256, raw_body, raw_headers, raw_event_id, envelope_id)
  VALUES ('kick', 'accepted', ${messageId}, sha256('x'), 'x', '{}', gen_random_uuid(), gen_random_uuid())`;

async function mappedError(run: Promise<unknown>): Promise<Error> {
  return run.then(
    () => {
      throw new Error('expected the query to fail');
    },
    (e: unknown) => mapPgError(e),
  );
}

describe('createDmPool and mapPgError against real PostgreSQL', () => {
  const dm = useTestDatabase('dm');
  let pool: DmPool;
  beforeAll(async () => {
    pool = await createDmPool(dm.current.url, { maximumPoolSize: 2 });
  });
  afterAll(async () => {
    await pool.end();
  });

  it('maps a duplicate Kick message id to UniqueViolationError naming the dedupe constraint', async () => {
    await pool.query(insertInbox('kick-msg-1'));
    const error = await mappedError(pool.query(insertInbox('kick-msg-1')));
    expect(error).toBeInstanceOf(UniqueViolationError);
    expect(error).toMatchObject({ code: 'DB_UNIQUE_VIOLATION', constraint: 'inbox_source_message_id_key', table: 'inbox', schema: 'ingest' });
  });

  it('enforces a time-limited dedupe key with the primary key of ingest.dedupe_key', async () => {
    const key = sql.unsafe`INSERT INTO ingest.dedupe_key (key, expires_at, inbox_id) VALUES ('sumsub:abc', now() + interval '90 days', 1)`;
    await pool.query(key);
    expect(await mappedError(pool.query(key))).toMatchObject({ constraint: 'dedupe_key_pkey' });
  });

  it('maps a missing referenced row to ForeignKeyViolationError', async () => {
    const error = await mappedError(pool.query(sql.unsafe`INSERT INTO dm.probe_schedule (streamer_channel_id) VALUES (424242)`));
    expect(error).toBeInstanceOf(ForeignKeyViolationError);
  });

  it('keeps dm and environment pools apart at compile time', () => {
    const takesDm = (p: DmPool): DmPool => p;
    const envPool = {} as EnvPool;
    // @ts-expect-error an EnvPool is not a DmPool
    takesDm(envPool);
    expect(takesDm(pool)).toBe(pool);
  });
});

describe('an unreachable server', () => {
  it('fails pool creation with DatabaseUnavailableError', async () => {
    const port = await pickFreePort(0);
    const error = await createEnvPool(`postgres://nobody@127.0.0.1:${port}/none`, { connectionTimeoutMs: 1_000 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(error).toMatchObject({ code: 'DB_UNAVAILABLE' });
  });
});
