/**
 * Builds the operator console into `dist/console/` (or `--out <dir>`): `index.html`, `app.js`
 * (web/main.ts and uPlot, bundled and minified by esbuild) and `app.css` (web/console.css with
 * uPlot's stylesheet). Run at install or image-build time (`npm run build:console`); the ingest
 * role only serves the result (serveConsole.ts) and never builds or fetches anything at run time.
 *
 * esbuild is a dev dependency: this file is never imported by the role itself.
 */
import { copyFile, mkdir, rm, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { CONSOLE_FILES, DEFAULT_CONSOLE_DIR } from './serveConsole.ts';

const WEB = join(import.meta.dirname, 'web');

/** What was written. */
export interface BuiltConsole {
  readonly outDir: string;
  /** Bytes per file name. */
  readonly sizes: Readonly<Record<string, number>>;
}

/** Builds the console into `outDir` (default `<repo>/dist/console`), replacing what was there. */
export async function buildConsole(options: { readonly outDir?: string } = {}): Promise<BuiltConsole> {
  const outDir = resolve(options.outDir ?? DEFAULT_CONSOLE_DIR);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [
      { in: join(WEB, 'main.ts'), out: 'app' },
      { in: join(WEB, 'console.css'), out: 'app' },
    ],
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    // Browsers an operator runs today; nothing here needs a polyfill.
    target: ['chrome120', 'firefox120', 'safari17'],
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
  });
  await copyFile(join(WEB, 'index.html'), join(outDir, 'index.html'));
  const sizes: Record<string, number> = {};
  for (const name of CONSOLE_FILES.keys()) sizes[name] = (await stat(join(outDir, name))).size;
  return { outDir, sizes };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { out: { type: 'string' } }, strict: true });
  const built = await buildConsole(values.out === undefined ? {} : { outDir: values.out });
  for (const [name, bytes] of Object.entries(built.sizes)) {
    const path = join(built.outDir, name);
    const shown = relative(process.cwd(), path);
    console.log(`console: wrote ${shown.startsWith('..') ? path : shown} (${String(Math.ceil(bytes / 1024))} KiB)`);
  }
}
