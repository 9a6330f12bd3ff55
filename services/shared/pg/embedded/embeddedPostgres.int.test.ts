import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { withPgClient } from '../../testkit/pgClient.ts';
import { ensureServerCanWrite, serverUser } from './dataDirAccess.ts';
import { startEmbeddedPostgres } from './embeddedPostgres.ts';
import { isProcessAlive } from './leftoverPostmaster.ts';

const childScript = fileURLToPath(new URL('./test/startEmbeddedChild.ts', import.meta.url));

/** Starts the child, waits for READY, then kills it with SIGKILL (no cleanup runs). */
async function startAndCrashChild(dir: string): Promise<void> {
  const child = spawn(process.execPath, [childScript, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('READY')) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before READY:\n${output}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('startEmbeddedPostgres', () => {
  let root = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vf-embedded-'));
    await chmod(root, 0o755);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('starts again on the same directory after its owner was killed with SIGKILL, keeping the data', async () => {
    const dir = join(root, 'postgres');
    await startAndCrashChild(dir);
    const leftoverPid = Number((await readFile(join(dir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    expect(await isProcessAlive(leftoverPid)).toBe(true);

    const server = await startEmbeddedPostgres({ dir, port: 0 });
    try {
      expect(server.recovered).toBe('stopped');
      expect(await isProcessAlive(leftoverPid)).toBe(false);
      const rows = await withPgClient(server.url('postgres'), async (c) => (await c.query('SELECT note FROM crash_marker')).rows);
      expect(rows).toEqual([{ note: 'written before the crash' }]);
    } finally {
      await server.stop();
    }
  });

  it('removes a stale postmaster.pid whose process is gone', async () => {
    const dir = join(root, 'postgres');
    const stale = spawn('true');
    await new Promise((resolve) => stale.once('exit', resolve));
    await writeFile(join(dir, 'postmaster.pid'), `${stale.pid}\n${dir}\n`);
    const server = await startEmbeddedPostgres({ dir, port: 0 });
    try {
      expect(server.recovered).toBe('stale-pid-file-removed');
    } finally {
      await server.stop();
    }
  });

  it('fails with EMBEDDED_PG_DATA_DIR_NOT_WRITABLE when the server user cannot reach the directory', async () => {
    const user = serverUser();
    const closed = join(root, 'closed');
    await mkdir(closed, { mode: 0o700 });
    // Root: the postgres user cannot traverse a 0700 root-owned parent. Others: a read-only directory.
    const dir = user === null ? closed : join(closed, 'postgres');
    if (user === null) await chmod(closed, 0o500);
    const error = await ensureServerCanWrite(dir, user).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('EMBEDDED_PG_DATA_DIR_NOT_WRITABLE');
  });
});
