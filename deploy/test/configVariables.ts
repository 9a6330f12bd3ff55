/**
 * Which environment variables the configuration module reads for a role, asked of the module
 * itself rather than of a list kept by hand: the role's schema runs over an env that records every
 * name looked up. Given the env a container sets, the result also covers the names derived from
 * values (FANOUT_SECRET_<NAME> for each target of FANOUT_TARGETS).
 */
import { readEnvApiConfig } from '../../services/shared/config/envApiConfig.ts';
import { EnvReader, type Env } from '../../services/shared/config/envReader.ts';
import { readIngestConfig } from '../../services/shared/config/ingestConfig.ts';
import { readLocalConfig } from '../../services/shared/config/localConfig.ts';
import type { ContainerRole } from './workloads.ts';

const schemas: Readonly<Record<ContainerRole, (reader: EnvReader) => unknown>> = {
  ingest: readIngestConfig,
  'env-api': readEnvApiConfig,
  local: readLocalConfig,
};

/** The names `role`'s schema reads when given `env`. */
export function variablesRead(role: ContainerRole, env: Env): ReadonlySet<string> {
  const read = new Set<string>();
  const recording = new Proxy(env, {
    get(target, name, receiver) {
      if (typeof name === 'string') read.add(name);
      return Reflect.get(target, name, receiver) as unknown;
    },
  });
  schemas[role](new EnvReader(recording));
  return read;
}

/**
 * A value of the right shape for a variable a Secret provides, so the schema can check
 * everything else about the container's env (URLs must parse, lists must not be empty).
 */
export function secretPlaceholder(name: string): string {
  if (name === 'CLICKHOUSE_URL') return 'http://user:secret@clickhouse.invalid:8123';
  if (name.endsWith('DATABASE_URL')) return 'postgres://user:secret@postgres.invalid:5432/db';
  if (name.startsWith('FANOUT_SECRET_') || name === 'INTERNAL_EVENTS_SECRETS') return 'whsec_cGxhY2Vob2xkZXI=';
  return 'placeholder';
}
