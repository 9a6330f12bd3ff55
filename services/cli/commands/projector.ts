/**
 * `vf projector rebuild <name> --env <env>` (DESIGN §6, §10): truncates a projector's tables in
 * the environment's database, deletes the `processed_events` rows of its types, and replays those
 * types to the fan-out target named like the environment (`--env stage` → target `stage`), so the
 * environment projects them again from scratch.
 *
 * The replay reads the outbox by default, which keeps OUTBOX_RETENTION_DAYS of events: older
 * events come back only with `--from raw` (vf.raw_events re-validated, bodies kept for
 * RAW_BODY_TTL_DAYS). The destructive part asks for the projector's name on a terminal, and
 * needs `--yes` anywhere else (exit 2 without it).
 */
import { createInterface } from 'node:readline/promises';
import { Argument, Option, type Command } from 'commander';
import type { ReplaySummary } from '../../ingest/replay/replayRequest.ts';
import { createEnvPool } from '../../shared/pg/pools.ts';
import type { CliContext, CliIo } from '../cliContext.ts';
import { envTargets } from '../databaseTargets.ts';
import { PROJECTOR_NAMES, projectorCatalogue, type ProjectorName } from '../projectors/projectorCatalogue.ts';
import { resetProjector, type ProjectorReset } from '../projectors/resetProjector.ts';
import { printReplaySummary, runReplay, type ReplaySource } from '../runReplay.ts';
import { withDmPool } from '../withDmPool.ts';
import { requireConfiguredTarget } from './replay.ts';

interface RebuildOptions {
  env: string;
  yes?: boolean;
  from: ReplaySource;
  json?: boolean;
}

/** Asks on the terminal; true when the operator typed the projector's name. */
async function confirmOnTerminal(io: CliIo, prompt: string, name: string): Promise<boolean> {
  io.err(prompt);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(`type ${name} to go on: `)).trim() === name;
  } finally {
    rl.close();
  }
}

function printRebuild(io: CliIo, name: ProjectorName, label: string, reset: ProjectorReset, replay: ReplaySummary): void {
  const tables = Object.entries(reset.tables).map(([table, rows]) => `${table} (${String(rows)} rows)`);
  io.out(`${name} in ${label}: truncated ${tables.join(', ')}; deleted ${String(reset.processedEvents)} processed_events rows`);
  printReplaySummary(io, replay);
}

/** Registers `vf projector …`. */
export function registerProjectorCommands(program: Command, context: CliContext): void {
  const projector = program.command('projector').description("an environment's read-model projectors (DESIGN §7)");
  projector
    .command('rebuild')
    .description("truncate a projector's tables, forget its processed events and replay its event types to the environment")
    .addArgument(new Argument('<name>', 'the projector (named after its read-model table)').choices(PROJECTOR_NAMES))
    .requiredOption('--env <env>', 'the environment; its fan-out target has the same name')
    .addOption(new Option('--from <source>', 'replay from the outbox (OUTBOX_RETENTION_DAYS of events) or from vf.raw_events').choices(['outbox', 'raw']).default('outbox'))
    .option('--yes', 'do not ask before truncating')
    .option('--json', 'print the result as JSON')
    .action(async (name: ProjectorName, options: RebuildOptions, command: Command) => {
      const entry = projectorCatalogue[name];
      requireConfiguredTarget(command, context, options.env, '--env');
      const [database] = await envTargets(context.config(), options.env);
      if (database === undefined) throw new Error(`no database for environment ${options.env}`);
      if (options.yes !== true) {
        const prompt = `This truncates ${entry.tables.join(', ')} in ${database.label}, deletes the processed_events rows of ${String(entry.types.length)} event types, and replays them from the ${options.from} to ${options.env}.`;
        if (process.stdin.isTTY !== true) command.error(`error: ${prompt} Pass --yes to go on.`, { exitCode: 2, code: 'vf.confirmationRequired' });
        if (!(await confirmOnTerminal(context.io, prompt, name))) command.error('error: not confirmed; nothing changed', { exitCode: 2, code: 'vf.notConfirmed' });
      }
      const envPool = await createEnvPool(database.url, { maximumPoolSize: 1 });
      let reset: ProjectorReset;
      try {
        reset = await resetProjector(envPool, entry);
      } finally {
        await envPool.end();
      }
      const replay = await withDmPool(context, (pool) => runReplay(context, pool, options.from, { target: options.env, types: entry.types }, process.stderr));
      const retentionDays = context.config().outboxRetentionDays;
      if (options.json === true) {
        context.io.out(JSON.stringify({ projector: name, env: options.env, database: database.label, reset, replay }, null, 2));
      } else {
        printRebuild(context.io, name, database.label, reset, replay);
        if (options.from === 'outbox') {
          context.io.out(`note: the outbox keeps ${String(retentionDays)} days (OUTBOX_RETENTION_DAYS); events older than that are not in this replay: run again with --from raw to bring them back from vf.raw_events`);
        }
      }
    });
}
