/**
 * The entry to configuration: `loadConfig(role, env)` parses the variables a role needs into
 * a frozen, typed object, or throws one `CONFIG_INVALID` error listing every problem.
 * `main.ts` passes `processEnv()`; tests pass literal objects.
 */
import { AppError } from '../errors.ts';
import { readEnvApiConfig, type EnvApiConfig } from './envApiConfig.ts';
import { EnvReader, type ConfigProblem, type Env } from './envReader.ts';
import { readIngestConfig, type IngestConfig } from './ingestConfig.ts';
import { readLocalConfig, type LocalConfig } from './localConfig.ts';

/** Configuration by role name. */
export interface ConfigByRole {
  ingest: IngestConfig;
  'env-api': EnvApiConfig;
  local: LocalConfig;
}

/** A process role with its own configuration schema. */
export type ConfigRole = keyof ConfigByRole;

const schemas: { [R in ConfigRole]: (reader: EnvReader) => ConfigByRole[R] } = {
  ingest: readIngestConfig,
  'env-api': readEnvApiConfig,
  local: readLocalConfig,
};

/** A role's loaded configuration: frozen all the way down. */
export type Config<R extends ConfigRole> = DeepReadonly<ConfigByRole[R]>;

type DeepReadonly<T> = T extends (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value as DeepReadonly<T>;
}

/** Thrown with code `CONFIG_INVALID`; `details.problems` lists each variable and what is wrong. */
export class ConfigError extends AppError {
  readonly problems: readonly ConfigProblem[];

  constructor(role: ConfigRole, problems: readonly ConfigProblem[]) {
    const lines = problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n');
    super('CONFIG_INVALID', `Invalid configuration for the ${role} role:\n${lines}`, { details: { role, problems } });
    this.problems = problems;
  }
}

/** Parses `env` with the schema of `role`. Throws {@link ConfigError} with every problem at once. */
export function loadConfig<R extends ConfigRole>(role: R, env: Env): Config<R> {
  const reader = new EnvReader(env);
  const config = schemas[role](reader);
  if (reader.problems.length > 0) throw new ConfigError(role, reader.problems);
  return deepFreeze(config);
}
