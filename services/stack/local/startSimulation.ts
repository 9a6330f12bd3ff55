/**
 * `npm start -- --simulate`: the simulated Kick API (started before the stack, whose poller and
 * subscription sync then talk to it), the simulated channels tracked (so the poller probes them
 * and the sync subscribes them, offline), and the simulator's signed Kick and Sumsub webhooks
 * (started once the stack listens, stopped before it stops).
 */
import type { Config } from '../../shared/config/loadConfig.ts';
import { coerceError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import { createDmPool } from '../../shared/pg/pools.ts';
import { loadOrCreateLocalSecrets, type LocalSecrets } from '../../shared/runtime/localSecrets.ts';
import { addChannel } from '../../ingest/channels/addChannel.ts';
import { createKickApiClient } from '../../ingest/kickApi/createKickApiClient.ts';
import { syncSubscriptions } from '../../ingest/subscriptions/syncSubscriptions.ts';
import { startKickApiSimulator } from '../../simulator/kickApiSimulator.ts';
import { simulatedChannels, startSimulator, type Simulator } from '../../simulator/startSimulator.ts';
import type { KickApiSimulatorEndpoint } from './localRoleEnv.ts';
import { localEnvironmentNames } from './openStackDatabases.ts';

/** A running simulation. */
export interface RunningSimulation {
  readonly kickApi: KickApiSimulatorEndpoint;
  /** Tracks the simulated channels in `dmDatabaseUrl` and starts posting webhooks to `ingestUrl`. */
  startTraffic(stack: { readonly ingestUrl: string; readonly dmDatabaseUrl: string }): Promise<void>;
  /** Stops posting; resolves once every request in flight has its answer. */
  stopTraffic(): Promise<void>;
  /** One line for the banner. */
  describe(): string;
  /** Stops the simulated Kick API (after the stack). */
  stop(): Promise<void>;
}

/** Options of {@link startSimulation}. */
export interface SimulationOptions {
  readonly config: Config<'local'>;
  readonly logger: Logger;
  /** Webhooks per second; null: the simulator's default. */
  readonly rate: number | null;
}

async function trackChannels(dmDatabaseUrl: string, kickApiBaseUrl: string, secrets: LocalSecrets, logger: Logger): Promise<void> {
  const kick = createKickApiClient({ apiBaseUrl: kickApiBaseUrl, authBaseUrl: kickApiBaseUrl, clientId: secrets.kickSimulatorClientId, clientSecret: secrets.kickSimulatorClientSecret });
  const pool = await createDmPool(dmDatabaseUrl, { maximumPoolSize: 2 });
  try {
    // By broadcaster id: one simulated channel changes its slug during a run.
    for (const channel of simulatedChannels()) await addChannel({ pool, kick }, String(channel.broadcasterUserId));
    const report = await syncSubscriptions({ pool, kickApi: kick });
    logger.info({ channels: simulatedChannels().map((c) => c.slug), subscriptionsCreated: report.created }, 'simulated channels tracked: the poller probes them every minute');
  } catch (e: unknown) {
    logger.warn({ err: coerceError(e) }, 'the simulated channels could not be tracked: the poller has nothing to probe');
  } finally {
    await pool.end();
  }
}

/** Starts the simulated Kick API; the webhooks start with {@link RunningSimulation.startTraffic}. */
export async function startSimulation(options: SimulationOptions): Promise<RunningSimulation> {
  const { config } = options;
  const logger = options.logger.child({ role: 'simulator' });
  const secrets = await loadOrCreateLocalSecrets(config.dataDir, localEnvironmentNames);
  const kickApi = await startKickApiSimulator({
    channels: simulatedChannels(),
    clientId: secrets.kickSimulatorClientId,
    clientSecret: secrets.kickSimulatorClientSecret,
    publicKeyPem: secrets.kickSimulatorPublicKeyPem,
  });
  let traffic: Simulator | null = null;
  let ingestUrl = '';
  return {
    kickApi: { kickApiBaseUrl: kickApi.baseUrl },
    startTraffic: async (stack) => {
      ingestUrl = stack.ingestUrl;
      await trackChannels(stack.dmDatabaseUrl, kickApi.baseUrl, secrets, logger);
      traffic = startSimulator({
        ingestUrl,
        ...(options.rate === null ? {} : { rate: options.rate }),
        kickPrivateKeyPem: secrets.kickSimulatorPrivateKeyPem,
        sumsubSecret: secrets.sumsubWebhookSecret,
        logger,
      });
    },
    stopTraffic: async () => {
      await traffic?.stop();
    },
    describe: () => `${options.rate === null ? 'webhooks at the default rate' : `${String(options.rate)} webhooks/s`} to ${ingestUrl} (seed ${String(traffic?.seed ?? '-')}); Kick API at ${kickApi.baseUrl}`,
    stop: () => kickApi.stop(),
  };
}
