import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CLICKHOUSE_SCHEMA_FILE, migratedSchemaDump } from './dumpClickhouseSchema.ts';

describe('sql/clickhouse/vf/schema.sql', () => {
  it('matches the schema that every migration produces on an empty engine', async () => {
    const committed = await readFile(CLICKHOUSE_SCHEMA_FILE, 'utf8');
    expect(await migratedSchemaDump(), 'sql/clickhouse/vf/schema.sql is out of date: run `npm run db:dump:clickhouse` and commit it').toBe(
      committed,
    );
  });

  it('shows the raw body retention as a placeholder, whatever value migrated it', async () => {
    const dump = await migratedSchemaDump();
    expect(dump.match(/toIntervalDay\(\{\{raw_body_ttl_days\}\}\)/g)).toHaveLength(2);
  });
});
