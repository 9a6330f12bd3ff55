/**
 * Disk side of generation: compares the generated tree with what the contracts produce, writes it
 * into a clean directory, and finds files that claim to be generated but are not in the output.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { GENERATED_MARKER, type GeneratedFile } from './generatedFile.ts';

/** The first line that marks a file written by this generator. */
const HEADER_LINE = new RegExp(`^// ${GENERATED_MARKER} by codegen `);
const SKIP_DIRS = new Set(['node_modules', '.git', '.data', 'docs-site', 'test-artifacts', 'generated']);

async function listFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
      .sort();
  } catch {
    return [];
  }
}

export interface TreeDiff {
  readonly changed: string[];
  readonly missing: string[];
  readonly extra: string[];
}

/** What differs between `files` and the directory `outDir`. */
export async function diffTree(outDir: string, files: readonly GeneratedFile[]): Promise<TreeDiff> {
  const onDisk = new Set(await listFiles(outDir));
  const diff: TreeDiff = { changed: [], missing: [], extra: [] };
  for (const file of files) {
    if (!onDisk.has(file.path)) diff.missing.push(file.path);
    else if ((await readFile(join(outDir, file.path), 'utf8')) !== file.contents) diff.changed.push(file.path);
    onDisk.delete(file.path);
  }
  diff.extra.push(...onDisk);
  return diff;
}

/** Replaces `outDir` with exactly `files`, so a deleted message deletes its files. */
export async function writeTree(outDir: string, files: readonly GeneratedFile[]): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  for (const file of files) {
    const target = join(outDir, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.contents);
  }
}

/** Every output except the manifest must start with the generated header. */
export function filesWithoutHeader(files: readonly GeneratedFile[]): string[] {
  return files.filter((f) => !f.path.endsWith('.json') && !HEADER_LINE.test(f.contents)).map((f) => f.path);
}

/** Files outside `generated/` whose first line claims they were generated: the generator did not produce them. */
export async function strayGeneratedFiles(root: string): Promise<string[]> {
  const stray: string[] = [];
  const entries = await readdir(root, { withFileTypes: true });
  for (const entry of entries) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const paths = entry.isDirectory() ? (await listFiles(join(root, entry.name))).map((p) => `${entry.name}/${p}`) : [entry.name];
    for (const path of paths) {
      if (!/\.(ts|cts|mts|js|cjs|mjs)$/.test(path) || path.includes('/fixtures/') || path.includes('__snapshots__')) continue;
      const head = (await readFile(join(root, path), 'utf8')).slice(0, 200);
      if (HEADER_LINE.test(head)) stray.push(path);
    }
  }
  return stray;
}

/**
 * Files in `outDir` that no earlier codegen run wrote (absent from the manifest on disk). The
 * generator refuses to wipe them: someone put them there by hand.
 */
export async function filesNotFromCodegen(outDir: string, manifestPath: string): Promise<string[]> {
  const onDisk = (await listFiles(outDir)).filter((p) => p !== manifestPath);
  if (onDisk.length === 0) return [];
  let listed: Record<string, unknown> = {};
  try {
    const manifest = JSON.parse(await readFile(join(outDir, manifestPath), 'utf8')) as { files?: Record<string, unknown> };
    listed = manifest.files ?? {};
  } catch {
    return onDisk;
  }
  return onDisk.filter((p) => !Object.hasOwn(listed, p));
}
