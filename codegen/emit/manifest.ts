/**
 * `generated/manifest.json`: every generated file with its hash, the input hashes and the
 * generator's own version (a hash of its sources), so a change to either shows as drift.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { GENERATED_MARKER, type GeneratedFile } from './generatedFile.ts';

export const MANIFEST_PATH = 'manifest.json';

/** The repository holding the generator's own sources (whatever contracts it is pointed at). */
const GENERATOR_ROOT = resolve(import.meta.dirname, '../..');

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Generator sources: codegen/**\/*.ts except tests, fixtures, the docs site and the contracts gate. */
async function generatorSources(root: string): Promise<string[]> {
  const dir = join(root, 'codegen');
  const entries = await readdir(dir, { recursive: true });
  return entries
    .map((e) => relative(root, join(dir, e)).split('\\').join('/'))
    .filter((p) => p.endsWith('.ts') && !p.includes('.test.') && !/\/(fixtures|docs|contractsCheck|__snapshots__)\//.test(p))
    .sort();
}

export async function emitManifest(root: string, inputs: readonly string[], files: readonly GeneratedFile[]): Promise<GeneratedFile> {
  const generatorHash = createHash('sha256');
  for (const path of await generatorSources(GENERATOR_ROOT)) generatorHash.update(path).update('\0').update(await readFile(join(GENERATOR_ROOT, path)));
  const manifest = {
    [GENERATED_MARKER]: 'by codegen from contracts/. Do not edit; run `npm run codegen`.',
    generator: { name: 'vf-codegen', sourceHash: generatorHash.digest('hex') },
    inputs: Object.fromEntries(await Promise.all(inputs.map(async (p) => [p, sha256(await readFile(join(root, p)))] as const))),
    files: Object.fromEntries(files.map((f) => [f.path, sha256(f.contents)])),
  };
  return { path: MANIFEST_PATH, contents: `${JSON.stringify(manifest, null, 2)}\n` };
}
