/**
 * Every overlay renders with kustomize and every object it renders (and every example manifest)
 * validates against the schema of its kind; Secrets are only ever referenced, and each one
 * referenced is documented in the runbook for the operator to create.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateObject } from './kubeSchemas.ts';
import { exampleObjects, overlayNames, renderAllOverlays, repoRoot, type KubeObject, type RenderedOverlay } from './renderOverlays.ts';
import { secretRefs, workloadsOf } from './workloads.ts';

let overlays: RenderedOverlay[];

beforeAll(async () => {
  overlays = await renderAllOverlays();
}, 120_000);

/** Every string anywhere in an object, with its path. */
function strings(value: unknown, path = ''): { path: string; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => strings(item, `${path}[${String(i)}]`));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => strings(item, `${path}.${key}`));
  return [];
}

/** Secret names and keys an object refers to: env secretKeyRefs, CloudNativePG passwordSecret/secret/s3Credentials. */
function referencedSecrets(overlay: RenderedOverlay): { namespace: string; secret: string; key: string | null }[] {
  const refs: { namespace: string; secret: string; key: string | null }[] = [];
  for (const workload of workloadsOf([overlay])) {
    for (const container of workload.pod.containers) refs.push(...secretRefs(container).map((r) => ({ namespace: workload.namespace, secret: r.secret, key: r.key })));
  }
  for (const object of overlay.objects.filter((o) => o.kind === 'Cluster')) {
    const namespace = object.metadata.namespace ?? '';
    for (const { path, value } of strings(object.spec)) {
      if (/(passwordSecret|initdb\.secret)\.name$/.test(path)) refs.push({ namespace, secret: value, key: null });
      const s3 = /s3Credentials\.\w+\.name$/.test(path) ? /^(.*)\.name$/.exec(path)?.[1] : undefined;
      if (s3 !== undefined) {
        const key = strings(object.spec).find((s) => s.path === `${s3}.key`)?.value ?? null;
        refs.push({ namespace, secret: value, key });
      }
    }
  }
  return refs;
}

