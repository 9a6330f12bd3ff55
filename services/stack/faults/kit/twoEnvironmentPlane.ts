/**
 * The data plane assembled in this process from its production parts, so a fault test can take
 * one environment away and bring it back: the ingest role (receivers, acceptor, worker with the
 * raw sink and the fan-out) on its own dm database, and one environment API per target on its own
 * database, each on a fixed port below the ephemeral range (freeStackPorts), so a stopped
 * environment comes back at the URL the fan-out knows. Stopping an environment closes its listener
 * (in-flight batches finish first): the fan-out's next attempt is refused, as when a pod is gone.
 */
import { loadConfig } from '../../../shared/config/loadConfig.ts';
import { silentLogger } from '../../../shared/logging/createLogger.ts';
import { startEnvApi, type RunningEnvApi } from '../../../env-api/startEnvApi.ts';
import { startIngestRole, type RunningIngest } from '../../ingest/startIngestRole.ts';
import { asRole } from '../../local/openStackDatabases.ts';
import { freeStackPorts } from '../../local/test/localStackTestKit.ts';

/** Options of {@link startTwoEnvironmentPlane}. */
export interface TwoEnvironmentPlaneOptions {
  /** Superuser URL of a migrated dm database. */
  readonly dmUrl: string;
  /** Target name → superuser URL of a migrated environment database; exactly two. */
  readonly environments: Readonly<Record<string, string>>;
  /** VF_DATA_DIR of the ingest role (its embedded ClickHouse, migrated). */
  readonly dataDir: string;
  readonly kickPublicKeyPem: string;
  readonly sumsubSecret: string;
  /** `whsec_` secret shared by the fan-out and the environments. */
  readonly internalEventsSecret: string;
  /** FANOUT_BACKOFF_MAX_MS: how long a refused target may wait between attempts. */
  readonly fanoutBackoffMaxMs: number;
}

/** A running plane. */
export interface TwoEnvironmentPlane {
  readonly publicUrl: string;
  readonly adminUrl: string;
  /** Closes the environment's listener and pool. */
  stopEnvironment(name: string): Promise<void>;
  /** Starts the environment again on its port. */
  startEnvironment(name: string): Promise<void>;
  /** Stops everything still running (safe to call more than once, and after a failed test). */
  stop(): Promise<void>;
}

/** Starts the environments, then the ingest role fanning out to them. */
export async function startTwoEnvironmentPlane(options: TwoEnvironmentPlaneOptions): Promise<TwoEnvironmentPlane> {
  const names = Object.keys(options.environments);
  const [first, second] = names;
  if (first === undefined || second === undefined || names.length !== 2) throw new Error('the plane takes exactly two environments');
  const ports = await freeStackPorts();
  const envPorts: Record<string, number> = { [first]: ports.stage, [second]: ports.production };
  const running = new Map<string, RunningEnvApi>();
  let ingest: RunningIngest | null = null;

  const startEnvironment = async (name: string): Promise<void> => {
    if (running.has(name)) throw new Error(`environment ${name} runs already`);
    const url = options.environments[name];
    if (url === undefined) throw new Error(`no environment ${name}`);
    const config = loadConfig('env-api', {
      ENV_NAME: name,
      DATABASE_URL: asRole(url, 'vf_env'),
      INTERNAL_EVENTS_SECRETS: options.internalEventsSecret,
      ENV_API_PORT: String(envPorts[name]),
      LOG_LEVEL: 'silent',
    });
    running.set(name, await startEnvApi(config, silentLogger(), { clickhouse: null }));
  };
  const stopEnvironment = async (name: string): Promise<void> => {
    const environment = running.get(name);
    running.delete(name);
    await environment?.stop();
  };
  const stop = async (): Promise<void> => {
    const role = ingest;
    ingest = null;
    await role?.stop();
    for (const name of [...running.keys()]) await stopEnvironment(name);
  };

  try {
    for (const name of names) await startEnvironment(name);
    const secretVariable = (name: string): string => `FANOUT_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
    const config = loadConfig('ingest', {
      DM_DATABASE_URL: asRole(options.dmUrl, 'vf_ingest'),
      VF_DATA_DIR: options.dataDir,
      KICK_PUBLIC_KEY: options.kickPublicKeyPem,
      SUMSUB_WEBHOOK_SECRETS: options.sumsubSecret,
      FANOUT_TARGETS: names.map((name) => `${name}=http://127.0.0.1:${String(envPorts[name])}/internal/events`).join(','),
      ...Object.fromEntries(names.map((name) => [secretVariable(name), options.internalEventsSecret])),
      FANOUT_BACKOFF_MAX_MS: String(options.fanoutBackoffMaxMs),
      INGEST_PORT: String(ports.ingest),
      ADMIN_PORT: String(ports.admin),
      LOG_LEVEL: 'silent',
    });
    const role = await startIngestRole(config, silentLogger());
    ingest = role;
    return { publicUrl: role.publicUrl, adminUrl: role.adminUrl, stopEnvironment, startEnvironment, stop };
  } catch (e: unknown) {
    await stop();
    throw e;
  }
}
