import { describe, expect, it } from 'vitest';
import { formatSummary, type BenchReport } from './summary.ts';

function report(results: Record<string, unknown>): BenchReport {
  return { at: '2026-01-01T00:00:00.000Z', node: 'v24.0.0', cores: 2, cpu: 'test cpu', results };
}

const ingest = {
  concurrency: 64,
  baseline: { perSecond: 5000 },
  ingest: { perSecond: 4000, p50Ms: 10, p99Ms: 30, peakRssMiB: 300 },
  ratio: 0.8,
  targets: { ratioAtLeast: 0.7, p99AtMostMs: 25, rssAtMostMiB: 512 },
  reproduce: 'npm run bench -- ingest',
};

describe('formatSummary', () => {
  it('prints the machine, each figure with its target verdict and the command to reproduce it', () => {
    const text = formatSummary(report({ ingest }));
    expect(text).toContain('Node v24.0.0, 2 cores (test cpu)');
    expect(text).toContain('Ingest  (npm run bench -- ingest)');
    expect(text).toContain('accepted 4,000/s vs baseline 5,000/s at concurrency 64 = 0.8 (target ≥ 0.7: met)');
    expect(text).toContain('p99 30 ms (target ≤ 25 ms: MISSED)');
    expect(text).toContain('ingest peak RSS 300 MiB (target ≤ 512 MiB: met)');
  });

  it('says n/a for a figure the scenario did not produce instead of printing 0', () => {
    const text = formatSummary(report({ ingest: { ...ingest, ingest: { perSecond: 4000 } } }));
    expect(text).toContain('p99 n/a (target ≤ 25 ms: n/a)');
  });

  it('lists every role and target of the end-to-end run', () => {
    const text = formatSummary(
      report({
        e2e: {
          loadSeconds: 60,
          webhooks: { perSecond: 500 },
          intoBothPerSecond: 2500,
          receiptToProjection: { p50Ms: 200, p99Ms: 900 },
          backlogAtLoadEnd: { stage: 3, production: 0 },
          drainSeconds: 1,
          peakRssMiB: { ingest: 700, stage: 280 },
          targets: { intoBothPerSecondAtLeast: 2000, p99AtMostMs: 1000, envRssAtMostMiB: 512 },
        },
      }),
    );
    expect(text).toContain('projected into both 2,500/s (target ≥ 2,000/s: met)');
    expect(text).toContain('p99 900 ms (target ≤ 1,000 ms: met)');
    expect(text).toContain('backlog at the end of the load: stage 3, production 0');
    expect(text).toContain('peak RSS per role: ingest 700 MiB, stage 280 MiB');
  });

  it('names a scenario it has no summary for rather than dropping it', () => {
    expect(formatSummary(report({ other: { reproduce: 'npm run bench -- other' } }))).toContain('other  (npm run bench -- other)\n  (no summary for this scenario; see the JSON)');
  });
});
