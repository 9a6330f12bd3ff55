/**
 * `vf kick subscriptions sync [--dry-run] [--json]`: the Kick subscription sync on demand
 * (DESIGN §9; the hourly cron runs the same code). Needs the app's client credentials and vf-pg-dm.
 */
import type { Command } from 'commander';
import { AppError } from '../../shared/errors.ts';
import { createDmPool } from '../../shared/pg/pools.ts';
import { createKickApiClient } from '../../ingest/kickApi/createKickApiClient.ts';
import { syncSubscriptions, type SubscriptionSyncReport } from '../../ingest/subscriptions/syncSubscriptions.ts';
import type { CliContext, CliIo } from '../cliContext.ts';
import { dmTarget } from '../databaseTargets.ts';

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)];
}

/** The report as an operator reads it: a row per channel, then what changes and why. */
export function formatSyncReport(report: SubscriptionSyncReport, where: string): string[] {
  const dry = report.dryRun;
  const lines = [`Kick subscription sync on ${where}${dry ? ' (dry run: nothing was changed)' : ''}`];
  const headers = ['CHANNEL', 'BROADCASTER', 'TRACKED', 'MISSING', dry ? 'TO CREATE' : 'CREATED', dry ? 'TO DELETE' : 'DELETED', 'ERRORS'];
  const rows = report.channels.map((c) => [
    c.slug,
    String(c.broadcasterUserId),
    c.tracking ? 'yes' : 'no',
    String(c.missing),
    String(dry ? c.toCreate.length : c.created),
    String(dry ? c.toDelete.length : c.deleted),
    String(c.errors.length),
  ]);
  lines.push(...(rows.length === 0 ? ['(no tracked channels)'] : table(headers, rows)));
  for (const c of report.channels) {
    if (c.toCreate.length > 0) lines.push(`${c.slug}: ${dry ? 'create' : 'created'} ${c.toCreate.map((e) => `${e.name} v${e.version}`).join(', ')}`);
    for (const d of c.toDelete) lines.push(`${c.slug}: ${dry ? 'delete' : 'deleted'} ${d.kickSubscriptionId} (${d.event} v${d.version}, ${d.reason})`);
    for (const e of c.errors) lines.push(`${c.slug}: error: ${e}`);
  }
  const verb = dry ? 'would create' : 'created';
  lines.push(
    `${report.trackedChannels} tracked channel(s); ${report.missingBefore} subscription(s) missing before the sync; ${verb} ${dry ? report.channels.reduce((n, c) => n + c.toCreate.length, 0) : report.created}, ` +
      `${dry ? 'would delete' : 'deleted'} ${dry ? report.channels.reduce((n, c) => n + c.toDelete.length, 0) : report.deleted}; ` +
      `${report.goneRows} row(s) ${dry ? 'to mark' : 'marked'} deleted (gone at Kick); ${report.ignored} subscription(s) of other channels left alone`,
  );
  return lines;
}

async function syncCommand(context: CliContext, options: { dryRun?: boolean; json?: boolean }): Promise<void> {
  const config = context.config();
  const { clientId, clientSecret, apiBaseUrl, authBaseUrl } = config.kick;
  if (clientId === null || clientSecret === null) {
    throw new AppError('CLI_KICK_NOT_CONFIGURED', "Kick credentials are not set: set KICK_CLIENT_ID and KICK_CLIENT_SECRET (the Kick app's client id and secret)");
  }
  const target = await dmTarget(config);
  const pool = await createDmPool(target.url, { maximumPoolSize: 2 });
  try {
    const kickApi = createKickApiClient({ apiBaseUrl, authBaseUrl, clientId, clientSecret });
    const report = await syncSubscriptions({ pool, kickApi }, { dryRun: options.dryRun === true });
    print(context.io, report, target.label, options.json === true);
    const incomplete = report.channels.filter((c) => c.errors.length > 0);
    if (incomplete.length > 0) {
      throw new AppError('CLI_KICK_SYNC_INCOMPLETE', `Kick refused part of the sync for ${incomplete.map((c) => c.slug).join(', ')}; see the errors above`);
    }
  } finally {
    await pool.end();
  }
}

function print(io: CliIo, report: SubscriptionSyncReport, where: string, json: boolean): void {
  if (json) io.out(JSON.stringify(report, null, 2));
  else for (const line of formatSyncReport(report, where)) io.out(line);
}

/** Registers `vf kick …`. */
export function registerKickCommands(program: Command, context: CliContext): void {
  const kick = program.command('kick').description("Kick API operations (the app's client credentials: KICK_CLIENT_ID, KICK_CLIENT_SECRET)");
  const subscriptions = kick.command('subscriptions').description("the app's Kick webhook subscriptions");
  subscriptions
    .command('sync')
    .description('subscribe every tracked channel to exactly the 10 Kick events: create the missing, delete duplicates and those of untracked channels')
    .option('--dry-run', 'print the plan; change nothing at Kick or in the database')
    .option('--json', 'print the report as JSON')
    .action(async (options: { dryRun?: boolean; json?: boolean }) => syncCommand(context, options));
}
