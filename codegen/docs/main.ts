/**
 * `npm run docs [-- --out <dir>]` writes the static docs site (default `docs-site/`): the AsyncAPI
 * reference, one page per OpenAPI document and an index of the event types. Nothing on the pages is
 * loaded from the network. Not part of `npm run codegen`: the renderers take seconds.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ContractError } from '../load/contractError.ts';
import { loadContracts } from './loadContracts.ts';
import { renderAsyncApi } from './renderAsyncApi.ts';
import { renderIndex, type ReferencePage } from './renderIndex.ts';
import { renderOpenApi } from './renderOpenApi.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** Marks a directory this command wrote, so a re-run may empty it and a mistyped `--out` is never wiped. */
const MARKER = '.docs-site';

async function prepareOutDir(outDir: string): Promise<void> {
  if (existsSync(outDir)) {
    const entries = await readdir(outDir);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new Error(`${outDir} is not empty and was not written by \`npm run docs\`; choose another --out directory`);
    }
    await rm(outDir, { recursive: true, force: true });
  }
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, MARKER), 'Written by `npm run docs`; the next run replaces this directory.\n');
}

async function progress(outDir: string, file: string, started: number): Promise<void> {
  const { size } = await stat(join(outDir, file));
  const where = relative(process.cwd(), join(outDir, file)) || file;
  console.log(`docs: wrote ${where} (${Math.ceil(size / 1024)} KiB, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

async function run(outDir: string): Promise<void> {
  const contracts = await loadContracts(join(ROOT, 'contracts'));
  await prepareOutDir(outDir);
  const pages: ReferencePage[] = [];

  let started = performance.now();
  const asyncApiFile = 'asyncapi.html';
  await renderAsyncApi(contracts.asyncApi.document, contracts.asyncApi.path, outDir, asyncApiFile);
  await progress(outDir, asyncApiFile, started);
  pages.push({
    href: asyncApiFile,
    title: `${contracts.asyncApi.title} (AsyncAPI)`,
    description: `${contracts.asyncApi.model.events.length} event messages and the CloudEvents envelope`,
  });

  for (const api of contracts.openApi) {
    started = performance.now();
    const file = `openapi-${api.name}.html`;
    await renderOpenApi(api.path, outDir, file, `${api.title} ${api.version}`);
    await progress(outDir, file, started);
    pages.push({ href: file, title: `${api.title} (OpenAPI)`, description: `${api.operationCount} operations, from contracts/openapi/${api.name}.yaml` });
  }

  started = performance.now();
  const { title, version, model } = contracts.asyncApi;
  await writeFile(join(outDir, 'index.html'), renderIndex({ title, version, pages, model }));
  await progress(outDir, 'index.html', started);
}

const { values } = parseArgs({ options: { out: { type: 'string' } }, strict: true });
const outDir = resolve(values.out ?? join(ROOT, 'docs-site'));
try {
  await run(outDir);
} catch (error) {
  const prefix = error instanceof ContractError ? 'docs: contract problems:\n' : 'docs: ';
  console.error(`${prefix}${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
