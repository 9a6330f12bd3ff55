import { appendFile, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClickhouseMigrations } from './migrationFiles.ts';
import { CLICKHOUSE_MIGRATIONS_DIR, runClickhouseMigrations } from './migrations.ts';
import { openMigratedClickhouse, selectRows, type TestClickhouse } from './test/clickhouseTestKit.ts';

let clickhouse: TestClickhouse;
let scratch: string;

beforeAll(async () => {
  // openMigratedClickhouse runs the first migration pass on an empty engine.
  clickhouse = await openMigratedClickhouse();
  scratch = await mkdtemp(join(tmpdir(), 'vf-clickhouse-migrations-'));
});

afterAll(async () => {
  await clickhouse.close();
  await rm(scratch, { recursive: true, force: true });
});

/** A copy of the committed migrations that a test may edit. */
async function copyOfMigrations(name: string): Promise<string> {
  const dir = join(scratch, name);
  await cp(CLICKHOUSE_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

describe('runClickhouseMigrations', () => {
  it('applies every migration to an empty engine and records each in the ledger', async () => {
    const files = (await loadClickhouseMigrations(CLICKHOUSE_MIGRATIONS_DIR)).map((m) => m.name);
    const ledger = await selectRows<{ name: string }>(clickhouse.client, 'SELECT name FROM vf.schema_migrations FINAL ORDER BY version');
    expect(ledger.map((row) => row.name)).toEqual(files);
    const tables = await selectRows<{ name: string }>(clickhouse.client, "SELECT name FROM system.tables WHERE database = 'vf' ORDER BY name");
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['chat_messages_hourly', 'chat_messages_hourly_mv', 'chat_messages_per_hour', 'raw_events', 'schema_migrations']),
    );
  });

  it('applies nothing on a second run', async () => {
    expect(await runClickhouseMigrations(clickhouse.client, { rawBodyTtlDays: 365 })).toEqual({ applied: [] });
    const [row] = await selectRows<{ n: number }>(clickhouse.client, 'SELECT toUInt32(count()) AS n FROM vf.schema_migrations');
    expect(row?.n).toBe((await loadClickhouseMigrations(CLICKHOUSE_MIGRATIONS_DIR)).length);
  });

  it('rejects an applied migration whose file changed, naming the file', async () => {
    const dir = await copyOfMigrations('edited');
    await appendFile(join(dir, '0002_chat_messages_hourly.sql'), '\n-- an edit after the fact\n');
    await expect(runClickhouseMigrations(clickhouse.client, { rawBodyTtlDays: 365, directory: dir })).rejects.toMatchObject({
      code: 'CLICKHOUSE_MIGRATION_CHANGED',
      message: expect.stringContaining('0002_chat_messages_hourly.sql'),
    });
  });

  it('stops at a failing statement, names the file and does not record it', async () => {
    const dir = await copyOfMigrations('broken');
    await writeFile(join(dir, '9998_broken.sql'), 'CREATE TABLE IF NOT EXISTS vf.broken (x NoSuchType) ENGINE = Memory;\n');
    await writeFile(join(dir, '9999_after.sql'), 'CREATE TABLE IF NOT EXISTS vf.after_broken (x UInt8) ENGINE = Memory;\n');
    await expect(runClickhouseMigrations(clickhouse.client, { rawBodyTtlDays: 365, directory: dir })).rejects.toMatchObject({
      code: 'CLICKHOUSE_MIGRATION_FAILED',
      message: expect.stringContaining('9998_broken.sql'),
    });
    const recorded = await selectRows<{ name: string }>(clickhouse.client, 'SELECT name FROM vf.schema_migrations FINAL WHERE version >= 9998');
    expect(recorded).toEqual([]);
    const after = await selectRows<{ name: string }>(clickhouse.client, "SELECT name FROM system.tables WHERE database = 'vf' AND name = 'after_broken'");
    expect(after).toEqual([]);
  });

  it('rejects a retention that is not a positive whole number of days before touching the engine', async () => {
    await expect(runClickhouseMigrations(clickhouse.client, { rawBodyTtlDays: 1.5 })).rejects.toMatchObject({
      code: 'CLICKHOUSE_MIGRATION_INVALID',
    });
  });
});
