/**
 * The whole flow with every part real: signed Kick and Sumsub webhooks (every contract example)
 * posted over HTTP to the ingest role, plus a viewer probe its poller takes from a local fake of
 * Kick's API, fanned out by its worker as signed batches to two environment roles on their own
 * databases, projected there. Every read-model table the data plane writes is filled in both
 * environments, with the same counts. Target names are neither stage nor production.
 */
import { createHmac } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES, eventCatalogue } from '../../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../../generated/asyncapi/examples.ts';
import { startEnvApi, type RunningEnvApi } from '../../env-api/startEnvApi.ts';
import { withRole } from '../../ingest/accept/test/acceptTestKit.ts';
import { kickSigner } from '../../ingest/app/test/publicAppHarness.ts';
import { startFakeKickApi, type FakeKickApi } from '../../ingest/kickApi/test/fakeKickApi.ts';
import { kickRequest } from '../../ingest/test/ingestStack.ts';
import { createClickhouseClient } from '../../shared/clickhouse/createClickhouseClient.ts';
import { runClickhouseMigrations } from '../../shared/clickhouse/migrations.ts';
import { PROJECTION_TABLES } from '../../env-api/test/readModelTables.ts';
import { loadConfig } from '../../shared/config/loadConfig.ts';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import { pickFreePort } from '../../shared/pg/embedded/freePort.ts';
import { withPgClient } from '../../shared/testkit/pgClient.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { startIngestRole, type RunningIngest } from '../ingest/startIngestRole.ts';

const dm = useTestDatabase('dm');
const east = useTestDatabase('env');
const west = useTestDatabase('env');
const SECRET = `whsec_${Buffer.from('end-to-end-internal-events-key!!').toString('base64')}`;
const SUMSUB_SECRET = 'example-sumsub-webhook-secret';
const signer = kickSigner();
const READ_MODEL = PROJECTION_TABLES;
let dataDir: string;
let kickApi: FakeKickApi;
let ingest: RunningIngest;
const environments: RunningEnvApi[] = [];

async function startEnvironment(name: string, url: string): Promise<RunningEnvApi> {
  const port = await pickFreePort(0);
  const config = loadConfig('env-api', { ENV_NAME: name, DATABASE_URL: withRole(url, 'vf_env'), INTERNAL_EVENTS_SECRETS: SECRET, ENV_API_PORT: String(port) });
  const running = await startEnvApi(config, silentLogger());
  environments.push(running);
  return running;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vf-e2e-'));
  await chmod(dataDir, 0o755);
  const clickhouse = await createClickhouseClient({ dataDir });
  await runClickhouseMigrations(clickhouse.client, { rawBodyTtlDays: 365 });
  await clickhouse.close();
  kickApi = await startFakeKickApi({ channels: [{ broadcaster_user_id: 424242, slug: 'probed-channel', stream: { is_live: true, viewer_count: 77 } }] });
  // A tracked channel whose viewer probe is due now.
  await withPgClient(dm.current.url, async (client) => {
    await client.query(`WITH c AS (INSERT INTO dm.streamer_channel (kick_broadcaster_user_id, slug, tracking) VALUES (424242, 'probed-channel', true) RETURNING id)
                        INSERT INTO dm.probe_schedule (streamer_channel_id, next_probe_at) SELECT id, now() - interval '1 minute' FROM c`);
  });
  const qaEast = await startEnvironment('qa-east', east.current.url);
  const qaWest = await startEnvironment('qa-west', west.current.url);
  const config = loadConfig('ingest', {
    DM_DATABASE_URL: withRole(dm.current.url, 'vf_ingest'),
    VF_DATA_DIR: dataDir,
    KICK_PUBLIC_KEY: signer.publicPem,
    SUMSUB_WEBHOOK_SECRETS: SUMSUB_SECRET,
    FANOUT_TARGETS: `qa-east=${qaEast.url}/internal/events,qa-west=${qaWest.url}/internal/events`,
    FANOUT_SECRET_QA_EAST: SECRET,
    FANOUT_SECRET_QA_WEST: SECRET,
    // A batch that failed on a loaded machine (a timeout) is retried within seconds, not minutes.
    FANOUT_BACKOFF_MAX_MS: '2000',
    KICK_CLIENT_ID: kickApi.clientId,
    KICK_CLIENT_SECRET: kickApi.clientSecret,
    KICK_API_BASE_URL: kickApi.baseUrl,
    KICK_AUTH_BASE_URL: kickApi.baseUrl,
    INGEST_PORT: String(await pickFreePort(0)),
    ADMIN_PORT: String(await pickFreePort(0)),
    LOG_LEVEL: 'silent',
  });
  ingest = await startIngestRole(config, silentLogger());
}, 90_000);

