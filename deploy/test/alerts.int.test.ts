/**
 * The PrometheusRule alerts on what the product exports: every metric an expression names is one
 * a role registers, every label it groups or matches by is one that metric carries (or one
 * Prometheus adds), and every alert has its section in the runbook.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Rule';
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { createDmPool, type DmPool } from '../../services/shared/pg/pools.ts';
import { useTestDatabase } from '../../services/shared/testkit/testDatabase.ts';
import { promqlReferences, registeredMetrics, seriesNames, targetLabels, type MetricFamily } from './registeredMetrics.ts';
import { installation, renderAllOverlays, repoRoot } from './renderOverlays.ts';
import { objectsOfKind } from './workloads.ts';

const db = useTestDatabase('dm');
let pool: DmPool;
let alerts: IRule[];
/** Series name → its family. */
let series: Map<string, MetricFamily>;

beforeAll(async () => {
  pool = await createDmPool(db.current.url);
  series = new Map([...registeredMetrics(pool).values()].flatMap((family) => seriesNames(family).map((name) => [name, family] as const)));
  const rules = objectsOfKind(installation(await renderAllOverlays()), 'PrometheusRule').map((r) => r.object as unknown as IPrometheusRule);
  alerts = rules.flatMap((rule) => rule.spec.groups ?? []).flatMap((group) => group.rules ?? []).filter((rule) => rule.alert !== undefined);
}, 120_000);

afterAll(async () => {
  await pool.end();
});

/** The anchor GitHub gives a heading (lower case, punctuation dropped, spaces to dashes). */
const anchor = (heading: string): string => heading.trim().toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');

describe('PrometheusRule', () => {
  it('alerts on outbox lag, dead letters, signature-failure spikes, poller errors and quarantine growth', () => {
    expect(alerts.map((a) => a.alert)).toEqual(expect.arrayContaining(['VfOutboxLag', 'VfDeadLetters', 'VfSignatureFailureSpike', 'VfKickPollerErrors', 'VfQuarantineGrowth']));
    expect(new Set(alerts.map((a) => a.alert)).size).toBe(alerts.length);
  });

  it('refers only to metrics the roles register, by labels those metrics carry', () => {
    const problems = alerts.flatMap((alert) => {
      const refs = promqlReferences(String(alert.expr));
      const families = refs.metrics.map((name) => ({ name, family: series.get(name) }));
      const labels = new Set([...targetLabels, ...families.flatMap((f) => f.family?.labelNames ?? [])]);
      return [
        ...(refs.metrics.length === 0 ? [`${alert.alert ?? ''}: names no metric`] : []),
        ...families.filter((f) => f.family === undefined).map((f) => `${alert.alert ?? ''}: ${f.name} is not registered`),
        ...refs.labels.filter((l) => !labels.has(l)).map((l) => `${alert.alert ?? ''}: label ${l} is on none of its metrics`),
        ...refs.unknownFunctions.map((f) => `${alert.alert ?? ''}: unknown function ${f}`),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('would catch a misspelt metric, label or function', () => {
    expect(promqlReferences('sum by (target) (rate(vf_fanout_deliveries_total{outcome="dead"}[5m])) > 0')).toEqual({ metrics: ['vf_fanout_deliveries_total'], labels: ['outcome', 'target'], unknownFunctions: [] });
    expect(series.has('vf_ingest_delivery_lag_second')).toBe(false);
    expect(promqlReferences('rat(vf_ingest_webhooks_total[5m])').unknownFunctions).toEqual(['rat']);
    expect(series.get('vf_ingest_ack_seconds_bucket')?.name).toBe('vf_ingest_ack_seconds');
  });

  it('links every alert to its section of docs/runbook.md, which says what to check', () => {
    const runbook = readFileSync(join(repoRoot, 'docs', 'runbook.md'), 'utf8');
    const headings = new Set([...runbook.matchAll(/^#{2,4} (.+)$/gm)].map((m) => anchor(m[1] ?? '')));
    for (const alert of alerts) {
      const name = alert.alert ?? '';
      expect(alert.annotations?.runbook, name).toBe(`docs/runbook.md#${name.toLowerCase()}`);
      expect(headings.has(name.toLowerCase()), `runbook heading "### ${name}"`).toBe(true);
      expect(alert.labels?.severity, name).toMatch(/^(warning|critical)$/);
    }
  });
});
