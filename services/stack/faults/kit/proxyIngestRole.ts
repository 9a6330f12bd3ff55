/**
 * The real ingest role (services/stack/ingest/startIngestRole.ts: listeners, group-committing
 * acceptor, graphile worker with raw sink and fan-out) started for a fault test, with its stores
 * handed in so the test sits between the role and them: a PostgreSQL URL that may go through a
 * {@link startTcpProxy} proxy, and a ClickHouse behind {@link openProxyClickhouse}'s switch.
 * Configured through `loadConfig` exactly as `npm run start:ingest` is; secrets are a local
 * stack's (`secrets.json` in the test's data dir), so localStackTestKit's signed builders work.
 */
import { withRole } from '../../../ingest/accept/test/acceptTestKit.ts';
import { fanoutSecretVariable } from '../../../shared/config/fanoutTargets.ts';
import { loadConfig } from '../../../shared/config/loadConfig.ts';
import { silentLogger, type Logger } from '../../../shared/logging/createLogger.ts';
import { pickFreePort } from '../../../shared/pg/embedded/freePort.ts';
import type { LocalSecrets } from '../../../shared/runtime/localSecrets.ts';
import { startIngestRole, type RunningIngest } from '../../ingest/startIngestRole.ts';
import type { ProxyClickhouse } from './proxyClickhouse.ts';

/** A fan-out target: its name and its environment's `/internal/events` URL. */
export interface FaultTarget {
  readonly name: string;
  readonly url: string;
}

/** Options of {@link startProxiedIngestRole}. */
export interface ProxiedIngestOptions {
  /** A superuser URL of the vf-pg-dm database (direct, or through a proxy); the role acts as vf_ingest. */
  readonly dmUrl: string;
  readonly dataDir: string;
  readonly secrets: LocalSecrets;
  readonly clickhouse: ProxyClickhouse;
  /** Every target gets `secrets.fanout[name]` (create the secrets with these names). */
  readonly targets: readonly FaultTarget[];
  /** More variables (FANOUT_* tuning, …). */
  readonly env?: Readonly<Record<string, string>>;
  readonly logger?: Logger;
}

/** Starts the role on free ports. */
export async function startProxiedIngestRole(options: ProxiedIngestOptions): Promise<RunningIngest> {
  const env: Record<string, string> = {
    DM_DATABASE_URL: withRole(options.dmUrl, 'vf_ingest'),
    VF_DATA_DIR: options.dataDir,
    KICK_PUBLIC_KEY: options.secrets.kickSimulatorPublicKeyPem,
    SUMSUB_WEBHOOK_SECRETS: options.secrets.sumsubWebhookSecret,
    FANOUT_TARGETS: options.targets.map((t) => `${t.name}=${t.url}`).join(','),
    INGEST_PORT: String(await pickFreePort(0)),
    ADMIN_PORT: String(await pickFreePort(0)),
    LOG_LEVEL: 'silent',
    ...options.env,
  };
  for (const target of options.targets) {
    const secret = options.secrets.fanout[target.name];
    if (secret === undefined) throw new Error(`no local secret for target ${target.name}`);
    env[fanoutSecretVariable(target.name)] = secret;
  }
  const config = loadConfig('ingest', env);
  return startIngestRole(config, options.logger ?? silentLogger(), { clickhouse: options.clickhouse.open });
}

/**
 * The value of one sample of `name` in the Prometheus text at `url` whose labels include
 * `labels`, summed over matching samples; 0 when there is none.
 */
export async function readMetric(url: string, name: string, labels: Readonly<Record<string, string>> = {}): Promise<number> {
  const text = await (await fetch(url)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name} `) && !line.startsWith(`${name}{`)) continue;
    const match = /^[^{\s]+(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null) continue;
    const sampleLabels = match[1] ?? '';
    if (Object.entries(labels).every(([key, value]) => sampleLabels.includes(`${key}="${value}"`))) sum += Number(match[2]);
  }
  return sum;
}