afterAll(async () => {
  await ingest.stop();
  for (const environment of environments) await environment.stop();
  await kickApi.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function countRows(url: string): Promise<Record<string, number>> {
  return withPgClient(url, async (client) => {
    const counts: Record<string, number> = {};
    for (const table of [...READ_MODEL, 'processed_events']) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      counts[table] = rows[0]?.n ?? -1;
    }
    return counts;
  });
}

/** What the deliveries still pending are waiting for, for a failure message. */
async function pendingDetail(): Promise<unknown[]> {
  return withPgClient(dm.current.url, async (client) => (await client.query(`SELECT target, attempts, next_attempt_at, last_result, last_error, batch_id FROM ingest.outbox_delivery WHERE status = 'pending'`)).rows);
}

async function pendingDeliveries(): Promise<number> {
  return withPgClient(dm.current.url, async (client) => (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ingest.outbox_delivery WHERE status = 'pending'`)).rows[0]?.n ?? -1);
}

describe('webhooks → ingest role → fan-out → two environment roles', () => {
  it('projects every example into both environments, with the same counts', async () => {
    let accepted = 0;
    for (const type of EVENT_TYPES) {
      const entry = eventCatalogue[type];
      for (const example of eventExamples[type]) {
        const body = JSON.stringify(example.payload);
        let response: Response;
        if (entry.provider === 'kick') {
          const request = kickRequest(signer, type, { body });
          response = await fetch(`${ingest.publicUrl}/webhooks/kick`, { method: 'POST', headers: request.headers, body: request.payload });
        } else if (entry.provider === 'sumsub') {
          const digest = createHmac('sha256', SUMSUB_SECRET).update(body).digest('hex');
          response = await fetch(`${ingest.publicUrl}/webhooks/sumsub`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-payload-digest': digest }, body });
        } else {
          continue; // viewer probes come from the poller, not from a webhook
        }
        const answer = (await response.json()) as { status: string };
        expect({ type, status: response.status, answer: answer.status }).toMatchObject({ status: 200 });
        if (answer.status === 'accepted') accepted += 1;
      }
    }
    expect(accepted).toBeGreaterThan(20);
    // The poller's cron runs at the top of each minute; queue its job now instead of waiting.
    await withPgClient(dm.current.url, (client) => client.query(`SELECT graphile_worker.add_job('kick_poll_viewers', '{}'::json, queue_name => 'kick_poll_viewers')`));
    let probes = 0;
    for (let i = 0; i < 100 && probes === 0; i += 1) {
      probes = await withPgClient(dm.current.url, async (client) => (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ingest.outbox WHERE type = 'kick.viewer_probe.v1'`)).rows[0]?.n ?? 0);
      if (probes === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(probes).toBe(1);

    // The fan-out jobs run in the ingest role's worker; wait until nothing is pending.
    let pending = -1;
    for (let i = 0; i < 450; i += 1) {
      pending = await pendingDeliveries();
      if (pending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(pending, JSON.stringify(await pendingDetail())).toBe(0);

    const eastCounts = await countRows(east.current.url);
    const westCounts = await countRows(west.current.url);
    expect(westCounts).toEqual(eastCounts);
    for (const table of READ_MODEL) expect({ table, rows: eastCounts[table] }).not.toMatchObject({ rows: 0 });
    expect(eastCounts.processed_events).toBe(accepted + probes);
  }, 150_000);
});
