/**
 * `npm start -- --simulate` in this process: the simulated Kick API is the stack's Kick (the
 * simulated channels get tracked and subscribed through it), the simulator's signed Kick and
 * Sumsub webhooks are accepted, and both environments converge to the same projected events.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/runCli.ts';
import { loadConfig } from '../../shared/config/loadConfig.ts';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import { databaseUrl } from '../../shared/pg/databaseUrl.ts';
import { readRuntimeFile } from '../../shared/runtime/runtimeFile.ts';
import { simulatedChannels } from '../../simulator/startSimulator.ts';
import { startLocalStack, type RunningLocalStack } from './startLocalStack.ts';
import { startSimulation, type RunningSimulation } from './startSimulation.ts';
import { deliverySummary, freeStackPorts, scalar, tempDataDir, waitUntil } from './test/localStackTestKit.ts';

let dataDir: string;
let simulation: RunningSimulation | undefined;
let stack: RunningLocalStack | undefined;

beforeAll(async () => {
  dataDir = await tempDataDir();
  const config = loadConfig('local', { VF_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  simulation = await startSimulation({ config, logger: silentLogger(), rate: 25 });
  stack = await startLocalStack({ config, logger: silentLogger(), ports: await freeStackPorts(), simulator: simulation.kickApi });
}, 120_000);

afterAll(async () => {
  await simulation?.stopTraffic();
  await stack?.stop();
  await simulation?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the local stack with the simulator', () => {
  it('tracks the simulated channels through the simulated Kick API and projects the same events into both environments', async () => {
    if (stack === undefined || simulation === undefined) throw new Error('not started');
    expect(stack.kick).toEqual({ kickPublicKey: 'local-simulator', kickApi: 'simulator', sumsubSecret: 'local' });
    await simulation.startTraffic({ ingestUrl: new URL(stack.urls.webhooksKick).origin, dmDatabaseUrl: stack.dmDatabaseUrl });
    const serverUrl = (await readRuntimeFile(dataDir))?.postgres.url ?? '';
    const dm = databaseUrl(serverUrl, 'vf_dm');
    await waitUntil('a hundred simulated webhooks were accepted', async () => (await scalar(dm, 'SELECT count(*) FROM ingest.outbox')) >= 100);
    await simulation.stopTraffic();

    const out: string[] = [];
    expect(await runCli(['channels', 'list', '--json'], { VF_DATA_DIR: dataDir }, { out: (line) => out.push(line), err: () => undefined })).toBe(0);
    const tracked = JSON.parse(out.join('\n')) as { broadcasterUserId: number; liveSubscriptions: number }[];
    expect(tracked.map((c) => c.broadcasterUserId).sort()).toEqual(simulatedChannels().map((c) => c.broadcasterUserId).sort());
    expect(tracked.every((c) => c.liveSubscriptions === 10)).toBe(true);

    const quarantined = await scalar(dm, `SELECT count(*) FROM ingest.inbox WHERE status = 'quarantined'`);
    expect(quarantined).toBe(0);
    const outboxed = await scalar(dm, 'SELECT count(*) FROM ingest.outbox');
    await waitUntil(
      'both environments processed every outboxed event',
      async () => (await scalar(databaseUrl(serverUrl, 'vf_stage'), 'SELECT count(*) FROM processed_events')) === outboxed && (await scalar(databaseUrl(serverUrl, 'vf_production'), 'SELECT count(*) FROM processed_events')) === outboxed,
      90_000,
    ).catch(async (e: unknown) => {
      throw new Error(`${String(e)}; deliveries: ${JSON.stringify(await deliverySummary(dm))}`);
    });

    // Both environments hold the same projected rows, table by table.
    const tables = ['kick_chat_messages', 'kick_follows', 'kick_subscriptions', 'kick_subscription_gifts', 'kick_reward_redemptions', 'kick_livestreams', 'kick_bans', 'kick_kicks_gifts', 'kick_viewer_counts', 'kyc_applicants', 'kyc_applicant_actions'];
    const counts = async (database: string): Promise<number[]> => Promise.all(tables.map((table) => scalar(databaseUrl(serverUrl, database), `SELECT count(*) FROM ${table}`)));
    const stageCounts = await counts('vf_stage');
    expect(await counts('vf_production')).toEqual(stageCounts);
    expect(stageCounts.filter((n) => n > 0).length).toBeGreaterThan(5);

    // And `vf status` against the running stack says nothing is behind.
    const statusOut: string[] = [];
    expect(await runCli(['status', '--json'], { VF_DATA_DIR: dataDir }, { out: (line) => statusOut.push(line), err: () => undefined })).toBe(0);
    const status = JSON.parse(statusOut.join('\n')) as { targets: { target: string; pending: number; lagSeconds: number }[] };
    expect(status.targets.map((t) => [t.target, t.pending, t.lagSeconds]).sort()).toEqual([
      ['production', 0, 0],
      ['stage', 0, 0],
    ]);
  }, 180_000);
});
