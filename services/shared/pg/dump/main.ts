/**
 * `npm run db:dump`: refreshes the committed schema dumps. Uses TEST_DATABASE_URL (a
 * superuser URL on a PostgreSQL 18 server) when set, else a throwaway embedded server.
 */
import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processEnv } from '../../config/processEnv.ts';
import { readTestDatabaseUrl } from '../../config/testKitConfig.ts';
import { coerceError } from '../../errors.ts';
import { startEmbeddedPostgres } from '../embedded/embeddedPostgres.ts';
import { buildDump, schemaDumpPath } from './schemaDumps.ts';

async function writeDumps(adminUrl: string): Promise<void> {
  for (const kind of ['dm', 'env'] as const) {
    await writeFile(schemaDumpPath(kind), await buildDump(adminUrl, kind));
    console.log(`wrote ${schemaDumpPath(kind)}`);
  }
}

async function main(): Promise<void> {
  const url = readTestDatabaseUrl(processEnv());
  if (url !== null) return writeDumps(url);
  const dir = await mkdtemp(join(tmpdir(), 'vf-db-dump-'));
  await chmod(dir, 0o755); // the server runs as the postgres user when we are root
  const server = await startEmbeddedPostgres({ dir: join(dir, 'postgres'), port: 0 });
  try {
    await writeDumps(server.url('postgres'));
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(coerceError(e).message);
  process.exitCode = 1;
});
