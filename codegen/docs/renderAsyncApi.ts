/**
 * Renders the AsyncAPI reference page with `@asyncapi/generator` and `@asyncapi/html-template`, both
 * resolved from node_modules: the template is passed as a directory, so the generator never tries to
 * install it, and `singleFile` inlines the UI script and stylesheets, so the page loads nothing else.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { annotateEventTypes } from './annotateEventTypes.ts';
import { escapeInlineSchemaScript } from './inlineSchemaScript.ts';
import { withOfflineHead } from './offlinePage.ts';

/** The part of `@asyncapi/generator` (CommonJS, untyped) this module calls. */
interface AsyncApiGenerator {
  /** `document` is YAML or JSON text; `path` anchors relative references and names the source in errors. */
  generate(document: string, parseOptions: { readonly path: string }): Promise<void>;
}
interface GeneratorOptions {
  readonly forceWrite: boolean;
  readonly install: boolean;
  readonly compile: boolean;
  readonly templateParams: Readonly<Record<string, string>>;
}
type GeneratorConstructor = new (template: string, targetDir: string, options: GeneratorOptions) => AsyncApiGenerator;

/** A parser diagnostic as the generator attaches it to a validation error. */
interface Diagnostic {
  readonly message?: unknown;
  readonly path?: unknown;
  /** Spectral severity: 0 is an error, higher numbers are warnings and hints. */
  readonly severity?: unknown;
}

const require = createRequire(import.meta.url);

function describeFailure(error: unknown): string {
  const base = error instanceof Error ? error.message : String(error);
  const diagnostics = (error as { diagnostics?: unknown } | null)?.diagnostics;
  if (!Array.isArray(diagnostics) || diagnostics.length === 0) return base;
  const errors = (diagnostics as Diagnostic[]).filter((d) => d.severity === 0);
  const lines = (errors.length > 0 ? errors : (diagnostics as Diagnostic[])).map((d) => `  ${Array.isArray(d.path) ? d.path.join('.') : ''}: ${String(d.message)}`);
  return `${base}\n${lines.join('\n')}`;
}

/**
 * Writes `fileName` into `outDir` from the parsed AsyncAPI `document` read from `asyncApiPath`, with the
 * event types made visible (`annotateEventTypes`).
 * The generator writes into a private staging directory first, so nothing but the page lands in `outDir`;
 * the page is then passed through `escapeInlineSchemaScript` (see there for why) and `withOfflineHead`.
 */
export async function renderAsyncApi(document: unknown, asyncApiPath: string, outDir: string, fileName: string): Promise<string> {
  // Loaded here, not at import time: the generator takes seconds to load.
  const Generator = require('@asyncapi/generator') as GeneratorConstructor;
  const templateDir = dirname(require.resolve('@asyncapi/html-template/package.json'));
  const staging = await mkdtemp(join(outDir, '.asyncapi-'));
  try {
    const generator = new Generator(templateDir, staging, {
      forceWrite: true,
      install: false,
      // Compile the template's JSX: its published transpiled files require React through absolute
      // paths of the machine that built them, so they load only where that path happens to exist.
      compile: true,
      templateParams: { singleFile: 'true', outFilename: fileName },
    });
    try {
      await generator.generate(JSON.stringify(annotateEventTypes(document)), { path: asyncApiPath });
    } catch (error) {
      throw new Error(`${asyncApiPath}: the AsyncAPI generator failed: ${describeFailure(error)}`, { cause: error });
    }
    const target = join(outDir, fileName);
    await writeFile(target, withOfflineHead(escapeInlineSchemaScript(await readFile(join(staging, fileName), 'utf8'))));
    return target;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
