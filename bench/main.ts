/**
 * `npm run bench [-- <scenario> …]`: runs the benchmark scenarios, writes
 * bench/results/<timestamp>.json and prints a one-screen summary.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { codegenScenario } from './scenarios/codegen.ts';
import { endToEndScenario } from './scenarios/endToEnd.ts';
import { ingestScenario } from './scenarios/ingest.ts';
import { formatSummary } from './summary.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SCENARIOS: Record<string, { run: (root: string) => Promise<Record<string, unknown>>; command: string }> = {
  codegen: { run: codegenScenario, command: 'npm run bench -- codegen' },
  ingest: { run: ingestScenario, command: 'npm run bench -- ingest' },
  e2e: { run: endToEndScenario, command: 'npm run bench -- e2e' },
};

const { positionals } = parseArgs({ allowPositionals: true, strict: true });
const chosen = positionals.length > 0 ? positionals : Object.keys(SCENARIOS);
const unknown = chosen.filter((name) => !(name in SCENARIOS));
if (unknown.length > 0) {
  console.error(`bench: unknown scenario ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  process.exit(2);
}

const results: Record<string, unknown> = {};
for (const name of chosen) {
  const scenario = SCENARIOS[name];
  if (!scenario) continue;
  console.log(`bench: running ${name} …`);
  results[name] = { ...(await scenario.run(ROOT)), reproduce: scenario.command };
}
const report = { at: new Date().toISOString(), node: process.version, cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', results };
const dir = join(ROOT, 'bench/results');
await mkdir(dir, { recursive: true });
const file = join(dir, `${report.at.replaceAll(':', '-')}.json`);
await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`bench: wrote ${file}\n`);
console.log(formatSummary(report));
