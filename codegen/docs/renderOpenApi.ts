/**
 * Renders one OpenAPI reference page with Redocly CLI's `build-docs`, run as a child process on the
 * running Node binary. `--inlineBundle` embeds the Redoc scripts: without it the page loads them from
 * Redocly's CDN. The page is then made offline-only (`offlinePage.ts`).
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { inlineRedoclyLogo, withOfflineHead } from './offlinePage.ts';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** The CLI reports usage to Redocly and checks npm for updates unless told not to; the build stays offline. */
const OFFLINE_ENV = {
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SDK_TELEMETRY: 'off',
  DO_NOT_TRACK: '1',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
};

function redoclyCli(): string {
  const packageDir = dirname(require.resolve('@redocly/cli/package.json'));
  const { bin } = require('@redocly/cli/package.json') as { bin: Record<string, string> };
  const entry = bin['redocly'];
  if (!entry) throw new Error('@redocly/cli: package.json has no "redocly" bin entry');
  return join(packageDir, entry);
}

/** Writes `fileName` into `outDir` from the OpenAPI document at `openApiPath`; `title` is the page title. */
export async function renderOpenApi(openApiPath: string, outDir: string, fileName: string, title: string): Promise<string> {
  const target = join(outDir, fileName);
  const args = [redoclyCli(), 'build-docs', openApiPath, '--inlineBundle', '--output', target, '--title', title];
  try {
    await run(process.execPath, args, { env: { ...process.env, ...OFFLINE_ENV }, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    const output = [stderr, stdout].filter((s) => s && s.trim().length > 0).join('\n').trim();
    throw new Error(`${openApiPath}: redocly build-docs failed${output ? `:\n${output}` : ''}`, { cause: error });
  }
  await writeFile(target, withOfflineHead(inlineRedoclyLogo(await readFile(target, 'utf8'))));
  return target;
}
