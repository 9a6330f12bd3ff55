/**
 * `vf channels add|list|remove`: which Kick channels the data plane tracks (probes every minute
 * and subscribes to the 10 webhook events). `add` and `remove` call Kick's API and need
 * KICK_CLIENT_ID/KICK_CLIENT_SECRET; `list` reads vf-pg-dm only.
 */
import type { Command } from 'commander';
import type { Config } from '../../shared/config/loadConfig.ts';
import { AppError, coerceError } from '../../shared/errors.ts';
import { createDmPool, type DmPool } from '../../shared/pg/pools.ts';
import { addChannel } from '../../ingest/channels/addChannel.ts';
import { listChannels, type ChannelSummary } from '../../ingest/channels/listChannels.ts';
import { removeChannel } from '../../ingest/channels/removeChannel.ts';
import { createKickApiClient } from '../../ingest/kickApi/createKickApiClient.ts';
import type { KickApiClient } from '../../ingest/kickApi/kickApi.ts';
import { syncSubscriptions } from '../../ingest/subscriptions/syncSubscriptions.ts';
import type { CliContext, CliIo } from '../cliContext.ts';
import { dmTarget } from '../databaseTargets.ts';

/** The Kick client of the configured app; a clear error naming the variables when they are unset. */
function kickClient(config: Config<'local'>, command: string): KickApiClient {
  const { clientId, clientSecret, apiBaseUrl, authBaseUrl } = config.kick;
  if (clientId === null || clientSecret === null) {
    throw new AppError('CLI_KICK_NOT_CONFIGURED', `vf channels ${command} calls Kick's API: set KICK_CLIENT_ID and KICK_CLIENT_SECRET (the app's client credentials)`, {
      details: { variables: ['KICK_CLIENT_ID', 'KICK_CLIENT_SECRET'] },
    });
  }
  return createKickApiClient({ apiBaseUrl, authBaseUrl, clientId, clientSecret });
}

async function withDmPool<T>(config: Config<'local'>, run: (pool: DmPool) => Promise<T>): Promise<T> {
  const pool = await createDmPool((await dmTarget(config)).url, { maximumPoolSize: 2 });
  try {
    return await run(pool);
  } finally {
    await pool.end();
  }
}

function label(slug: string, broadcasterUserId: number): string {
  return `${slug} (broadcaster user id ${String(broadcasterUserId)})`;
}

/** Left-aligned columns, two spaces apart. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '));
}

function printChannels(io: CliIo, channels: readonly ChannelSummary[], all: boolean): void {
  if (channels.length === 0) {
    io.out(all ? 'no channels known' : 'no tracked channels (add one with: vf channels add <slug | broadcaster user id>)');
    return;
  }
  const rows = channels.map((c) => [
    c.slug,
    String(c.broadcasterUserId),
    c.tracking ? 'yes' : 'no',
    c.probeIntervalSeconds === null ? '-' : c.probeEnabled ? `every ${String(c.probeIntervalSeconds)}s` : 'disabled',
    c.lastProbedAt?.toISOString() ?? 'never',
    String(c.liveSubscriptions),
  ]);
  for (const line of table([['SLUG', 'BROADCASTER ID', 'TRACKING', 'PROBE', 'LAST PROBED', 'SUBSCRIPTIONS'], ...rows])) io.out(line);
}

async function add(context: CliContext, ref: string): Promise<void> {
  const config = context.config();
  const kick = kickClient(config, 'add');
  await withDmPool(config, async (pool) => {
    const added = await addChannel({ pool, kick }, ref);
    const name = label(added.slug, added.broadcasterUserId);
    context.io.out(added.alreadyTracked ? `${name} was already tracked` : `added ${name}: tracking on, probed every minute from the next tick`);
    // The sync works on every tracked channel at once (it is the hourly job's sync): this
    // subscribes the new channel and also repairs whatever else drifted.
    const report = await syncSubscriptions({ pool, kickApi: kick }).catch((e: unknown) => {
      throw new AppError('CLI_SUBSCRIPTION_SYNC_FAILED', `${name} is tracked, but subscribing it at Kick failed (${coerceError(e).message}); run vf kick subscriptions sync`, { cause: e });
    });
    const mine = report.channels.find((c) => c.broadcasterUserId === added.broadcasterUserId);
    context.io.out(`subscriptions: created ${String(mine?.created ?? 0)}, deleted ${String(mine?.deleted ?? 0)} duplicate(s) for ${added.slug}`);
    for (const error of mine?.errors ?? []) context.io.err(`subscription not created: ${error}`);
    const otherCreated = report.created - (mine?.created ?? 0);
    const otherDeleted = report.deleted - (mine?.deleted ?? 0);
    if (otherCreated + otherDeleted > 0) context.io.out(`the sync also created ${String(otherCreated)} and deleted ${String(otherDeleted)} subscription(s) of other channels`);
    if ((mine?.errors.length ?? 0) > 0) throw new AppError('CLI_SUBSCRIPTION_SYNC_FAILED', `Kick refused some subscriptions of ${added.slug}; run vf kick subscriptions sync to retry`);
  });
}

async function remove(context: CliContext, ref: string): Promise<void> {
  const config = context.config();
  const kick = kickClient(config, 'remove');
  await withDmPool(config, async (pool) => {
    const { channel, unsubscribed } = await removeChannel({ pool, kick }, ref);
    const name = label(channel.slug, channel.broadcasterUserId);
    context.io.out(channel.wasTracking ? `removed ${name}: tracking off, probe schedule disabled (history kept)` : `${name} was not tracked`);
    context.io.out(`deleted ${String(unsubscribed.deletedKickSubscriptionIds.length)} Kick subscription(s)`);
  });
}

/** Registers `vf channels …`. */
export function registerChannelsCommands(program: Command, context: CliContext): void {
  const channels = program.command('channels').description('the Kick channels the data plane tracks (viewer probes and webhook subscriptions)');
  channels
    .command('add')
    .description('track a channel: resolve it at Kick, schedule its viewer probe, subscribe its 10 webhook events (needs KICK_CLIENT_ID/KICK_CLIENT_SECRET)')
    .argument('<channel>', 'slug or Kick broadcaster user id')
    .action(async (ref: string) => add(context, ref));
  channels
    .command('list')
    .description('list tracked channels with their probe schedule and live subscription count')
    .option('--all', 'include channels that are not tracked (seen in webhooks, or removed)')
    .option('--json', 'print JSON')
    .action(async (options: { all?: boolean; json?: boolean }) => {
      const all = options.all === true;
      const rows = await withDmPool(context.config(), (pool) => listChannels(pool, { all }));
      if (options.json === true) context.io.out(JSON.stringify(rows, null, 2));
      else printChannels(context.io, rows, all);
    });
  channels
    .command('remove')
    .description('stop tracking a channel: probes stop, its Kick subscriptions are deleted, its rows are kept (needs KICK_CLIENT_ID/KICK_CLIENT_SECRET)')
    .argument('<channel>', 'slug or Kick broadcaster user id')
    .action(async (ref: string) => remove(context, ref));
}
