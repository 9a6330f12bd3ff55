/**
 * The docs site under `<VF_DATA_DIR>/docs-site`, kept as new as the contracts. The first request
 * checks the stamp the last build left (the fingerprint of `contracts/` it was built from); when
 * the site is missing or older, a build starts in the background and requests are told to come
 * back. The build writes into a staging directory that replaces the site only when complete, so a
 * half-written site is never served. A failed build is logged and retried by a request after
 * `retryAfterFailureMs`; meanwhile a site from an earlier build, if any, is served as it is.
 */
import { existsSync } from 'node:fs';
import { rename, rm, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { coerceError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import { contractsHash } from './contractsHash.ts';
import { repoRoot, spawnDocsBuild, type DocsBuild } from './spawnDocsBuild.ts';

/** The stamp file in the site directory (a dot file: never served). */
export const DOCS_STAMP_FILE = '.contracts-sha256';

/** What a request gets now. */
export type DocsState =
  | { readonly kind: 'ready'; readonly siteDir: string }
  | { readonly kind: 'building' }
  | { readonly kind: 'failed'; readonly message: string; readonly retryInSeconds: number };

/** Options of {@link createDocsSite}. */
export interface DocsSiteOptions {
  /** VF_DATA_DIR: the site lives in `<dataDir>/docs-site`. */
  readonly dataDir: string;
  readonly logger: Logger;
  /** Builds the site into a directory (default: `node codegen/docs/main.ts --out <dir>`). */
  readonly build?: DocsBuild;
  /** The contracts the site is built from (default `<repo>/contracts`). */
  readonly contractsDir?: string;
  /** How long after a failed build the next request tries again (default 60 s). */
  readonly retryAfterFailureMs?: number;
}

/** The site of one role process. */
export interface DocsSite {
  /** Where the site stands; starts a build when it is missing or older than the contracts. */
  state(): Promise<DocsState>;
  /** Stops a running build (the role is stopping). */
  close(): Promise<void>;
}

/** Writes the stamp of a site built from contracts with fingerprint `hash`. */
export async function writeDocsStamp(siteDir: string, hash: string): Promise<void> {
  await writeFile(join(siteDir, DOCS_STAMP_FILE), `${hash}\n`);
}

async function isCurrent(siteDir: string, hash: string): Promise<boolean> {
  if (!existsSync(join(siteDir, 'index.html'))) return false;
  const stamp = await readFile(join(siteDir, DOCS_STAMP_FILE), 'utf8').catch(() => '');
  return stamp.trim() === hash;
}

/** The docs site of `options.dataDir`. */
export function createDocsSite(options: DocsSiteOptions): DocsSite {
  const siteDir = join(options.dataDir, 'docs-site');
  const stagingDir = `${siteDir}.building`;
  const contractsDir = options.contractsDir ?? join(repoRoot, 'contracts');
  const build = options.build ?? spawnDocsBuild();
  const retryAfterMs = options.retryAfterFailureMs ?? 60_000;
  const abort = new AbortController();
  // Checked once per process: the contracts of a running role do not change under it.
  let current = false;
  let running: Promise<void> | null = null;
  let failure: { message: string; atMs: number } | null = null;

  const runBuild = async (hash: string): Promise<void> => {
    const started = performance.now();
    options.logger.info({ siteDir }, 'docs: building the site in the background');
    try {
      await rm(stagingDir, { recursive: true, force: true });
      abort.signal.throwIfAborted();
      await build(stagingDir, abort.signal);
      if (!existsSync(join(stagingDir, 'index.html'))) throw new Error(`the build wrote no index.html into ${stagingDir}`);
      await writeDocsStamp(stagingDir, hash);
      await rm(siteDir, { recursive: true, force: true });
      await rename(stagingDir, siteDir);
      current = true;
      failure = null;
      options.logger.info({ siteDir, seconds: Math.round((performance.now() - started) / 100) / 10 }, 'docs: site built');
    } catch (e: unknown) {
      const error = coerceError(e);
      failure = { message: error.message, atMs: performance.now() };
      if (!abort.signal.aborted) options.logger.error({ err: error, siteDir }, 'docs: building the site failed');
    } finally {
      running = null;
    }
  };

  const decide = async (): Promise<DocsState> => {
    if (running !== null) return { kind: 'building' };
    const hash = await contractsHash(contractsDir);
    if (await isCurrent(siteDir, hash)) {
      current = true;
      return { kind: 'ready', siteDir };
    }
    const sinceFailureMs = failure === null ? Number.POSITIVE_INFINITY : performance.now() - failure.atMs;
    if (failure !== null && sinceFailureMs < retryAfterMs) {
      // An older site beats none while the build is broken.
      if (existsSync(join(siteDir, 'index.html'))) return { kind: 'ready', siteDir };
      return { kind: 'failed', message: failure.message, retryInSeconds: Math.ceil((retryAfterMs - sinceFailureMs) / 1000) };
    }
    if (!abort.signal.aborted) running = runBuild(hash);
    return { kind: 'building' };
  };
  // Requests arriving together share one decision, so they never start two builds.
  let deciding: Promise<DocsState> | null = null;

  return {
    state: () => {
      if (current) return Promise.resolve({ kind: 'ready', siteDir });
      deciding ??= decide().finally(() => {
        deciding = null;
      });
      return deciding;
    },
    close: async () => {
      abort.abort();
      await running;
    },
  };
}
