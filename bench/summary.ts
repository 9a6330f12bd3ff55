/**
 * The one-screen summary `npm run bench` prints after the JSON report: machine, each figure with
 * its target (met or MISSED) and the command that reproduces it. Reads the report as data, so a
 * scenario that was not run, or a figure a scenario did not produce, prints as absent, never as 0.
 */

/** The report `bench/main.ts` writes. */
export interface BenchReport {
  readonly at: string;
  readonly node: string;
  readonly cores: number;
  readonly cpu: string;
  readonly results: Readonly<Record<string, unknown>>;
}

/** The value at `path` (dot separated) when it is a finite number. */
function numberAt(root: unknown, path: string): number | undefined {
  let value: unknown = root;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The object at `path` as name → number pairs (peak RSS per role, backlog per target). */
function numbersAt(root: unknown, path: string): [string, number][] {
  let value: unknown = root;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return [];
    value = (value as Record<string, unknown>)[part];
  }
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).filter((entry): entry is [string, number] => typeof entry[1] === 'number');
}

const formatter = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
function fmt(value: number | undefined, unit = ''): string {
  return value === undefined ? 'n/a' : `${formatter.format(value)}${unit}`;
}

/** `met` / `MISSED` for a figure against a target; `n/a` when either is absent. */
function verdict(value: number | undefined, target: number | undefined, direction: 'atLeast' | 'atMost'): string {
  if (value === undefined || target === undefined) return 'n/a';
  const met = direction === 'atLeast' ? value >= target : value <= target;
  return met ? 'met' : 'MISSED';
}

function codegenLines(result: unknown): string[] {
  const wall = numberAt(result, 'codegenWallMs');
  const wallTarget = numberAt(result, 'codegenTargetMs');
  const ratio = numberAt(result, 'validationsPerSecond.ratio');
  const ratioTarget = numberAt(result, 'validationsPerSecond.target');
  return [
    `  codegen wall time ${fmt(wall, ' ms')} (target ≤ ${fmt(wallTarget, ' ms')}: ${verdict(wall, wallTarget, 'atMost')})`,
    `  validations/s: generated ${fmt(numberAt(result, 'validationsPerSecond.generated'))} vs Ajv compiled at run time ${fmt(numberAt(result, 'validationsPerSecond.runtimeAjv'))}` +
      ` = ×${fmt(ratio)} (target ≥ ×${fmt(ratioTarget)}: ${verdict(ratio, ratioTarget, 'atLeast')})`,
  ];
}

function ingestLines(result: unknown): string[] {
  const ratio = numberAt(result, 'ratio');
  const p99 = numberAt(result, 'ingest.p99Ms');
  const rss = numberAt(result, 'ingest.peakRssMiB');
  return [
    `  accepted ${fmt(numberAt(result, 'ingest.perSecond'), '/s')} vs baseline ${fmt(numberAt(result, 'baseline.perSecond'), '/s')} at concurrency ${fmt(numberAt(result, 'concurrency'))}` +
      ` = ${fmt(ratio)} (target ≥ ${fmt(numberAt(result, 'targets.ratioAtLeast'))}: ${verdict(ratio, numberAt(result, 'targets.ratioAtLeast'), 'atLeast')})`,
    `  ack p50 ${fmt(numberAt(result, 'ingest.p50Ms'), ' ms')}, p99 ${fmt(p99, ' ms')} (target ≤ ${fmt(numberAt(result, 'targets.p99AtMostMs'), ' ms')}: ${verdict(p99, numberAt(result, 'targets.p99AtMostMs'), 'atMost')})`,
    `  ingest peak RSS ${fmt(rss, ' MiB')} (target ≤ ${fmt(numberAt(result, 'targets.rssAtMostMiB'), ' MiB')}: ${verdict(rss, numberAt(result, 'targets.rssAtMostMiB'), 'atMost')})`,
  ];
}

function endToEndLines(result: unknown): string[] {
  const intoBoth = numberAt(result, 'intoBothPerSecond');
  const p99 = numberAt(result, 'receiptToProjection.p99Ms');
  const backlog = numbersAt(result, 'backlogAtLoadEnd').map(([target, count]) => `${target} ${fmt(count)}`).join(', ');
  const rss = numbersAt(result, 'peakRssMiB').map(([role, mib]) => `${role} ${fmt(mib, ' MiB')}`).join(', ');
  return [
    `  ${fmt(numberAt(result, 'loadSeconds'), ' s')} of load: accepted ${fmt(numberAt(result, 'webhooks.perSecond'), '/s')}, projected into both ${fmt(intoBoth, '/s')}` +
      ` (target ≥ ${fmt(numberAt(result, 'targets.intoBothPerSecondAtLeast'), '/s')}: ${verdict(intoBoth, numberAt(result, 'targets.intoBothPerSecondAtLeast'), 'atLeast')})`,
    `  receipt → projection p50 ${fmt(numberAt(result, 'receiptToProjection.p50Ms'), ' ms')}, p99 ${fmt(p99, ' ms')}` +
      ` (target ≤ ${fmt(numberAt(result, 'targets.p99AtMostMs'), ' ms')}: ${verdict(p99, numberAt(result, 'targets.p99AtMostMs'), 'atMost')})`,
    `  backlog at the end of the load: ${backlog || 'n/a'}; drained ${fmt(numberAt(result, 'drainSeconds'), ' s')} later`,
    `  peak RSS per role: ${rss || 'n/a'} (environment target ≤ ${fmt(numberAt(result, 'targets.envRssAtMostMiB'), ' MiB')})`,
  ];
}

const SECTIONS: Record<string, { title: string; lines: (result: unknown) => string[] }> = {
  codegen: { title: 'Contracts and codegen', lines: codegenLines },
  ingest: { title: 'Ingest', lines: ingestLines },
  e2e: { title: 'End to end, two environments', lines: endToEndLines },
};

/** The summary of `report`, one line per figure, ready to print. */
export function formatSummary(report: BenchReport): string {
  const out = [`bench ${report.at}: Node ${report.node}, ${report.cores} cores (${report.cpu})`];
  for (const [name, result] of Object.entries(report.results)) {
    const section = SECTIONS[name];
    const reproduce = typeof result === 'object' && result !== null && 'reproduce' in result ? String(result.reproduce) : `npm run bench -- ${name}`;
    out.push('', `${section?.title ?? name}  (${reproduce})`, ...(section?.lines(result) ?? ['  (no summary for this scenario; see the JSON)']));
  }
  return out.join('\n');
}
