/**
 * The pods the overlays run: probes, non-root, graceful termination longer than the role's drain,
 * sizing from the measured memory, an environment the configuration module accepts (every
 * variable one it reads, the listeners where the probes and Services look), and fan-out targets
 * that are the environments' Services.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { loadConfig } from '../../services/shared/config/loadConfig.ts';
import { secretPlaceholder, variablesRead } from './configVariables.ts';
import { clickhouseRequestTimeoutMs, envApiDrainSeconds, graphileAbortTimeoutMs, ingestDrainSeconds, kickApiTimeoutMs, statementTimeoutMs } from './drainBudget.ts';
import { installation, renderAllOverlays, repoRoot, type RenderedOverlay } from './renderOverlays.ts';
import { containerRole, envOf, objectsOfKind, workloadsOf, type Workload } from './workloads.ts';

let overlays: RenderedOverlay[];
let workloads: Workload[];

beforeAll(async () => {
  overlays = installation(await renderAllOverlays());
  workloads = workloadsOf(overlays);
}, 120_000);

const deployments = (): Workload[] => workloads.filter((w) => w.kind === 'Deployment');
const only = <T>(items: readonly T[], what: string): T => {
  if (items.length !== 1 || items[0] === undefined) throw new Error(`expected one ${what}, found ${String(items.length)}`);
  return items[0];
};
const mainContainer = (w: Workload): IContainer => only(w.pod.containers, `container in ${w.name}`);
const env = (c: IContainer): Record<string, string> => envOf(c, secretPlaceholder);
const ingestContainer = (): IContainer => mainContainer(only(deployments().filter((w) => w.name === 'ingest'), 'ingest Deployment'));
/** 30000 → "30_000", as the sources write their constants. */
const underscored = (n: number): string => n.toLocaleString('en').replaceAll(',', '_');

