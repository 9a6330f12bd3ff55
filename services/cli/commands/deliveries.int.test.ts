import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createIngestRolePool } from '../../ingest/accept/test/acceptTestKit.ts';
import { deliveryRows, fanoutJobs, seedOutbox, settle } from '../../ingest/replay/test/seedOutbox.ts';
import { runCommands } from '../test/runCommands.ts';
import { registerDeliveriesCommands } from './deliveries.ts';

describe('vf deliveries', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  let dataDir = '';
  let env: Record<string, string> = {};
  let ids: string[] = [];
  const vf = (...argv: string[]) => runCommands([registerDeliveriesCommands], ['deliveries', ...argv], env);

  beforeAll(async () => {
    pool = await createIngestRolePool(db.current.url);
    await seedOutbox(pool, ['qa'], [{ nonce: 'dl-1' }, { nonce: 'dl-2' }, { nonce: 'dl-3' }]);
    ids = (await deliveryRows(db.current.url)).map((r) => r.id);
    await settle(db.current.url, ids.slice(0, 2), 'dead');
    await settle(db.current.url, ids.slice(2), 'parked', 1);
    dataDir = await mkdtemp(join(tmpdir(), 'vf-cli-deliveries-'));
    env = { DM_DATABASE_URL: db.current.url, VF_DATA_DIR: dataDir, FANOUT_TARGETS: 'qa=http://127.0.0.1:9/internal/events', FANOUT_SECRET_QA: 'whsec_dGVzdC1zZWNyZXQtZm9yLWRlbGl2ZXJpZXM=' };
  });
  afterAll(async () => {
    await pool.end();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lists dead deliveries as a table, oldest first, with the command for the next page', async () => {
    const result = await vf('list', '--status', 'dead', '--limit', '1');
    expect(result.code).toBe(0);
    const lines = result.out.split('\n');
    expect(lines[0]).toMatch(/^ID\s+CREATED\s+TARGET\s+TYPE\s+SUBJECT\s+ATTEMPTS\s+ENVELOPE\s+LAST ERROR$/);
    expect(lines[1]).toMatch(new RegExp(`^${ids[0] ?? ''}\\s+\\S+\\s+qa\\s+kick.chat.message.sent.v1\\s+kick/broadcaster/\\d+\\s+3\\s+[0-9a-f-]{36}\\s+test: dead$`));
    expect(lines[2]).toMatch(/^more: vf deliveries list --status dead --cursor \S+$/);
  });

  it('lists parked deliveries of one target as JSON', async () => {
    const result = await vf('list', '--status', 'parked', '--target', 'qa', '--json');
    expect(JSON.parse(result.out)).toEqual({ items: [expect.objectContaining({ id: ids[2], status: 'parked', attempts: 1 })], nextCursor: null });
  });

  it('retries named dead deliveries and wakes the sender', async () => {
    const result = await vf('retry', '--status', 'dead', '--id', ids[0] ?? '');
    expect(result).toMatchObject({ code: 0, out: 'retried 1 dead deliveries (back to pending)' });
    expect((await deliveryRows(db.current.url)).map((r) => r.status)).toEqual(['pending', 'dead', 'parked']);
    expect(await fanoutJobs(db.current.url)).toEqual([expect.objectContaining({ key: 'fanout:qa' })]);
  });

  it('retries every parked delivery with --json', async () => {
    const result = await vf('retry', '--status', 'parked', '--json');
    expect(JSON.parse(result.out)).toEqual({ retried: 1 });
  });

  it.each([
    ['no status', ['list'], /required option '--status <status>'/],
    ['an unknown status', ['list', '--status', 'done'], /Allowed choices are dead, parked/],
    ['an unknown target', ['retry', '--status', 'dead', '--target', 'stage'], /--target stage is not a configured fan-out target/],
    ['an id that is not a delivery id', ['retry', '--status', 'dead', '--id', 'abc'], /a delivery id/],
  ])('exits 2 on %s', async (_name, argv, message) => {
    const result = await vf(...argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });
});
