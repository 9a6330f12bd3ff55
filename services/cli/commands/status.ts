/**
 * `vf status [--json] [--since <time>]` (DESIGN §10): counts per stage, received → quarantined →
 * outboxed → stored in ClickHouse, and per target delivered, pending, parked, dead and lag, so an
 * operator reconciles at a glance. PostgreSQL directly (DM_DATABASE_URL, else the running stack);
 * ClickHouse at CLICKHOUSE_URL, else through the running stack's admin bridge. The same counts as
 * `GET /admin/status`, from the same function.
 *
 * Exit codes: 0 fine; 3 behind (a target's lag, the raw sink's backlog, or ClickHouse missing
 * received events beyond the thresholds STATUS_MAX_LAG_SECONDS / STATUS_MAX_RAW_SINK_BACKLOG or
 * their flags), each reason printed; 1 failure (PostgreSQL unreachable); 2 usage.
 */
import { CommanderError, InvalidArgumentError, type Command } from 'commander';
import type { IngestStatus } from '../../../generated/openapi/ingest.schemas.ts';
import { openRawEventReader } from '../../ingest/replay/rawEventReader.ts';
import { deliveryTargets } from '../../ingest/status/deliveryTargets.ts';
import { seconds, statusVerdict, type StatusLimits, type StatusVerdict } from '../../ingest/status/domain/statusVerdict.ts';
import { readStatus } from '../../ingest/status/readStatus.ts';
import type { CliContext, CliIo } from '../cliContext.ts';
import { exitCodes } from '../exitCodes.ts';
import { adminUrlOf } from '../runReplay.ts';
import { textTable } from '../textTable.ts';
import { parseTimeOption } from '../timeOption.ts';
import { withDmPool } from '../withDmPool.ts';

interface StatusFlags {
  json?: boolean;
  since?: Date;
  maxLagSeconds?: number;
  maxRawSinkBacklog?: number;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('a whole number');
  return n;
}

function count(n: number | null): string {
  return n === null ? '?' : String(n);
}

function printStatus(io: CliIo, status: IngestStatus, verdict: StatusVerdict, limits: StatusLimits, targetsFromRows: boolean): void {
  const s = status.stages;
  io.out(`since ${status.since} (as of ${status.generatedAt})`);
  io.out(
    `received ${String(s.received)} → quarantined ${String(s.quarantined)} → outboxed ${String(s.outboxed)} → ` +
      `stored in ClickHouse ${count(s.storedInClickhouse)} (awaiting the raw sink ${String(s.awaitingRawSink)})`,
  );
  const ch = status.clickhouse;
  io.out(`ClickHouse (${ch.mode}): ${ch.status}${ch.status === 'down' && ch.error !== undefined && ch.error !== null ? `: ${ch.error}` : ''}`);
  io.out('');
  if (status.targets.length === 0) {
    io.out('no fan-out targets (dry-run mode): envelopes are written, nothing is delivered');
  } else {
    if (targetsFromRows) io.out('targets as named by delivery rows (FANOUT_TARGETS is not set here):');
    const rows = status.targets.map((t) => [t.target, String(t.delivered), String(t.pending), String(t.parked), String(t.dead), seconds(t.lagSeconds), t.oldestPendingAt ?? '-']);
    for (const line of textTable(['TARGET', 'DELIVERED', 'PENDING', 'PARKED', 'DEAD', 'LAG', 'OLDEST PENDING'], rows)) io.out(line);
  }
  io.out('');
  if (verdict.kind === 'ok') io.out(`ok: no target lags more than ${seconds(limits.maxLagSeconds)}, the raw sink is within ${String(limits.maxRawSinkBacklog)} rows`);
  else for (const reason of verdict.reasons) io.out(`behind: ${reason}`);
}

/** Registers `vf status`. */
export function registerStatusCommands(program: Command, context: CliContext): void {
  program
    .command('status')
    .description('counts per stage and lag per target; exit 3 when a stage is behind')
    .option('--json', 'print the counts as JSON (the GET /admin/status object)')
    .option('--since <time>', 'count what was received since then (RFC 3339, a UTC date, or an age: 90m, 6h, 7d); default and earliest: OUTBOX_RETENTION_DAYS ago', (v) =>
      parseTimeOption(v),
    )
    .option('--max-lag-seconds <n>', 'a target is behind when its oldest pending delivery is older (default STATUS_MAX_LAG_SECONDS)', wholeNumber)
    .option('--max-raw-sink-backlog <n>', 'the raw sink is behind beyond this many rows (default STATUS_MAX_RAW_SINK_BACKLOG)', wholeNumber)
    .action(async (flags: StatusFlags) => {
      const config = context.config();
      const limits: StatusLimits = {
        maxLagSeconds: flags.maxLagSeconds ?? config.status.maxLagSeconds,
        maxRawSinkBacklog: flags.maxRawSinkBacklog ?? config.status.maxRawSinkBacklog,
      };
      const configured = config.fanout.targets.map((t) => t.name);
      const reader = await openRawEventReader({ clickhouseUrl: config.clickhouseUrl, adminUrl: adminUrlOf(config) });
      let targetsFromRows = false;
      let status: IngestStatus;
      try {
        status = await withDmPool(context, async (pool) => {
          targetsFromRows = configured.length === 0;
          const targets = targetsFromRows ? await deliveryTargets(pool) : configured;
          return readStatus(pool, reader, {
            targets,
            retentionDays: config.outboxRetentionDays,
            clickhouseMode: config.clickhouseUrl === null ? 'embedded' : 'server',
            ...(flags.since === undefined ? {} : { since: flags.since }),
          });
        });
      } finally {
        await reader.close();
      }
      const verdict = statusVerdict(status, limits);
      if (flags.json === true) {
        context.io.out(JSON.stringify(status, null, 2));
        // Reasons go to stderr, so stdout stays one JSON document.
        if (verdict.kind === 'behind') for (const reason of verdict.reasons) context.io.err(`behind: ${reason}`);
      } else {
        printStatus(context.io, status, verdict, limits, targetsFromRows);
      }
      // Not an error: commander's own exit signal with the code, which the runner hands back (exit 3).
      if (verdict.kind === 'behind') throw new CommanderError(exitCodes.behind, 'vf.statusBehind', `behind: ${verdict.reasons.join('; ')}`);
    });
}
