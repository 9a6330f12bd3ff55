import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diffTree, filesNotFromCodegen } from './generatedTree.ts';

const dirs: string[] = [];
async function tree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vf-gen-'));
  dirs.push(dir);
  for (const [path, contents] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), contents);
  }
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('generated tree', () => {
  it('names changed, missing and extra files', async () => {
    const dir = await tree({ 'a.ts': 'old', 'b.ts': 'same', 'stray.ts': 'x' });
    const diff = await diffTree(dir, [{ path: 'a.ts', contents: 'new' }, { path: 'b.ts', contents: 'same' }, { path: 'c.ts', contents: 'c' }]);
    expect(diff).toEqual({ changed: ['a.ts'], missing: ['c.ts'], extra: ['stray.ts'] });
  });
  it('finds files no codegen run produced', async () => {
    const dir = await tree({ 'manifest.json': JSON.stringify({ files: { 'a.ts': 'h' } }), 'a.ts': '', 'handmade.ts': '' });
    expect(await filesNotFromCodegen(dir, 'manifest.json')).toEqual(['handmade.ts']);
  });
  it('treats every file as foreign when there is no manifest', async () => {
    const dir = await tree({ 'a.ts': '' });
    expect(await filesNotFromCodegen(dir, 'manifest.json')).toEqual(['a.ts']);
  });
  it('an empty or missing directory has nothing foreign', async () => {
    expect(await filesNotFromCodegen(join(tmpdir(), 'vf-gen-does-not-exist'), 'manifest.json')).toEqual([]);
  });
});
