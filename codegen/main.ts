/**
 * `npm run codegen` writes generated/ from the contracts; `npm run codegen -- --check` only
 * compares and exits 1 naming every file that differs (the CI drift gate).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { projectorFileName, projectorStub, STUB_MARKER } from './asyncapi/projectorStubs.ts';
import { diffTree, filesNotFromCodegen, filesWithoutHeader, strayGeneratedFiles, writeTree } from './emit/generatedTree.ts';
import { MANIFEST_PATH } from './emit/manifest.ts';
import { generate } from './generate.ts';
import { ContractError } from './load/contractError.ts';

const ROOT = resolve(import.meta.dirname, '..');
const OUT_DIR = join(ROOT, 'generated');
const PROJECTORS_DIR = join(ROOT, 'services/env-api/projectors');

async function stubbedProjectors(): Promise<string[]> {
  const names = existsSync(PROJECTORS_DIR) ? (await readdir(PROJECTORS_DIR)).filter((f) => f.endsWith('.ts')).sort() : [];
  const stubbed: string[] = [];
  for (const name of names) if ((await readFile(join(PROJECTORS_DIR, name), 'utf8')).includes(STUB_MARKER)) stubbed.push(name);
  return stubbed;
}

async function run(check: boolean): Promise<number> {
  const started = performance.now();
  const { files, events } = await generate(ROOT);
  const unmarked = filesWithoutHeader(files);
  if (unmarked.length > 0) throw new Error(`generator bug: outputs without the @generated header: ${unmarked.join(', ')}`);
  const stray = await strayGeneratedFiles(ROOT);
  if (stray.length > 0) {
    console.error(`codegen: these files carry the @generated header but codegen did not produce them:\n  ${stray.join('\n  ')}`);
    return 1;
  }
  const missingStubs = events.filter((e) => !existsSync(join(PROJECTORS_DIR, projectorFileName(e.eventType))));
  if (check) {
    const diff = await diffTree(OUT_DIR, files);
    const lines = [
      ...diff.changed.map((p) => `  changed: generated/${p}`),
      ...diff.missing.map((p) => `  missing: generated/${p}`),
      ...diff.extra.map((p) => `  not produced by codegen: generated/${p}`),
      ...missingStubs.map((e) => `  missing projector: services/env-api/projectors/${projectorFileName(e.eventType)}`),
    ];
    if (lines.length > 0) {
      console.error(`codegen --check: generated/ differs from what the contracts produce:\n${lines.join('\n')}\nRun \`npm run codegen\` and commit the result.`);
      return 1;
    }
    console.log(`codegen --check: generated/ matches the contracts (${files.length} files, ${(performance.now() - started).toFixed(0)} ms)`);
    return 0;
  }
  const foreign = await filesNotFromCodegen(OUT_DIR, MANIFEST_PATH);
  if (foreign.length > 0) {
    console.error(`codegen: generated/ holds files codegen did not produce (not in generated/manifest.json):\n  ${foreign.map((p) => `generated/${p}`).join('\n  ')}\nMove them out of generated/ (it is rewritten on every run), then run codegen again.`);
    return 1;
  }
  await writeTree(OUT_DIR, files);
  for (const event of missingStubs) {
    await writeFile(join(PROJECTORS_DIR, projectorFileName(event.eventType)), projectorStub(event));
    console.log(`codegen: wrote projector stub services/env-api/projectors/${projectorFileName(event.eventType)}`);
  }
  console.log(`codegen: wrote ${files.length} files into generated/ in ${(performance.now() - started).toFixed(0)} ms`);
  const stubbed = await stubbedProjectors();
  if (stubbed.length > 0) console.log(`codegen: projectors still stubbed (answer "unsupported"):\n  ${stubbed.join('\n  ')}`);
  return 0;
}

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } }, strict: true });
try {
  process.exitCode = await run(values.check === true);
} catch (error) {
  if (error instanceof ContractError) {
    console.error(`codegen: contract problems:\n${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