describe('deploy/overlays', () => {
  it('renders every overlay, each to at least one object', () => {
    expect(overlays.map((o) => o.name)).toEqual(overlayNames());
    expect(overlayNames()).toEqual(expect.arrayContaining(['data', 'data-replica', 'data-migrations', 'data-ingest', 'stage', 'stage-migrations', 'production', 'production-migrations']));
    for (const overlay of overlays) expect(overlay.objects.length, overlay.name).toBeGreaterThan(0);
  });

  it('validates every rendered object against the schema of its kind', () => {
    const problems = overlays.flatMap((o) => o.objects.map(validateObject).flatMap((v) => (v.kind === 'invalid' ? [`${o.name}: ${v.message}`] : [])));
    expect(problems).toEqual([]);
  });

  it('refuses an object of a kind no schema package knows, and an invalid one', () => {
    const unknown: KubeObject = { apiVersion: 'v1', kind: 'Widget', metadata: { name: 'x' } };
    const unserved: KubeObject = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'x' } };
    const invalid: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { type: 'ExternalName', ports: [{ port: 'http' }] } };
    const retired: KubeObject = { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name: 'x' } };
    expect(validateObject(unknown)).toEqual({ kind: 'invalid', message: expect.stringContaining('no schema for this kind') });
    expect(validateObject(unserved)).toEqual({ kind: 'invalid', message: expect.stringContaining('not one the cluster serves') });
    expect(validateObject(invalid)).toEqual({ kind: 'invalid', message: expect.stringContaining('must be integer') });
    expect(validateObject(retired)).toEqual({ kind: 'invalid', message: expect.stringContaining('not one the cluster serves') });
  });

  it('validates the example manifests of deploy/examples the same way', () => {
    const examples = exampleObjects();
    expect(examples.length).toBeGreaterThan(0);
    const problems = examples.flatMap((e) => e.objects.map(validateObject).flatMap((v) => (v.kind === 'invalid' ? [`${e.file}: ${v.message}`] : [])));
    expect(problems).toEqual([]);
  });

  it('offers the replica option as an overlay that differs from data only in vf-pg-dm instances', () => {
    const byName = (name: string): readonly KubeObject[] => overlays.find((o) => o.name === name)?.objects ?? [];
    const clusterOf = (objects: readonly KubeObject[]): { instances?: number } => (objects.find((o) => o.kind === 'Cluster')?.spec ?? {}) as { instances?: number };
    expect([clusterOf(byName('data')).instances, clusterOf(byName('data-replica')).instances]).toEqual([1, 2]);
    const withoutInstances = (objects: readonly KubeObject[]): unknown[] => objects.map((o) => (o.kind === 'Cluster' ? { ...o, spec: { ...(o.spec as object), instances: null } } : o));
    expect(withoutInstances(byName('data-replica'))).toEqual(withoutInstances(byName('data')));
  });

  it('keeps the restore example in step with vf-pg-dm: same cluster, recovered from its archive, archiving under a new prefix', () => {
    type Store = { destinationPath: string; serverName: string; s3Credentials?: unknown };
    const where = (store: Store | undefined): object => ({ destinationPath: store?.destinationPath, serverName: store?.serverName, s3Credentials: store?.s3Credentials });
    type ClusterSpec = { bootstrap?: unknown; externalClusters?: { barmanObjectStore?: Store }[]; backup?: { barmanObjectStore?: Store } };
    const live = overlays.find((o) => o.name === 'data')?.objects.find((o) => o.kind === 'Cluster');
    const restore = exampleObjects().flatMap((e) => e.objects).find((o) => o.kind === 'Cluster');
    const liveSpec = live?.spec as ClusterSpec;
    const restoreSpec = restore?.spec as ClusterSpec;
    expect(restore?.metadata).toEqual(live?.metadata);
    expect(where(restoreSpec.externalClusters?.[0]?.barmanObjectStore)).toEqual(where(liveSpec.backup?.barmanObjectStore));
    expect(restoreSpec.backup?.barmanObjectStore?.destinationPath).toBe(liveSpec.backup?.barmanObjectStore?.destinationPath);
    expect(restoreSpec.backup?.barmanObjectStore?.serverName).not.toBe(liveSpec.backup?.barmanObjectStore?.serverName);
    const rest = (spec: ClusterSpec): object => ({ ...spec, bootstrap: null, externalClusters: null, backup: { ...spec.backup, barmanObjectStore: { ...spec.backup?.barmanObjectStore, serverName: null } } });
    expect(rest(restoreSpec)).toEqual(rest(liveSpec));
  });

  it('ships no Secret and writes no secret value into any object', () => {
    const all = overlays.flatMap((o) => o.objects.map((object) => ({ overlay: o.name, object })));
    expect(all.filter((e) => e.object.kind === 'Secret' || e.object.kind === 'ConfigMap').map((e) => `${e.overlay}/${e.object.metadata.name}`)).toEqual([]);
    const leaks = all.flatMap((e) => strings(e.object).filter((s) => /whsec_|-----BEGIN|:\/\/[^/\s:@]+:[^/\s@]+@/i.test(s.value)).map((s) => `${e.overlay} ${e.object.kind}/${e.object.metadata.name}${s.path}`));
    expect(leaks).toEqual([]);
  });

  it('takes every credential a container gets from a Secret, never from a literal value', () => {
    const credential = /(DATABASE_URL|CLICKHOUSE_URL|SECRET|SECRETS|CLIENT_ID|PUBLIC_KEY)$/;
    const literal = workloadsOf(overlays).flatMap((w) =>
      w.pod.containers.flatMap((c) => (c.env ?? []).filter((v) => credential.test(v.name) && v.valueFrom?.secretKeyRef === undefined).map((v) => `${w.overlay}/${w.name}: ${v.name}`)),
    );
    expect(literal).toEqual([]);
  });

  it('documents every Secret an overlay refers to in the runbook, with its keys', () => {
    const runbook = readFileSync(join(repoRoot, 'docs', 'runbook.md'), 'utf8');
    const missing = overlays.flatMap((overlay) =>
      referencedSecrets(overlay)
        .filter((ref) => {
          // A row of the runbook's Secrets table: | `namespace` | `secret` | `key`, … |
          const row = runbook.split('\n').find((line) => line.includes(`\`${ref.secret}\``) && line.includes(`\`${ref.namespace}\``));
          return row === undefined || (ref.key !== null && !row.includes(`\`${ref.key}\``));
        })
        .map((ref) => `${ref.namespace}/${ref.secret}${ref.key === null ? '' : ` key ${ref.key}`} (${overlay.name})`),
    );
    expect(missing).toEqual([]);
  });
});
