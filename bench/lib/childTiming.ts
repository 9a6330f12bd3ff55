/** Wall time of a child process run with the in-repo Node (the same binary npm scripts use). */
import { spawnSync } from 'node:child_process';

export function timeChild(args: readonly string[], cwd: string): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`bench: \`node ${args.join(' ')}\` failed (${result.status}):\n${result.stderr}`);
  return elapsed;
}
