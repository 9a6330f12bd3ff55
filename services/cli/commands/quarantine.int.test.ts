import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createIngestPool, seedQuarantine } from '../../ingest/quarantine/test/quarantineSeeds.ts';
import { createCliContext } from '../cliContext.ts';
import { registerQuarantineCommands } from './quarantine.ts';

/** Runs `vf quarantine …` as runCli would (commander's exits become codes) and captures the output. */
async function vf(argv: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  const program = new Command('vf').exitOverride().configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  registerQuarantineCommands(program, createCliContext(env, io));
  let code = 0;
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e: unknown) {
    if (!(e instanceof CommanderError)) throw e;
    code = e.exitCode === 0 ? 0 : 2;
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('vf quarantine', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  let dataDir = '';
  let env: Record<string, string> = {};
  let ids: string[] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vf-cli-quarantine-'));
    env = { DM_DATABASE_URL: db.current.url, VF_DATA_DIR: dataDir, FANOUT_TARGETS: 'qa=http://127.0.0.1:9/internal/events', FANOUT_SECRET_QA: 'whsec_dGVzdC1zZWNyZXQtZm9yLXF1YXJhbnRpbmU=' };
    pool = await createIngestPool(db.current.url);
    ids = await seedQuarantine(pool, [
      { kind: 'window', nonce: 'cli-1' },
      { kind: 'invalidPayload', nonce: 'cli-2' },
      { kind: 'sumsubNotJson', nonce: 'cli-3' },
    ]);
  });
  afterAll(async () => {
    await pool.end();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lists entries as a table, newest first, with the command for the next page', async () => {
    const result = await vf(['quarantine', 'list', '--limit', '2'], env);
    expect(result.code).toBe(0);
    const lines = result.out.split('\n');
    expect(lines[0]).toMatch(/^RAW ID\s+RECEIVED\s+PROVIDER\s+TYPE\s+REASON\s+MESSAGE ID\s+ERRORS$/);
    expect(lines[1]).toMatch(new RegExp(`^${ids[2] ?? ''}\\s+\\S+\\s+sumsub\\s+-\\s+INGEST_BODY_NOT_JSON`));
    expect(lines[2]).toMatch(new RegExp(`^${ids[1] ?? ''}\\s+\\S+\\s+kick\\s+chat.message.sent/1\\s+INGEST_TIMESTAMP_OUTSIDE_WINDOW\\s+seed-cli-2`));
    expect(lines[3]).toMatch(/^more: vf quarantine list --cursor \S+$/);
  });

  it('lists as JSON with --json and filters by provider', async () => {
    const result = await vf(['quarantine', 'list', '--provider', 'sumsub', '--json'], env);
    expect(JSON.parse(result.out)).toEqual({ items: [expect.objectContaining({ id: ids[2], provider: 'sumsub' })], nextCursor: null });
  });

  it('replays named entries, printing the counts and each outcome, and fans out to the configured targets', async () => {
    const result = await vf(['quarantine', 'replay', '--id', ids[0] ?? '', ids[1] ?? ''], env);
    expect(result.code).toBe(0);
    const lines = result.out.split('\n');
    expect(lines[0]).toBe('released 1, still quarantined 1, considered 2');
    expect(lines[2]).toMatch(new RegExp(`^${ids[0] ?? ''}\\s+released\\s+[0-9a-f-]{36}$`));
    expect(lines[3]).toMatch(new RegExp(`^${ids[1] ?? ''}\\s+still_quarantined\\s+INGEST_PAYLOAD_INVALID$`));
    expect(await pool.anyFirst(sql.unsafe`SELECT target FROM ingest.outbox_delivery`)).toEqual(['qa']);

    const released = await vf(['quarantine', 'list', '--released', '--json'], env);
    expect(JSON.parse(released.out)).toMatchObject({ items: [{ id: ids[0], status: 'released' }] });
  });

  it('replays everything of one reason with --json', async () => {
    const result = await vf(['quarantine', 'replay', '--reason', 'INGEST_BODY_NOT_JSON', '--json'], env);
    expect(JSON.parse(result.out)).toEqual({ released: 0, stillQuarantined: 1, results: [{ id: ids[2], outcome: 'still_quarantined', reason: 'INGEST_BODY_NOT_JSON' }] });
  });

  it('exits 2 on an unknown reason or a bad page size', async () => {
    expect((await vf(['quarantine', 'list', '--reason', 'NOPE'], env)).code).toBe(2);
    expect((await vf(['quarantine', 'list', '--limit', '0'], env)).code).toBe(2);
  });
});
