import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import { contractsHash } from '../docs/contractsHash.ts';
import { DOCS_STAMP_FILE, writeDocsStamp } from '../docs/docsSite.ts';
import { repoRoot, type DocsBuild } from '../docs/spawnDocsBuild.ts';
import { getDocs, type GetDocsDeps } from './getDocs.ts';

/** A tiny stand-in for the generated site (the real build takes about a minute). */
async function writeSite(dir: string, label: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'index.html'), `<!doctype html><title>${label}</title><a href="asyncapi.html">events</a>`);
  await writeFile(join(dir, 'asyncapi.html'), `<!doctype html><title>${label} events</title>`);
  await writeFile(join(dir, 'openapi-ingest.html'), `<!doctype html><title>${label} ingest</title>`);
}

/** A build the test controls: it records its calls and finishes (or fails) when told. */
function controlledBuild() {
  const calls: string[] = [];
  let finish: (error?: Error) => void = () => undefined;
  const build: DocsBuild = async (outDir, signal) => {
    calls.push(outDir);
    const outcome = await new Promise<Error | undefined>((resolve) => {
      finish = resolve;
      signal.addEventListener('abort', () => resolve(new Error('stopped')), { once: true });
    });
    if (outcome !== undefined) throw outcome;
    await writeSite(outDir, 'fresh');
  };
  return {
    build,
    calls,
    /** Resolves once the build has been called `n` times (it starts in the background). */
    started: (n = 1) => eventually(() => Promise.resolve(calls.length >= n)),
    finish: (error?: Error) => finish(error),
  };
}

async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('never happened');
}

describe('GET /docs', () => {
  let dataDir = '';
  let app: FastifyInstance | undefined;
  const siteDir = () => join(dataDir, 'docs-site');
  const start = (deps: Partial<GetDocsDeps> = {}): FastifyInstance => {
    app = Fastify();
    getDocs(app, { dataDir, logger: silentLogger(), ...deps });
    return app;
  };
  const refusingBuild: DocsBuild = () => Promise.reject(new Error('the test did not expect a build'));

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vf-docs-'));
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('with a site built from the current contracts', () => {
    beforeEach(async () => {
      await writeSite(siteDir(), 'prebuilt');
      await writeDocsStamp(siteDir(), await contractsHash(join(repoRoot, 'contracts')));
    });

    it('redirects /docs to /docs/, where the pages link each other', async () => {
      const response = await start({ build: refusingBuild }).inject({ method: 'GET', url: '/docs' });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe('/docs/');
    });

    it('serves the index and the pages as HTML', async () => {
      const docs = start({ build: refusingBuild });
      const index = await docs.inject({ method: 'GET', url: '/docs/' });
      expect(index.statusCode).toBe(200);
      expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(index.body).toContain('<title>prebuilt</title>');
      const page = await docs.inject({ method: 'GET', url: '/docs/openapi-ingest.html' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('prebuilt ingest');
    });

    it.each([
      ['a file that is not there', '/docs/nothing.html'],
      ['the stamp (a dot file)', `/docs/${DOCS_STAMP_FILE}`],
      ['an encoded path out of the site', '/docs/..%2F..%2Fruntime.json'],
      ['an encoded absolute path', '/docs/%2Fetc%2Fpasswd'],
    ])('answers 404 for %s', async (_name, url) => {
      await writeFile(join(dataDir, 'runtime.json'), '{"secret":true}');
      const response = await start({ build: refusingBuild }).inject({ method: 'GET', url });
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('secret');
    });

    it('does not follow a symbolic link out of the site', async () => {
      await writeFile(join(dataDir, 'runtime.json'), '{"secret":true}');
      await symlink(join(dataDir, 'runtime.json'), join(siteDir(), 'linked.html'));
      const response = await start({ build: refusingBuild }).inject({ method: 'GET', url: '/docs/linked.html' });
      expect(response.statusCode).toBe(404);
    });
  });

  it('builds a missing site in the background, answering 503 meanwhile, then serves it', async () => {
    const control = controlledBuild();
    const docs = start({ build: control.build });
    const first = await docs.inject({ method: 'GET', url: '/docs/' });
    expect(first.statusCode).toBe(503);
    expect(first.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(first.headers['retry-after']).toBeDefined();
    expect(first.body).toContain('The docs are being built, reload in a minute.');
    const [second, third] = await Promise.all([docs.inject({ method: 'GET', url: '/docs/' }), docs.inject({ method: 'GET', url: '/docs/asyncapi.html' })]);
    expect([second.statusCode, third.statusCode]).toEqual([503, 503]);
    await control.started();
    expect((await docs.inject({ method: 'GET', url: '/docs/' })).statusCode).toBe(503);
    // One build, into a staging directory, whatever the number of requests.
    expect(control.calls).toEqual([`${siteDir()}.building`]);

    control.finish();
    await eventually(async () => (await docs.inject({ method: 'GET', url: '/docs/' })).statusCode === 200);
    expect((await docs.inject({ method: 'GET', url: '/docs/asyncapi.html' })).body).toContain('fresh events');
    expect((await readFile(join(siteDir(), DOCS_STAMP_FILE), 'utf8')).trim()).toBe(await contractsHash(join(repoRoot, 'contracts')));
    expect(existsSync(`${siteDir()}.building`)).toBe(false);
  });

  it('rebuilds a site older than the contracts, and serves nothing of it meanwhile', async () => {
    await writeSite(siteDir(), 'stale');
    await writeDocsStamp(siteDir(), 'a fingerprint of other contracts');
    const control = controlledBuild();
    const docs = start({ build: control.build });
    expect((await docs.inject({ method: 'GET', url: '/docs/' })).statusCode).toBe(503);
    await control.started();
    control.finish();
    await eventually(async () => (await docs.inject({ method: 'GET', url: '/docs/' })).body.includes('<title>fresh</title>'));
  });

  it('says the build failed, and a later request tries again', async () => {
    const control = controlledBuild();
    const docs = start({ build: control.build, retryAfterFailureMs: 0 });
    await docs.inject({ method: 'GET', url: '/docs/' });
    await control.started();
    control.finish(new Error('renderer crashed'));
    // With no wait after a failure, a request after it starts the next attempt.
    await eventually(async () => (await docs.inject({ method: 'GET', url: '/docs/' })).statusCode === 503 && control.calls.length === 2);
    control.finish();
    await eventually(async () => (await docs.inject({ method: 'GET', url: '/docs/' })).statusCode === 200);
  });

  it('shows the failure, escaped, until the retry is due', async () => {
    const control = controlledBuild();
    const docs = start({ build: control.build, retryAfterFailureMs: 60_000 });
    await docs.inject({ method: 'GET', url: '/docs/' });
    await control.started();
    control.finish(new Error('renderer <crashed>'));
    await eventually(async () => (await docs.inject({ method: 'GET', url: '/docs/' })).body.includes('could not be built'));
    const response = await docs.inject({ method: 'GET', url: '/docs/' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('renderer &#60;crashed&#62;');
    expect(control.calls).toHaveLength(1);
  });

  it('stops a running build when the app closes', async () => {
    const control = controlledBuild();
    const docs = start({ build: control.build });
    await docs.inject({ method: 'GET', url: '/docs/' });
    await control.started();
    await docs.close();
    app = undefined;
    expect(existsSync(siteDir())).toBe(false);
  });
});
