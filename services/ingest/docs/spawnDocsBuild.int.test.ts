import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnDocsBuild } from './spawnDocsBuild.ts';

/** A stand-in for codegen/docs/main.ts in a scratch repository: same file, same `--out` flag. */
async function fakeGenerator(root: string, body: string): Promise<void> {
  await mkdir(join(root, 'codegen', 'docs'), { recursive: true });
  await writeFile(join(root, 'codegen', 'docs', 'main.ts'), body);
}

describe('spawnDocsBuild', () => {
  let root = '';
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'vf-docs-build-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('runs codegen/docs/main.ts --out <dir> from the repository root under this Node', async () => {
    await fakeGenerator(
      root,
      `import { mkdirSync, writeFileSync } from 'node:fs';
       const out = process.argv[process.argv.indexOf('--out') + 1];
       mkdirSync(out, { recursive: true });
       writeFileSync(out + '/index.html', JSON.stringify({ cwd: process.cwd(), node: process.version }));`,
    );
    await spawnDocsBuild(root)(join(root, 'site'), new AbortController().signal);
    expect(JSON.parse(await readFile(join(root, 'site', 'index.html'), 'utf8'))).toEqual({ cwd: root, node: process.version });
  });

  it('rejects with the end of the output when the build fails', async () => {
    await fakeGenerator(root, `console.error('docs: contract problems: nope'); process.exitCode = 1;`);
    await expect(spawnDocsBuild(root)(join(root, 'site'), new AbortController().signal)).rejects.toMatchObject({
      code: 'INGEST_DOCS_BUILD_FAILED',
      message: expect.stringContaining('docs: contract problems: nope'),
    });
  });

  it('stops the build when aborted', async () => {
    await fakeGenerator(root, `setTimeout(() => undefined, 60_000);`);
    const abort = new AbortController();
    const running = spawnDocsBuild(root)(join(root, 'site'), abort.signal);
    setTimeout(() => abort.abort(), 100);
    await expect(running).rejects.toMatchObject({ code: 'INGEST_DOCS_BUILD_FAILED' });
  });

  it('says so when this installation has no generator', async () => {
    await expect(spawnDocsBuild(root)(join(root, 'site'), new AbortController().signal)).rejects.toMatchObject({ code: 'INGEST_DOCS_GENERATOR_MISSING' });
  });
});