/** MiB of a Kubernetes memory quantity (Mi, Gi). */
function mebibytes(quantity: string | number | undefined): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(String(quantity));
  if (match === null) throw new Error(`unsupported memory quantity ${String(quantity)}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

function portNumber(container: IContainer, port: string | number | undefined): number | undefined {
  return typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort;
}

describe('workloads', () => {
  it('runs the ingest role in data and env-api in stage and production, each as one Deployment', () => {
    expect(deployments().map((w) => `${w.namespace}/${w.name}:${containerRole(mainContainer(w))}`).sort()).toEqual([
      'data/ingest:ingest',
      'production/env-api:env-api',
      'stage/env-api:env-api',
    ]);
    expect(workloads.filter((w) => w.kind === 'Job').map((w) => `${w.namespace}/${w.name}:${(mainContainer(w).args ?? []).join(' ')}`).sort()).toEqual([
      'data/clickhouse-migrator:migrate clickhouse',
      'data/dm-migrator:migrate dm',
      'production/env-migrator:migrate env',
      'stage/env-migrator:migrate env',
    ]);
  });

  it('probes every Deployment: started and alive on /healthz, ready on /readyz, on ports the container opens', () => {
    for (const w of deployments()) {
      const c = mainContainer(w);
      for (const [probe, path] of [[c.startupProbe, '/healthz'], [c.livenessProbe, '/healthz'], [c.readinessProbe, '/readyz']] as const) {
        expect(probe?.httpGet?.path, `${w.name}`).toBe(path);
        expect(portNumber(c, probe?.httpGet?.port), `${w.name} ${path}`).toBeTypeOf('number');
      }
    }
  });

  it('runs every pod as a non-root user without privileges, on a read-only root filesystem', () => {
    for (const w of workloads) {
      expect(w.pod.securityContext?.runAsNonRoot, w.name).toBe(true);
      expect(w.pod.securityContext?.runAsUser, w.name).toBeGreaterThan(0);
      expect(w.pod.automountServiceAccountToken, w.name).toBe(false);
      for (const c of w.pod.containers) {
        expect(c.securityContext, `${w.name}/${c.name}`).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      }
    }
  });

  it('gives every Deployment a termination grace period longer than its role takes to drain', () => {
    const ingestFanoutTimeout = env(ingestContainer()).FANOUT_TIMEOUT_MS;
    for (const w of deployments()) {
      const c = mainContainer(w);
      const inputs = { preStopSeconds: c.lifecycle?.preStop?.sleep?.seconds ?? 0, fanoutTimeoutMs: ingestFanoutTimeout === undefined ? undefined : Number(ingestFanoutTimeout) };
      const drain = containerRole(c) === 'ingest' ? ingestDrainSeconds(inputs) : envApiDrainSeconds(inputs);
      expect(w.pod.terminationGracePeriodSeconds ?? 30, `${w.name} drains in up to ${String(drain)} s`).toBeGreaterThan(drain);
      expect(inputs.preStopSeconds, `${w.name} lets the endpoint go before closing`).toBeGreaterThan(0);
    }
  });

  it('computes the drain from the timeouts the code really runs with', () => {
    const source = (path: string): string => readFileSync(join(repoRoot, path), 'utf8');
    expect(source('services/shared/pg/pools.ts')).toContain(`statementTimeoutMs: ${underscored(statementTimeoutMs)}`);
    expect(source('node_modules/graphile-worker/dist/config.js')).toContain(`gracefulShutdownAbortTimeout: ${String(graphileAbortTimeoutMs / 1000)} * SECOND`);
    expect(source('node_modules/@clickhouse/client-common/dist/config.js')).toContain(`config.request_timeout ?? ${underscored(clickhouseRequestTimeoutMs)}`);
    expect(source('services/ingest/kickApi/createKickApiClient.ts')).toContain(`options.timeoutMs ?? ${underscored(kickApiTimeoutMs)}`);
    expect(source('services/ingest/worker/startIngestWorker.ts')).not.toContain('gracefulShutdownAbortTimeout');
  });

  it('sizes memory from the measured peak RSS (README, Performance): ingest 349 MiB, env-api 312 MiB', () => {
    const measured: Record<string, number> = { ingest: 349, 'env-api': 312 };
    for (const w of deployments()) {
      const c = mainContainer(w);
      const request = mebibytes(c.resources?.requests?.memory);
      const limit = mebibytes(c.resources?.limits?.memory);
      expect(request, w.name).toBeGreaterThanOrEqual(measured[containerRole(c)] ?? Number.POSITIVE_INFINITY);
      expect(limit, w.name).toBeGreaterThan(request);
    }
  });

  it('turns off service links, whose <SERVICE>_PORT variables would collide with INGEST_PORT and ENV_API_PORT', () => {
    for (const w of workloads) expect(w.pod.enableServiceLinks, w.name).toBe(false);
  });

  it('sets only variables the configuration module reads for the role, and a configuration it accepts', () => {
    for (const w of workloads) {
      for (const c of w.pod.containers) {
        expect(c.envFrom, `${w.name}: every variable is listed, none comes in bulk`).toBeUndefined();
        const role = containerRole(c);
        const given = env(c);
        const read = variablesRead(role, given);
        expect(Object.keys(given).filter((name) => !read.has(name)), `${w.name}/${c.name} (${role})`).toEqual([]);
        expect(() => loadConfig(role, given), `${w.name}/${c.name}`).not.toThrow();
      }
    }
  });

  it('listens on every interface, on the ports the container declares', () => {
    for (const w of deployments()) {
      const c = mainContainer(w);
      const role = containerRole(c);
      const ports = Object.fromEntries((c.ports ?? []).map((p) => [p.name, p.containerPort]));
      if (role === 'ingest') {
        const config = loadConfig('ingest', env(c));
        expect([config.ingestHost, config.ingestPort, config.adminPort]).toEqual(['0.0.0.0', ports.http, ports.admin]);
      } else if (role === 'env-api') {
        const config = loadConfig('env-api', env(c));
        expect([config.envApiHost, config.envApiPort]).toEqual(['0.0.0.0', ports.http]);
      }
    }
  });

  it('runs the image of components/release everywhere', () => {
    const release = parse(readFileSync(join(repoRoot, 'deploy', 'components', 'release', 'kustomization.yaml'), 'utf8')) as { images: { newName: string; newTag: string }[] };
    const image = `${release.images[0]?.newName ?? ''}:${release.images[0]?.newTag ?? ''}`;
    for (const w of workloads) for (const c of w.pod.containers) expect(c.image, `${w.overlay}/${w.name}`).toBe(image);
  });

  it("names each environment after its namespace and fans out to each environment's env-api Service", () => {
    const ingest = loadConfig('ingest', env(ingestContainer()));
    const envApis = deployments().filter((w) => containerRole(mainContainer(w)) === 'env-api');
    for (const w of envApis) expect(env(mainContainer(w)).ENV_NAME).toBe(w.namespace);
    expect(ingest.fanout.targets.map((t) => t.name).sort()).toEqual(envApis.map((w) => w.namespace).sort());
    const services = objectsOfKind(overlays, 'Service').map((s) => s.object);
    for (const target of ingest.fanout.targets) {
      const url = new URL(target.url);
      expect(url.pathname).toBe('/internal/events');
      const service = services.find((s) => url.hostname === `${s.metadata.name}.${s.metadata.namespace ?? ''}.svc.cluster.local`);
      const ports = (service?.spec as { ports?: { port: number; targetPort?: string | number }[] } | undefined)?.ports ?? [];
      const port = ports.find((p) => p.port === Number(url.port));
      const pod = envApis.find((w) => w.namespace === target.name);
      expect(port, target.url).toBeDefined();
      expect(pod, target.url).toBeDefined();
      if (pod === undefined) continue;
      const c = mainContainer(pod);
      expect(portNumber(c, port?.targetPort), target.url).toBe(loadConfig('env-api', env(c)).envApiPort);
    }
  });
});
