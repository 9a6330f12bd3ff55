import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { runCli } from '../runCli.ts';

/** Runs the CLI with `env` and captures its exit code and output. */
async function vf(argv: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('vf migrate', () => {
  const dm = useTestDatabase('empty');
  const env = useTestDatabase('empty');
  let dataDir = '';
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vf-cli-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('migrates DM_DATABASE_URL, then reports it up to date', async () => {
    const first = await vf(['migrate', 'dm'], { DM_DATABASE_URL: dm.current.url, VF_DATA_DIR: dataDir });
    expect(first).toMatchObject({ code: 0, out: expect.stringMatching(/^dm \(DM_DATABASE_URL\): applied 0001_dm\.sql, /) });
    const second = await vf(['migrate', 'dm'], { DM_DATABASE_URL: dm.current.url, VF_DATA_DIR: dataDir });
    expect(second).toEqual({ code: 0, out: 'dm (DM_DATABASE_URL): up to date', err: '' });
  });

  it('migrates DATABASE_URL as an environment database', async () => {
    const result = await vf(['migrate', 'env'], { DATABASE_URL: env.current.url, ENV_NAME: 'qa', VF_DATA_DIR: dataDir });
    expect(result).toMatchObject({ code: 0, out: expect.stringMatching(/^env qa \(DATABASE_URL\): applied 0001_read_model\.sql/) });
  });

  it('fails with exit code 1 naming the variables when no database is given and no stack runs', async () => {
    const result = await vf(['migrate', 'dm'], { VF_DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.err).toContain('CLI_DATABASE_NOT_CONFIGURED');
    expect(result.err).toContain('DM_DATABASE_URL');
  });

  it('fails with exit code 1 and CONFIG_INVALID on a malformed variable', async () => {
    const result = await vf(['migrate', 'dm'], { DM_DATABASE_URL: 'not a url', VF_DATA_DIR: dataDir });
    expect(result).toMatchObject({ code: 1, err: expect.stringContaining('CONFIG_INVALID') });
  });

  it('exits 2 on a usage error and 0 on --help', async () => {
    expect((await vf(['migrate', 'nowhere'], {})).code).toBe(2);
    expect((await vf(['migrate', 'env', '--bogus'], {})).code).toBe(2);
    expect((await vf(['migrate', '--help'], {})).code).toBe(0);
  });
});
