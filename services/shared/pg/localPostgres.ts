/**
 * The local default database layout: ONE embedded PostgreSQL under `<VF_DATA_DIR>/postgres`
 * holding `vf_dm` and one database per local environment (`vf_stage`, `vf_production`),
 * announced in runtime.json for as long as this process owns it.
 */
import { join } from 'node:path';
import { removeRuntimeFile, writeRuntimeFile } from '../runtime/runtimeFile.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded/embeddedPostgres.ts';
import { ensureDatabase } from './ensureDatabase.ts';

/** The local environments and the dm database name. */
export const localDatabases = Object.freeze({ dm: 'vf_dm', envs: Object.freeze({ stage: 'vf_stage', production: 'vf_production' }) });

/** Options of {@link startLocalPostgres}. */
export interface LocalPostgresOptions {
  dataDir: string;
  /** Write runtime.json so CLI commands find this server (the stack does; a one-off command need not). */
  announce: boolean;
  onLog?: (line: string) => void;
}

/** Starts the embedded server and creates the local databases that are missing. */
export async function startLocalPostgres(options: LocalPostgresOptions): Promise<EmbeddedPostgres> {
  const server = await startEmbeddedPostgres({ dir: join(options.dataDir, 'postgres'), port: 5433, onLog: options.onLog });
  try {
    for (const name of [localDatabases.dm, ...Object.values(localDatabases.envs)]) await ensureDatabase(server.url('postgres'), name);
    if (options.announce) {
      await writeRuntimeFile(options.dataDir, { postgres: { url: server.url('postgres'), port: server.port }, pid: process.pid });
    }
  } catch (e: unknown) {
    await server.stop();
    throw e;
  }
  return {
    ...server,
    stop: async () => {
      if (options.announce) await removeRuntimeFile(options.dataDir, process.pid);
      await server.stop();
    },
  };
}
