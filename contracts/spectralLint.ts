/**
 * Runs the Spectral CLI (the declared dev dependency, the same program `npm run contracts:lint` runs) over
 * OpenAPI documents with a ruleset and returns its diagnostics. One process lints every file: Spectral's start-up
 * dominates its run time.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Spectral's severities, as its JSON formatter prints them. */
export const SEVERITY = { error: 0, warn: 1, info: 2, hint: 3 } as const;

/** One finding of Spectral's JSON formatter. */
export interface LintDiagnostic {
  /** The rule name, e.g. `vf-no-nullable`. */
  readonly code: string;
  readonly message: string;
  /** Path into the document, e.g. `['paths', '/a', 'get', 'operationId']`. */
  readonly path: ReadonlyArray<string | number>;
  /** 0 error, 1 warning, 2 info, 3 hint. */
  readonly severity: number;
  /** Absolute path of the linted file. */
  readonly source: string;
}

/** Thrown when Spectral itself fails (bad ruleset, unreadable file), as opposed to finding problems. */
export class SpectralRunError extends Error {
  override readonly name = 'SpectralRunError';
}

function spectralBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@stoplight/spectral-cli/package.json')), 'dist', 'index.js');
}

function isDiagnostic(value: unknown): value is LintDiagnostic {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v['code'] === 'string' && typeof v['message'] === 'string' && typeof v['severity'] === 'number'
    && typeof v['source'] === 'string' && Array.isArray(v['path']);
}

/**
 * Lints `files` (absolute paths) with the ruleset at `ruleset`. Override globs in the ruleset are relative to the
 * ruleset's directory, as in the CLI. Resolves with every diagnostic of every severity.
 */
export async function lintWithSpectral(files: readonly string[], ruleset: string): Promise<LintDiagnostic[]> {
  const args = [spectralBin(), 'lint', '--ruleset', ruleset, '--format', 'json', '--quiet', '--fail-severity', 'error', ...files];
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    // The current Node binary runs the CLI, so the pinned runtime is used whatever `node` is on PATH.
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { err += chunk; });
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }));
  });
  // Exit 0: nothing at error level; 1: errors found. Anything else is Spectral failing to run.
  if (code !== 0 && code !== 1) {
    throw new SpectralRunError(`spectral lint exited with ${String(code)}: ${stderr.trim() || stdout.trim()}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch (cause) {
    throw new SpectralRunError(`spectral lint printed no JSON: ${stdout.slice(0, 500)} ${stderr.slice(0, 500)}`, { cause });
  }
  if (!Array.isArray(parsed) || !parsed.every(isDiagnostic)) {
    throw new SpectralRunError(`spectral lint printed an unexpected shape: ${stdout.slice(0, 500)}`);
  }
  return parsed;
}
