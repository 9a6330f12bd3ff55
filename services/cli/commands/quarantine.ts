/**
 * `vf quarantine list|replay` (DESIGN §5, §10): correctly signed deliveries that were not accepted,
 * and their release through today's contracts. Both talk to vf-pg-dm directly (DM_DATABASE_URL,
 * else the running stack), with the same functions the admin API uses.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { QuarantinePage, QuarantineReplayResult } from '../../../generated/openapi/ingest.schemas.ts';
import { createDmPool, type DmPool } from '../../shared/pg/pools.ts';
import { QUARANTINE_REASONS, type QuarantineReasonCode } from '../../ingest/quarantine/domain/quarantineEntry.ts';
import { listQuarantine } from '../../ingest/quarantine/listQuarantine.ts';
import { replayQuarantine } from '../../ingest/quarantine/replayQuarantine.ts';
import type { CliContext, CliIo } from '../cliContext.ts';
import { dmTarget } from '../databaseTargets.ts';

interface ListOptions {
  reason?: QuarantineReasonCode;
  provider?: 'kick' | 'sumsub';
  released?: boolean;
  limit?: number;
  cursor?: string;
  json?: boolean;
}

interface ReplayOptions {
  id?: string[];
  reason?: QuarantineReasonCode;
  provider?: 'kick' | 'sumsub';
  json?: boolean;
}

function pageSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 500) throw new InvalidArgumentError('an integer from 1 to 500');
  return n;
}

/** Left-aligned columns separated by two spaces. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

function printPage(io: CliIo, page: QuarantinePage, released: boolean): void {
  if (page.items.length === 0) {
    io.out(released ? 'no released entries' : 'no quarantined entries');
    return;
  }
  const rows = page.items.map((e) => [
    e.id,
    e.receivedAt,
    e.provider,
    e.eventType ?? '-',
    e.reason,
    e.providerMessageId ?? '-',
    released ? (e.envelopeId ?? '-') : e.errors.map((x) => `${x.path === '' ? '/' : x.path} ${x.message}`).join('; ') || '-',
  ]);
  const last = released ? 'ENVELOPE' : 'ERRORS';
  for (const line of table(['RAW ID', 'RECEIVED', 'PROVIDER', 'TYPE', 'REASON', 'MESSAGE ID', last], rows)) io.out(line);
  if (page.nextCursor !== null) io.out(`more: vf quarantine list --cursor ${page.nextCursor}`);
}

function printReplay(io: CliIo, result: QuarantineReplayResult): void {
  io.out(`released ${String(result.released)}, still quarantined ${String(result.stillQuarantined)}, considered ${String(result.results.length)}`);
  const rows = result.results.map((r) => [r.id, r.outcome, r.envelopeId ?? r.reason ?? '']);
  if (rows.length > 0) for (const line of table(['RAW ID', 'OUTCOME', 'ENVELOPE / REASON'], rows)) io.out(line);
}

async function withDmPool<T>(context: CliContext, run: (pool: DmPool) => Promise<T>): Promise<T> {
  const pool = await createDmPool((await dmTarget(context.config())).url, { maximumPoolSize: 2 });
  try {
    return await run(pool);
  } finally {
    await pool.end();
  }
}

/** Registers `vf quarantine …`. */
export function registerQuarantineCommands(program: Command, context: CliContext): void {
  const quarantine = program.command('quarantine').description('correctly signed deliveries that were not accepted (DESIGN §5)');
  const reason = (): Option => new Option('--reason <code>', 'only entries quarantined for this reason').choices(QUARANTINE_REASONS);
  const provider = (): Option => new Option('--provider <name>', 'only entries from this provider').choices(['kick', 'sumsub']);
  quarantine
    .command('list')
    .description('list quarantined entries, newest first')
    .addOption(reason())
    .addOption(provider())
    .option('--released', 'list released entries instead')
    .option('--limit <n>', 'page size (1-500, default 50)', pageSize)
    .option('--cursor <cursor>', 'the next page, as printed after the previous one')
    .option('--json', 'print the page as JSON')
    .action(async (options: ListOptions) => {
      const page = await withDmPool(context, (pool) =>
        listQuarantine(pool, {
          status: options.released === true ? 'released' : 'quarantined',
          ...(options.reason === undefined ? {} : { reason: options.reason }),
          ...(options.provider === undefined ? {} : { provider: options.provider }),
          ...(options.limit === undefined ? {} : { limit: options.limit }),
          ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
        }),
      );
      if (options.json === true) context.io.out(JSON.stringify(page, null, 2));
      else printPage(context.io, page, options.released === true);
    });
  quarantine
    .command('replay')
    .description("re-validate quarantined entries through today's contracts and release what now passes (once)")
    .option('--id <raw id...>', 'only these entries (raw event ids, as listed)')
    .addOption(reason())
    .addOption(provider())
    .option('--json', 'print the result as JSON')
    .action(async (options: ReplayOptions) => {
      const targets = context.config().fanout.targets.map((t) => t.name);
      const result = await withDmPool(context, (pool) =>
        replayQuarantine(
          { pool, targets },
          {
            ...(options.id === undefined ? {} : { ids: options.id }),
            ...(options.reason === undefined ? {} : { reason: options.reason }),
            ...(options.provider === undefined ? {} : { provider: options.provider }),
          },
        ),
      );
      if (options.json === true) context.io.out(JSON.stringify(result, null, 2));
      else printReplay(context.io, result);
    });
}
