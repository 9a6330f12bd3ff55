/**
 * Builds the docs site the way `npm run docs` does, in a child process: `node
 * codegen/docs/main.ts --out <dir>` from the repository root. Services never import codegen
 * (STYLE, module boundaries); running it as a program keeps the generator's dependencies and its
 * tens of seconds of work out of the role's process.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../../shared/errors.ts';

/** Writes the site into `outDir`; rejects when the build fails; `signal` stops it. */
export type DocsBuild = (outDir: string, signal: AbortSignal) => Promise<void>;

/** The repository root, from this file's place in it (services/ingest/docs/). */
export const repoRoot = resolve(import.meta.dirname, '../../..');

/** How much of the child's output a failure keeps (its last lines say what went wrong). */
const OUTPUT_TAIL_CHARS = 4_000;

/** A build that runs the docs generator under this process's Node binary. */
export function spawnDocsBuild(root: string = repoRoot): DocsBuild {
  return (outDir, signal) =>
    new Promise<void>((resolvePromise, reject) => {
      const script = join(root, 'codegen', 'docs', 'main.ts');
      if (!existsSync(script)) {
        reject(new AppError('INGEST_DOCS_GENERATOR_MISSING', `${script} is not here: this installation cannot build the docs site`));
        return;
      }
      let output = '';
      const keep = (chunk: Buffer): void => {
        output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
      };
      const child = spawn(process.execPath, [script, '--out', outDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], signal });
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.on('error', (e) => reject(new AppError('INGEST_DOCS_BUILD_FAILED', `the docs build did not run: ${e.message}`, { cause: e })));
      child.on('close', (code, killedBy) => {
        if (code === 0) resolvePromise();
        else reject(new AppError('INGEST_DOCS_BUILD_FAILED', `the docs build exited with ${killedBy ?? String(code)}:\n${output.trim()}`));
      });
    });
}
