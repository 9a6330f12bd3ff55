import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../shared/config/loadConfig.ts';
import { writeRuntimeFile } from '../shared/runtime/runtimeFile.ts';
import { dmTarget, envTargets } from './databaseTargets.ts';

describe('database targets from runtime.json', () => {
  let dataDir = '';
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vf-runtime-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('uses the running stack named in runtime.json when no URL is set', async () => {
    await writeRuntimeFile(dataDir, { postgres: { url: 'postgres://postgres:pw@127.0.0.1:5433/postgres', port: 5433 }, pid: process.pid });
    const config = loadConfig('local', { VF_DATA_DIR: dataDir });
    expect((await dmTarget(config)).url).toBe('postgres://postgres:pw@127.0.0.1:5433/vf_dm');
    expect((await envTargets(config, undefined)).map((t) => t.url)).toEqual([
      'postgres://postgres:pw@127.0.0.1:5433/vf_stage',
      'postgres://postgres:pw@127.0.0.1:5433/vf_production',
    ]);
  });

  it('prefers the URL variables over the running stack', async () => {
    const config = loadConfig('local', { VF_DATA_DIR: dataDir, DM_DATABASE_URL: 'postgres://h/dm', ENV_DATABASE_URL_STAGE: 'postgres://h/st' });
    expect((await dmTarget(config)).url).toBe('postgres://h/dm');
    expect((await envTargets(config, 'stage')).map((t) => t.url)).toEqual(['postgres://h/st']);
  });

  it('ignores runtime.json left behind by a process that is gone', async () => {
    await writeRuntimeFile(dataDir, { postgres: { url: 'postgres://postgres@127.0.0.1:1/postgres', port: 1 }, pid: 2 ** 22 + 1 });
    const error = await dmTarget(loadConfig('local', { VF_DATA_DIR: dataDir })).then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'CLI_DATABASE_NOT_CONFIGURED' });
  });
});
