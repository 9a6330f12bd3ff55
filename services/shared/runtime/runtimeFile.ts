/**
 * `<VF_DATA_DIR>/runtime.json`: written by the process that owns the embedded stores (`npm
 * start`), so CLI commands can reach the same PostgreSQL server instead of starting another.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessAlive } from '../pg/embedded/leftoverPostmaster.ts';

/** The file's content. Other parts of the stack may add their own keys. */
export interface RuntimeInfo {
  postgres: { url: string; port: number };
  /** The owning process. */
  pid: number;
  [key: string]: unknown;
}

/** The file's path for a data directory. */
export function runtimeFilePath(dataDir: string): string {
  return join(dataDir, 'runtime.json');
}

function isRuntimeInfo(value: unknown): value is RuntimeInfo {
  if (typeof value !== 'object' || value === null) return false;
  const { postgres, pid } = value as Record<string, unknown>;
  if (typeof pid !== 'number' || typeof postgres !== 'object' || postgres === null) return false;
  const { url, port } = postgres as Record<string, unknown>;
  return typeof url === 'string' && typeof port === 'number';
}

/** Writes the file (mode 0600: the URL carries the local superuser password). */
export async function writeRuntimeFile(dataDir: string, info: RuntimeInfo): Promise<void> {
  await writeFile(runtimeFilePath(dataDir), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
}

/** Removes the file when it still belongs to `pid`. */
export async function removeRuntimeFile(dataDir: string, pid: number): Promise<void> {
  const current = await readRuntimeFile(dataDir, { requireLiveOwner: false });
  if (current?.pid === pid) await rm(runtimeFilePath(dataDir), { force: true });
}

/**
 * The running stack's info, or null when there is no file, it is unreadable, or (by default)
 * its owner is no longer running (a crash leaves the file behind).
 */
export async function readRuntimeFile(dataDir: string, options = { requireLiveOwner: true }): Promise<RuntimeInfo | null> {
  const text = await readFile(runtimeFilePath(dataDir), 'utf8').catch(() => null);
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRuntimeInfo(parsed)) return null;
  if (options.requireLiveOwner && !(await isProcessAlive(parsed.pid))) return null;
  return parsed;
}
