import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.ts';
import { loadOrCreateLocalSecrets } from '../shared/runtime/localSecrets.ts';
import { writeRuntimeFile } from '../shared/runtime/runtimeFile.ts';
import { resolveLocalTarget } from './localTarget.ts';

describe('resolveLocalTarget', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vf-sim-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const runtime = { postgres: { url: 'postgres://localhost/x', port: 5432 }, pid: process.pid };

  it('says to start the stack when it is not running', async () => {
    await expect(resolveLocalTarget({ dataDir, ingestPort: 8080 })).rejects.toMatchObject({ code: 'SIMULATOR_STACK_NOT_RUNNING', message: expect.stringContaining('npm start') });
  });

  it('treats a runtime file left by a dead process as not running', async () => {
    await writeRuntimeFile(dataDir, { ...runtime, pid: 2 ** 22 + 12345 });
    await expect(resolveLocalTarget({ dataDir, ingestPort: 8080 })).rejects.toBeInstanceOf(AppError);
  });

  it('says to start the stack when there are no local secrets', async () => {
    await writeRuntimeFile(dataDir, runtime);
    await expect(resolveLocalTarget({ dataDir, ingestPort: 8080 })).rejects.toMatchObject({ code: 'SIMULATOR_SECRETS_MISSING' });
  });

  it('uses the recorded ingest URL and the local secrets', async () => {
    const secrets = await loadOrCreateLocalSecrets(dataDir, ['stage', 'production']);
    await writeRuntimeFile(dataDir, { ...runtime, ingest: { publicUrl: 'http://127.0.0.1:18080', adminUrl: 'http://127.0.0.1:19464' } });
    expect(await resolveLocalTarget({ dataDir, ingestPort: 8080 })).toEqual({
      ingestUrl: 'http://127.0.0.1:18080',
      kickPrivateKeyPem: secrets.kickSimulatorPrivateKeyPem,
      sumsubSecret: secrets.sumsubWebhookSecret,
    });
  });

  it('falls back to INGEST_PORT on 127.0.0.1 when the stack records no ingest URL', async () => {
    await loadOrCreateLocalSecrets(dataDir, ['stage', 'production']);
    await writeFile(join(dataDir, 'runtime.json'), JSON.stringify(runtime));
    expect((await resolveLocalTarget({ dataDir, ingestPort: 18081 })).ingestUrl).toBe('http://127.0.0.1:18081');
  });
});
