/**
 * `npm run db:dump:clickhouse`: applies every ClickHouse migration to an empty embedded engine
 * and rewrites `sql/clickhouse/vf/schema.sql` with the resulting schema. Commit the result.
 */
import { writeFile } from 'node:fs/promises';
import { CLICKHOUSE_SCHEMA_FILE, migratedSchemaDump } from './dumpClickhouseSchema.ts';

await writeFile(CLICKHOUSE_SCHEMA_FILE, await migratedSchemaDump());
console.log(`wrote ${CLICKHOUSE_SCHEMA_FILE}`);
