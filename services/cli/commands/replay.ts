/**
 * `vf replay` (DESIGN §6 "Replay", §10): delivers events again to one fan-out target, as new
 * pending deliveries (the old ones keep their history); receivers dedupe on envelope id, so a
 * replay never double-applies.
 *
 * `--from outbox` (default) takes the outbox rows in the window; `--from raw` re-validates
 * `vf.raw_events` through today's contracts and re-creates outbox rows that retention purged
 * (CLICKHOUSE_URL, else the running stack's admin API on ADMIN_PORT). The window is on the
 * envelope `time` (the provider's time for the message), `--since` included, `--until` excluded.
 *
 * An unknown target is a usage error (exit 2), like any other bad argument: nothing is written.
 */
import { Option, type Command } from 'commander';
import { EVENT_TYPES } from '../../../generated/asyncapi/catalogue.ts';
import type { ReplayRequest } from '../../ingest/replay/replayRequest.ts';
import type { CliContext } from '../cliContext.ts';
import { printReplaySummary, runReplay, type ReplaySource } from '../runReplay.ts';
import { parseTimeOption } from '../timeOption.ts';
import { withDmPool } from '../withDmPool.ts';

interface ReplayOptions {
  target: string;
  since?: Date;
  until?: Date;
  type?: string[];
  subject?: string;
  from: ReplaySource;
  dryRun?: boolean;
  json?: boolean;
}

/** Exits 2 (usage) unless `target` is configured in FANOUT_TARGETS. */
export function requireConfiguredTarget(command: Command, context: CliContext, target: string, option: string): void {
  const targets = context.config().fanout.targets.map((t) => t.name);
  if (targets.includes(target)) return;
  const known = targets.length === 0 ? 'FANOUT_TARGETS is empty (dry-run mode)' : `configured targets: ${targets.join(', ')}`;
  command.error(`error: ${option} ${target} is not a configured fan-out target (${known})`, { exitCode: 2, code: 'vf.targetUnknown' });
}

/** Registers `vf replay`. */
export function registerReplayCommand(program: Command, context: CliContext): void {
  program
    .command('replay')
    .description('deliver events again to one target as new pending deliveries (receivers dedupe on envelope id)')
    .requiredOption('--target <name>', 'the fan-out target (from FANOUT_TARGETS)')
    .option('--since <time>', 'envelope time at or after (RFC 3339, a UTC date, or an age such as 6h or 7d)', (v) => parseTimeOption(v))
    .option('--until <time>', 'envelope time before (same forms as --since)', (v) => parseTimeOption(v))
    .addOption(new Option('--type <type...>', 'only these event types').choices(EVENT_TYPES))
    .option('--subject <subject>', 'only this envelope subject, e.g. kick/broadcaster/123')
    .addOption(new Option('--from <source>', 'outbox rows, or vf.raw_events re-validated through today\'s contracts').choices(['outbox', 'raw']).default('outbox'))
    .option('--dry-run', 'count what would be queued; change nothing')
    .option('--json', 'print the summary as JSON')
    .action(async (options: ReplayOptions, command: Command) => {
      requireConfiguredTarget(command, context, options.target, '--target');
      if (options.since !== undefined && options.until !== undefined && options.since >= options.until) {
        command.error('error: --since must be before --until', { exitCode: 2, code: 'vf.windowEmpty' });
      }
      const request: ReplayRequest = {
        target: options.target,
        ...(options.since === undefined ? {} : { since: options.since }),
        ...(options.until === undefined ? {} : { until: options.until }),
        ...(options.type === undefined ? {} : { types: options.type }),
        ...(options.subject === undefined ? {} : { subject: options.subject }),
        dryRun: options.dryRun === true,
      };
      const summary = await withDmPool(context, (pool) => runReplay(context, pool, options.from, request, process.stderr));
      if (options.json === true) context.io.out(JSON.stringify(summary, null, 2));
      else printReplaySummary(context.io, summary);
    });
}
