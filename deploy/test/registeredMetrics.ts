/**
 * The Prometheus series the roles really export, taken from their prom-client registries built
 * the way the roles build them (startIngestRole.ts, ingestTasks.ts, startEnvApi.ts), and the
 * metric names a PromQL expression refers to.
 */
import type { Registry } from 'prom-client';
import { createFanoutMetrics } from '../../services/fanout/metrics/fanoutMetrics.ts';
import { createEnvApiMetrics } from '../../services/env-api/metrics/envApiMetrics.ts';
import { registerIngestDbGauges } from '../../services/ingest/metrics/ingestDbGauges.ts';
import { createIngestMetrics } from '../../services/ingest/metrics/ingestMetrics.ts';
import type { DmPool } from '../../services/shared/pg/pools.ts';

/** A metric family: its name, type and label names. */
export interface MetricFamily {
  readonly name: string;
  readonly type: string;
  readonly labelNames: readonly string[];
}

/**
 * Labels Prometheus adds to every scraped series (prometheus-operator's PodMonitor target labels),
 * which rules may group by as well.
 */
export const targetLabels: readonly string[] = ['namespace', 'pod', 'container', 'job', 'instance', 'endpoint'];

function families(registry: Registry): MetricFamily[] {
  return registry.getMetricsAsArray().map((metric) => {
    const { name, type, labelNames } = metric as unknown as { name: string; type: string; labelNames?: string[] };
    return { name, type: String(type), labelNames: labelNames ?? [] };
  });
}

/** Every metric family of the ingest role (with the fan-out's) and of the environment role. */
export function registeredMetrics(pool: DmPool): Map<string, MetricFamily> {
  const ingest = createIngestMetrics({ defaultMetrics: true });
  createFanoutMetrics(ingest.registry);
  // The pool is only queried at scrape time; registering the gauges needs no query.
  registerIngestDbGauges(ingest, pool, ['stage', 'production']);
  const envApi = createEnvApiMetrics({ defaultMetrics: true });
  const all = new Map<string, MetricFamily>();
  for (const family of [...families(ingest.registry), ...families(envApi.registry)]) all.set(family.name, family);
  return all;
}

/** The series names a family exports: a histogram's `_bucket`, `_sum` and `_count` besides its name. */
export function seriesNames(family: MetricFamily): string[] {
  if (family.type === 'histogram') return [`${family.name}_bucket`, `${family.name}_sum`, `${family.name}_count`];
  if (family.type === 'summary') return [family.name, `${family.name}_sum`, `${family.name}_count`];
  return [family.name];
}

const functions = new Set([
  'abs', 'absent', 'absent_over_time', 'avg_over_time', 'ceil', 'changes', 'clamp', 'clamp_max', 'clamp_min', 'count_over_time',
  'delta', 'deriv', 'floor', 'histogram_quantile', 'idelta', 'increase', 'irate', 'label_replace', 'last_over_time',
  'max_over_time', 'min_over_time', 'predict_linear', 'rate', 'resets', 'round', 'scalar', 'sort', 'sort_desc',
  'sum_over_time', 'time', 'timestamp', 'vector',
]);
const aggregations = new Set(['sum', 'min', 'max', 'avg', 'count', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'group']);
const keywords = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

/** What a PromQL expression refers to. */
export interface PromqlReferences {
  readonly metrics: string[];
  /** Label names of matchers and of by/without/on/ignoring clauses. */
  readonly labels: string[];
  /** Calls of functions this reader does not know (a typo is an error, not a metric). */
  readonly unknownFunctions: string[];
}

/**
 * Reads the metric and label names of an alert expression. A small reader, not a full PromQL
 * parser: it handles the selectors, matchers, ranges, aggregations and functions alerts use, and
 * reports any call it does not know rather than guessing.
 */
export function promqlReferences(expr: string): PromqlReferences {
  const labels: string[] = [];
  let rest = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  // Label matchers: {name="…", name!~"…"}.
  rest = rest.replace(/\{([^}]*)\}/g, (_m, inner: string) => {
    for (const matcher of inner.split(',')) {
      const name = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)/.exec(matcher)?.[1];
      if (name !== undefined) labels.push(name);
    }
    return ' ';
  });
  // Grouping clauses: by (a, b), without (…), on (…), ignoring (…), group_left (…).
  rest = rest.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g, (_m, _kw: string, inner: string) => {
    labels.push(...inner.split(',').map((s) => s.trim()).filter((s) => s !== ''));
    return ' ';
  });
  rest = rest.replace(/\[[^\]]*\]/g, ' ').replace(/\b\d+(\.\d+)?([smhdwy]|ms)?\b/g, ' ');
  const metrics: string[] = [];
  const unknownFunctions: string[] = [];
  for (const match of rest.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    const [, name = '', call] = match;
    if (call !== undefined) {
      if (!functions.has(name) && !aggregations.has(name)) unknownFunctions.push(name);
    } else if (!keywords.has(name.toLowerCase())) {
      metrics.push(name);
    }
  }
  return { metrics, labels, unknownFunctions };
}
