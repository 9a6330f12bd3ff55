/** A thin, synchronous `git` runner: the check is a short CLI, and each call is one small read. */
import { spawnSync } from 'node:child_process';

/** What one `git` invocation returned. */
export interface GitResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `git <args>` in `cwd`. A missing git binary is an ordinary failure (`ok: false`). */
export function git(cwd: string, args: readonly string[]): GitResult {
  // Contracts can be large; the default 1 MiB buffer of spawnSync is too small for some.
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const stderr = result.error ? result.error.message : result.stderr;
  return { ok: result.status === 0, stdout: result.stdout ?? '', stderr: stderr ?? '' };
}
