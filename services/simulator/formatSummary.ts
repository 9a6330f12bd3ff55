/**
 * The end-of-run summary `npm run simulate` prints: what was sent, how ingest answered, and the
 * seed to replay the run with.
 */
import type { SimulatorStats } from './simulatorStats.ts';

/** The summary as lines of text. */
export function formatSummary(stats: SimulatorStats, run: { readonly seed: number; readonly elapsedMs: number }): string[] {
  const seconds = run.elapsedMs / 1000;
  const perSecond = seconds > 0 ? (stats.sent / seconds).toFixed(1) : '0';
  const statuses = Object.entries(stats.byStatus).sort(([a], [b]) => a.localeCompare(b));
  const types = Object.entries(stats.byType).sort(([, a], [, b]) => b - a);
  const width = Math.max(0, ...types.map(([type]) => type.length));
  return [
    `sent ${stats.sent} webhooks in ${seconds.toFixed(1)} s (${perSecond}/s); replay with --seed ${run.seed}`,
    `answers: ${statuses.length === 0 ? 'none' : statuses.map(([status, count]) => `${status} × ${count}`).join(', ')}${stats.completed < stats.sent ? ` (${stats.sent - stats.completed} unanswered)` : ''}`,
    `resent: ${stats.resent.duplicate} duplicates, ${stats.resent.retry} retries`,
    'by type:',
    ...types.map(([type, count]) => `  ${type.padEnd(width)}  ${String(count).padStart(6)}`),
  ];
}
