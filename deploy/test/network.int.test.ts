/**
 * What may talk to what: a default deny and DNS in every namespace the tier deploys into, the
 * ingest pods reachable from outside only through the envoy-public Gateway and only on the
 * webhook and retired paths of the contract, ClickHouse reached through its pods, not the
 * ExternalName.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IHTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import { installation, renderAllOverlays, repoRoot, type KubeObject, type RenderedOverlay } from './renderOverlays.ts';
import { objectsOfKind, workloadsOf } from './workloads.ts';

let overlays: RenderedOverlay[];
let policies: INetworkPolicy[];

beforeAll(async () => {
  overlays = installation(await renderAllOverlays());
  policies = objectsOfKind(overlays, 'NetworkPolicy').map((p) => p.object as unknown as INetworkPolicy);
}, 120_000);

const isEmpty = (value: object | undefined): boolean => value === undefined || Object.keys(value).length === 0;

interface PodSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly unknown[];
}

/** Whether a pod selector (matchLabels only: the tier selects pods by labels alone) selects `labels`. */
function selects(selector: PodSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (selector === undefined) return false;
  if (selector.matchExpressions !== undefined) throw new Error('pod selectors with expressions are not read here');
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

function namespaceOf(object: KubeObject): string {
  return object.metadata.namespace ?? '';
}

describe('network policies', () => {
  it('denies everything by default in data, stage and production, and allows DNS there', () => {
    for (const namespace of ['data', 'stage', 'production']) {
      const own = policies.filter((p) => p.metadata?.namespace === namespace);
      const deny = own.filter((p) => isEmpty(p.spec?.podSelector) && p.spec?.ingress === undefined && p.spec?.egress === undefined);
      expect(deny.map((p) => [...(p.spec?.policyTypes ?? [])].sort()), namespace).toEqual([['Egress', 'Ingress']]);
      const dns = own.filter((p) => isEmpty(p.spec?.podSelector) && (p.spec?.egress ?? []).some((rule) => (rule.ports ?? []).some((port) => port.port === 53 && port.protocol === 'UDP')));
      expect(dns.length, `${namespace} DNS`).toBe(1);
    }
  });

  it('admits the public listener of the ingest pods only from the envoy-public Gateway, and the admin listener only from Prometheus', () => {
    const ingest = workloadsOf(overlays).find((w) => w.name === 'ingest');
    expect(ingest).toBeDefined();
    const labels = ingest?.labels ?? {};
    const rules = policies
      .filter((p) => p.metadata?.namespace === 'data' && selects(p.spec?.podSelector, labels))
      .flatMap((p) => p.spec?.ingress ?? []);
    const peersOn = (port: number): INetworkPolicyPeer[] => rules.filter((r) => (r.ports ?? []).some((p) => p.port === port) || r.ports === undefined).flatMap((r) => r.from ?? [{}]);
    expect(peersOn(8080)).toEqual([
      { namespaceSelector: {}, podSelector: { matchLabels: { 'gateway.envoyproxy.io/owning-gateway-name': 'envoy-public', 'gateway.envoyproxy.io/owning-gateway-namespace': 'ops' } } },
    ]);
    expect(peersOn(9464).map((peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name'])).toEqual(['prometheus']);
  });

  it('reaches ClickHouse through the pods of the installation chi-vf names, which admit data and stage', () => {
    const chi = objectsOfKind(overlays, 'Service').find((s) => s.object.metadata.name === 'chi-vf')?.object;
    expect(chi?.spec).toMatchObject({ type: 'ExternalName', externalName: 'clickhouse-vf.production.svc.cluster.local' });
    const toClickhouse = policies.filter((p) => (p.spec?.egress ?? []).some((r) => (r.to ?? []).some((peer) => peer.podSelector?.matchLabels?.['clickhouse.altinity.com/chi'] === 'vf')));
    expect(toClickhouse.map((p) => p.metadata?.namespace).sort()).toEqual(['data', 'production', 'stage']);
    const admitted = policies
      .filter((p) => p.metadata?.namespace === 'production' && p.spec?.podSelector?.matchLabels?.['clickhouse.altinity.com/chi'] === 'vf')
      .flatMap((p) => p.spec?.ingress ?? [])
      .filter((r) => (r.ports ?? []).some((port) => port.port === 8123))
      .flatMap((r) => r.from ?? [])
      .flatMap((peer) => peer.namespaceSelector?.matchExpressions?.flatMap((e) => e.values ?? []) ?? []);
    expect(admitted).toEqual(expect.arrayContaining(['data', 'stage']));
  });

  it('lets stage and production reach data/vf-pg-dm on 5432, and vf-pg-dm admit them', () => {
    for (const namespace of ['stage', 'production']) {
      const egress = policies.filter((p) => p.metadata?.namespace === namespace && isEmpty(p.spec?.podSelector)).flatMap((p) => p.spec?.egress ?? []);
      const toDm = egress.filter((r) => (r.to ?? []).some((peer) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'data' && peer.podSelector?.matchLabels?.['cnpg.io/cluster'] === 'vf-pg-dm'));
      expect(toDm.flatMap((r) => (r.ports ?? []).map((p) => p.port)), namespace).toEqual([5432]);
    }
    const dmIngress = policies.filter((p) => p.metadata?.namespace === 'data' && p.spec?.podSelector?.matchLabels?.['cnpg.io/cluster'] === 'vf-pg-dm').flatMap((p) => p.spec?.ingress ?? []);
    const fromEnvironments = dmIngress.filter((r) => (r.from ?? []).some((peer) => (peer.namespaceSelector?.matchExpressions ?? []).some((e) => e.values?.includes('stage') === true && e.values.includes('production'))));
    expect(fromEnvironments.flatMap((r) => (r.ports ?? []).map((p) => p.port))).toEqual([5432]);
  });
});

describe('the webhook HTTPRoute', () => {
  /** Paths of contracts/openapi/ingest.yaml tagged webhooks or retired: the only public ones. */
  function publicWebhookPaths(): string[] {
    const doc = parse(readFileSync(join(repoRoot, 'contracts', 'openapi', 'ingest.yaml'), 'utf8')) as { paths: Record<string, Record<string, { tags?: string[] }>> };
    return Object.entries(doc.paths)
      .filter(([, item]) => Object.values(item).some((op) => typeof op === 'object' && op !== null && (op.tags ?? []).some((t) => t === 'webhooks' || t === 'retired')))
      .map(([path]) => path)
      .sort();
  }

  it('attaches to the envoy-public Gateway in ops for one host, matching exactly the webhook and retired paths of the contract', () => {
    const routes = objectsOfKind(overlays, 'HTTPRoute').map((r) => r.object as unknown as IHTTPRoute);
    const route = routes[0];
    expect(routes.length).toBe(1);
    expect(route?.spec?.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'ops', name: 'envoy-public' }]);
    expect(route?.spec?.hostnames?.length).toBe(1);
    const matches = (route?.spec?.rules ?? []).flatMap((rule) => rule.matches ?? [{}]);
    expect(matches.every((m) => m.path?.type === 'Exact' && m.headers === undefined && m.queryParams === undefined)).toBe(true);
    expect(matches.map((m) => m.path?.value).sort()).toEqual(publicWebhookPaths());
    expect(publicWebhookPaths()).toEqual(['/api/kyc/hook', '/webhooks/kick', '/webhooks/sumsub', '/wh/kick', '/wh/sumsub']);
  });

  it('sends them to the public port of the ingest Service, in the route’s namespace', () => {
    const entry = objectsOfKind(overlays, 'HTTPRoute')[0];
    const route = entry?.object as unknown as IHTTPRoute;
    const services = objectsOfKind(overlays, 'Service').map((s) => s.object).filter((s) => namespaceOf(s) === route.metadata?.namespace);
    for (const ref of (route.spec?.rules ?? []).flatMap((rule) => rule.backendRefs ?? [])) {
      expect(ref.namespace).toBeUndefined();
      const service = services.find((s) => s.metadata.name === ref.name);
      const ports = (service?.spec as { ports?: { name?: string; port: number }[] } | undefined)?.ports ?? [];
      expect(ports).toEqual([{ name: 'http', port: ref.port, targetPort: 'http', protocol: 'TCP' }]);
    }
  });
});
