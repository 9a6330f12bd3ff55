/**
 * The ingest role as `npm run start:ingest` runs it, configured from environment variables only:
 * listeners on real ports, the worker running the raw sink, the embedded ClickHouse. A signed
 * Kick webhook goes in over HTTP and comes out in vf.raw_events, read back through the admin
 * listener's query bridge.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClickhouseClient } from '../../shared/clickhouse/createClickhouseClient.ts';
import { runClickhouseMigrations } from '../../shared/clickhouse/migrations.ts';
import { loadConfig } from '../../shared/config/loadConfig.ts';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import { pickFreePort } from '../../shared/pg/embedded/freePort.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { withRole } from '../../ingest/accept/test/acceptTestKit.ts';
import { kickSigner } from '../../ingest/app/test/publicAppHarness.ts';
import { startIngestRole, type RunningIngest } from './startIngestRole.ts';
import { kickRequest } from '../../ingest/test/ingestStack.ts';

const db = useTestDatabase('dm');
const signer = kickSigner();
let dataDir: string;
let running: RunningIngest;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vf-start-ingest-'));
  await chmod(dataDir, 0o755);
  // Migrations are never run by the role: migrate the embedded ClickHouse first, as `vf migrate clickhouse` would.
  const clickhouse = await createClickhouseClient({ dataDir });
  await runClickhouseMigrations(clickhouse.client, { rawBodyTtlDays: 365 });
  await clickhouse.close();
  const config = loadConfig('ingest', {
    DM_DATABASE_URL: withRole(db.current.url, 'vf_ingest'),
    VF_DATA_DIR: dataDir,
    KICK_PUBLIC_KEY: signer.publicPem,
    SUMSUB_WEBHOOK_SECRETS: 'sumsub-secret',
    FANOUT_TARGETS: 'qa-east=http://127.0.0.1:9/internal/events',
    FANOUT_SECRET_QA_EAST: 'whsec_dGVzdC1zZWNyZXQtZm9yLXFhLWVhc3Q=',
    INGEST_PORT: String(await pickFreePort(0)),
    ADMIN_PORT: String(await pickFreePort(0)),
  });
  running = await startIngestRole(config, silentLogger());
}, 60_000);

afterAll(async () => {
  await running.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function clickhouseRows(sql: string, params: Record<string, string>): Promise<Record<string, unknown>[]> {
  const response = await fetch(`${running.adminUrl}/admin/clickhouse/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql, params }) });
  const body = (await response.json()) as { rows: Record<string, unknown>[] };
  if (response.status !== 200) throw new Error(`query bridge answered ${String(response.status)}: ${JSON.stringify(body)}`);
  return body.rows;
}

describe('npm run start:ingest (startIngestRole from environment variables)', () => {
  it('is ready: PostgreSQL up, the embedded ClickHouse up', async () => {
    const response = await fetch(`${running.adminUrl}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ready', postgres: { status: 'up' }, clickhouse: { status: 'up', mode: 'embedded' } });
    expect((await fetch(`${running.publicUrl}/healthz`)).status).toBe(200);
    // The admin API is not on the public listener.
    expect((await fetch(`${running.publicUrl}/readyz`)).status).toBe(404);
  });

  it('accepts a signed webhook over HTTP and the raw sink writes it to vf.raw_events', async () => {
    const request = kickRequest(signer, 'kick.chat.message.sent.v1');
    const response = await fetch(`${running.publicUrl}/webhooks/kick`, { method: 'POST', headers: request.headers, body: request.payload });
    expect(response.status).toBe(200);
    const { id } = (await response.json()) as { id: string };
    let stored: Record<string, unknown>[] = [];
    for (let i = 0; i < 100 && stored.length === 0; i += 1) {
      stored = await clickhouseRows('SELECT toString(envelope_id) AS envelope, status, body FROM vf.raw_events FINAL WHERE envelope_id = {id:UUID}', { id });
      if (stored.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(stored).toEqual([{ envelope: id, status: 'accepted', body: request.payload }]);
  }, 30_000);

  it('counts the webhook in /metrics', async () => {
    const text = await (await fetch(`${running.adminUrl}/metrics`)).text();
    expect(text).toMatch(/vf_ingest_webhooks_total\{source="kick",type="kick\.chat\.message\.sent\.v1",outcome="accepted"\} 1/);
  });
});
