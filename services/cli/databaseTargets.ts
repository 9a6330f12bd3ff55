/**
 * Which PostgreSQL databases a command talks to: the URLs in the environment first, else the
 * server of the running local stack named in `<VF_DATA_DIR>/runtime.json`, else a clear error
 * naming the variables to set.
 */
import { databaseUrl } from '../shared/pg/databaseUrl.ts';
import type { Config } from '../shared/config/loadConfig.ts';
import { AppError } from '../shared/errors.ts';
import { localDatabases } from '../shared/pg/localPostgres.ts';
import { readRuntimeFile, runtimeFilePath } from '../shared/runtime/runtimeFile.ts';

/** One database to act on, with a label for output. */
export interface DatabaseTarget {
  label: string;
  url: string;
}

async function runningServerUrl(config: Config<'local'>, variables: string): Promise<string> {
  const runtime = await readRuntimeFile(config.dataDir);
  if (runtime === null) {
    throw new AppError('CLI_DATABASE_NOT_CONFIGURED', `No database given: set ${variables}, or start the local stack (npm start), which writes ${runtimeFilePath(config.dataDir)}`, {
      details: { variables, dataDir: config.dataDir },
    });
  }
  return runtime.postgres.url;
}

/** vf-pg-dm: DM_DATABASE_URL, else the running stack's `vf_dm`. */
export async function dmTarget(config: Config<'local'>): Promise<DatabaseTarget> {
  if (config.dmDatabaseUrl !== null) return { label: 'dm (DM_DATABASE_URL)', url: config.dmDatabaseUrl };
  const server = await runningServerUrl(config, 'DM_DATABASE_URL');
  return { label: `dm (${localDatabases.dm} on the running stack)`, url: databaseUrl(server, localDatabases.dm) };
}

/**
 * Environment databases: DATABASE_URL; else ENV_DATABASE_URL_<NAME> for `envName`; else the
 * running stack's database of `envName` (or of every local environment when none is named).
 */
export async function envTargets(config: Config<'local'>, envName: string | undefined): Promise<DatabaseTarget[]> {
  if (config.databaseUrl !== null) {
    const name = envName ?? config.envName;
    return [{ label: `env${name === null ? '' : ` ${name}`} (DATABASE_URL)`, url: config.databaseUrl }];
  }
  const given = envName === undefined ? undefined : config.envDatabaseUrls[envName.toLowerCase()];
  if (given !== undefined && envName !== undefined) return [{ label: `env ${envName} (ENV_DATABASE_URL_${envName.toUpperCase()})`, url: given }];
  const server = await runningServerUrl(config, envName === undefined ? 'DATABASE_URL' : `DATABASE_URL or ENV_DATABASE_URL_${envName.toUpperCase()}`);
  const names: Record<string, string> = localDatabases.envs;
  const chosen = envName === undefined ? Object.keys(names) : [envName];
  return chosen.map((name) => {
    const database = names[name];
    if (database === undefined) {
      throw new AppError('CLI_ENVIRONMENT_UNKNOWN', `The local stack has no environment "${name}" (it has ${Object.keys(names).join(', ')})`);
    }
    return { label: `env ${name} (${database} on the running stack)`, url: databaseUrl(server, database) };
  });
}
