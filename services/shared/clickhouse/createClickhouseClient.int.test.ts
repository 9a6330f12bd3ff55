import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClickhouseClient, type OpenClickhouse } from './createClickhouseClient.ts';

const REPO_NODE = resolve(import.meta.dirname, '../../../node_modules/node/bin/node');
const MODULE_URL = pathToFileURL(resolve(import.meta.dirname, 'createClickhouseClient.ts')).href;

/** Opens `dataDir` from another process with the in-repo Node; prints the outcome as JSON. */
function openFromAnotherProcess(dataDir: string): Promise<{ opened?: boolean; code?: string; message?: string; pid?: number }> {
  const script = `
    const { createClickhouseClient } = await import(${JSON.stringify(MODULE_URL)});
    try {
      const clickhouse = await createClickhouseClient({ dataDir: ${JSON.stringify(dataDir)} });
      await clickhouse.close();
      console.log(JSON.stringify({ opened: true }));
    } catch (e) {
      console.log(JSON.stringify({ code: e.code, message: e.message, pid: e.details?.pid }));
    }`;
  return new Promise((done, fail) => {
    const child = spawn(REPO_NODE, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', fail);
    child.on('close', () => {
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        done(JSON.parse(line));
      } catch {
        fail(new Error(`the child process printed no outcome: ${out}`));
      }
    });
  });
}

let dataDir: string;
let holder: OpenClickhouse | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vf-clickhouse-open-'));
});

afterAll(async () => {
  await holder?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('createClickhouseClient', () => {
  it('opens the embedded engine under <dataDir>/clickhouse when no URL is given', async () => {
    holder = await createClickhouseClient({ dataDir });
    expect(holder.embedded).toBe(true);
    expect(existsSync(join(dataDir, 'clickhouse', 'status'))).toBe(true);
    expect((await holder.client.ping()).success).toBe(true);
  });

  it('tells a second process that another process holds the directory', async () => {
    const outcome = await openFromAnotherProcess(dataDir);
    expect(outcome).toMatchObject({ code: 'CLICKHOUSE_EMBEDDED_LOCKED', pid: process.pid });
    expect(outcome.message).toContain('npm start');
    expect(outcome.message).toContain('CLICKHOUSE_URL');
  });

  it('lets another process open the directory once it is closed', async () => {
    await holder?.close();
    holder = undefined;
    expect(await openFromAnotherProcess(dataDir)).toEqual({ opened: true });
  });

  it('uses a server when a URL is given and leaves the embedded engine alone', async () => {
    const urlDir = await mkdtemp(join(tmpdir(), 'vf-clickhouse-url-'));
    const server = await createClickhouseClient({ url: 'http://127.0.0.1:9', dataDir: urlDir });
    try {
      expect(server.embedded).toBe(false);
      expect((await server.client.ping()).success).toBe(false);
      expect(existsSync(join(urlDir, 'clickhouse'))).toBe(false);
    } finally {
      await server.close();
      await rm(urlDir, { recursive: true, force: true });
    }
  });
});
