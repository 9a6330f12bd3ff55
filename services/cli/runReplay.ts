/**
 * Runs a replay for `vf replay` and `vf projector rebuild`: from the outbox, or from
 * `vf.raw_events` (ClickHouse at CLICKHOUSE_URL, else the running stack's admin bridge on
 * ADMIN_PORT), with a progress bar on a terminal, and prints the summary.
 */
import { openRawEventReader } from '../ingest/replay/rawEventReader.ts';
import { replayFromOutbox } from '../ingest/replay/replayFromOutbox.ts';
import { replayFromRaw } from '../ingest/replay/replayFromRaw.ts';
import type { ReplayRequest, ReplaySummary } from '../ingest/replay/replayRequest.ts';
import type { Config } from '../shared/config/loadConfig.ts';
import type { DmPool } from '../shared/pg/pools.ts';
import type { CliContext, CliIo } from './cliContext.ts';
import { createProgressBar, type ProgressStream } from './progressBar.ts';

/** Where replayed events are read from. */
export type ReplaySource = 'outbox' | 'raw';

/** The admin listener of the running ingest role (the ClickHouse bridge). */
export function adminUrlOf(config: Config<'local'>): string {
  const wildcard = config.ingestHost === '0.0.0.0' || config.ingestHost === '::' || config.ingestHost === '';
  const host = wildcard ? '127.0.0.1' : config.ingestHost;
  return `http://${host.includes(':') ? `[${host}]` : host}:${String(config.adminPort)}`;
}

/** Replays `request` from `from`; `progress` is where the bar draws (stderr), when it is a terminal. */
export async function runReplay(context: CliContext, pool: DmPool, from: ReplaySource, request: ReplayRequest, progress: ProgressStream): Promise<ReplaySummary> {
  const config = context.config();
  const targets = config.fanout.targets.map((t) => t.name);
  const bar = createProgressBar(progress, from === 'raw' ? 'raw events' : 'outbox');
  try {
    if (from === 'outbox') return await replayFromOutbox({ pool, targets, onProgress: bar.update }, request);
    const reader = await openRawEventReader({ clickhouseUrl: config.clickhouseUrl, adminUrl: adminUrlOf(config) });
    try {
      return await replayFromRaw({ pool, targets, reader, onProgress: bar.update }, request);
    } finally {
      await reader.close();
    }
  } finally {
    bar.stop();
  }
}

/** Prints a summary for people; `--json` prints the summary object instead. */
export function printReplaySummary(io: CliIo, summary: ReplaySummary): void {
  const verb = summary.dryRun ? 'would queue' : 'queued';
  const parts = [`matched ${String(summary.matched)}`, `${verb} ${String(summary.queued)}`, `skipped (already pending) ${String(summary.skippedAlreadyPending)}`];
  if (summary.from === 'raw') {
    parts.push(`${summary.dryRun ? 'would re-create' : 're-created'} outbox rows ${String(summary.recreated)}`, `not passing ${String(summary.notPassing.length)}`);
    if (summary.inQuarantine > 0) parts.push(`in quarantine ${String(summary.inQuarantine)}`);
  }
  io.out(`${summary.dryRun ? 'dry run: ' : ''}replay from ${summary.from} to ${summary.target}: ${parts.join(', ')}`);
  for (const item of summary.notPassing.slice(0, 50)) io.out(`  not passing: ${item.rawId} ${item.type || '-'} ${item.reason}`);
  if (summary.notPassing.length > 50) io.out(`  … and ${String(summary.notPassing.length - 50)} more (--json lists them all)`);
  if (summary.inQuarantine > 0) io.out('  events still in quarantine pass now: release them with `vf quarantine replay` (it sends them to every target)');
}
