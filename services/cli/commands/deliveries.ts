/**
 * `vf deliveries list|retry --status dead|parked` (DESIGN §6, §10): deliveries an environment
 * rejected or that ran out of attempts (`dead`), or whose type it does not know yet (`parked`),
 * and putting them back to pending with a fresh attempt budget. Both talk to vf-pg-dm directly
 * (DM_DATABASE_URL, else the running stack), with the functions the admin API uses.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { DeliveryPage, RetryableDeliveryStatus } from '../../../generated/openapi/ingest.schemas.ts';
import { isDeliveryId } from '../../ingest/deliveries/domain/deliveryCursor.ts';
import { listDeliveries } from '../../ingest/deliveries/listDeliveries.ts';
import { retryDeliveries } from '../../ingest/deliveries/retryDeliveries.ts';
import type { CliContext, CliIo } from '../cliContext.ts';
import { textTable } from '../textTable.ts';
import { withDmPool } from '../withDmPool.ts';
import { requireConfiguredTarget } from './replay.ts';

interface ListOptions {
  status: RetryableDeliveryStatus;
  target?: string;
  limit?: number;
  cursor?: string;
  json?: boolean;
}

interface RetryOptions {
  status: RetryableDeliveryStatus;
  target?: string;
  id?: string[];
  json?: boolean;
}

function pageSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 500) throw new InvalidArgumentError('an integer from 1 to 500');
  return n;
}

function deliveryId(value: string, previous: string[] | undefined): string[] {
  if (!isDeliveryId(value)) throw new InvalidArgumentError('a delivery id, as listed');
  return [...(previous ?? []), value];
}

function printPage(io: CliIo, page: DeliveryPage, options: ListOptions): void {
  if (page.items.length === 0) {
    io.out(`no ${options.status} deliveries`);
    return;
  }
  const rows = page.items.map((d) => [d.id, d.createdAt, d.target, d.eventType, d.subject, String(d.attempts), d.envelopeId, d.lastError ?? '-']);
  for (const line of textTable(['ID', 'CREATED', 'TARGET', 'TYPE', 'SUBJECT', 'ATTEMPTS', 'ENVELOPE', 'LAST ERROR'], rows)) io.out(line);
  if (page.nextCursor !== null) {
    const target = options.target === undefined ? '' : ` --target ${options.target}`;
    io.out(`more: vf deliveries list --status ${options.status}${target} --cursor ${page.nextCursor}`);
  }
}

/** Registers `vf deliveries …`. */
export function registerDeliveriesCommands(program: Command, context: CliContext): void {
  const deliveries = program.command('deliveries').description('dead and parked deliveries to the environments (DESIGN §6)');
  const status = (): Option => new Option('--status <status>', 'dead: rejected or out of attempts; parked: type unknown to the environment').choices(['dead', 'parked']).makeOptionMandatory();
  const targetOf = (command: Command, target: string | undefined): { target?: string } => {
    if (target === undefined) return {};
    requireConfiguredTarget(command, context, target, '--target');
    return { target };
  };
  deliveries
    .command('list')
    .description('list dead or parked deliveries, oldest first')
    .addOption(status())
    .option('--target <name>', 'only deliveries to this target')
    .option('--limit <n>', 'page size (1-500, default 50)', pageSize)
    .option('--cursor <cursor>', 'the next page, as printed after the previous one')
    .option('--json', 'print the page as JSON')
    .action(async (options: ListOptions, command: Command) => {
      const targets = context.config().fanout.targets.map((t) => t.name);
      const query = {
        status: options.status,
        ...targetOf(command, options.target),
        ...(options.limit === undefined ? {} : { limit: options.limit }),
        ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
      };
      const page = await withDmPool(context, (pool) => listDeliveries({ pool, targets }, query));
      if (options.json === true) context.io.out(JSON.stringify(page, null, 2));
      else printPage(context.io, page, options);
    });
  deliveries
    .command('retry')
    .description('put dead or parked deliveries back to pending with a fresh attempt budget, and wake the sender')
    .addOption(status())
    .option('--target <name>', 'only deliveries to this target')
    .option('--id <id...>', 'only these deliveries (ids as listed)', deliveryId)
    .option('--json', 'print the result as JSON')
    .action(async (options: RetryOptions, command: Command) => {
      const targets = context.config().fanout.targets.map((t) => t.name);
      const request = { status: options.status, ...targetOf(command, options.target), ...(options.id === undefined ? {} : { ids: options.id }) };
      const result = await withDmPool(context, (pool) => retryDeliveries({ pool, targets }, request));
      if (options.json === true) context.io.out(JSON.stringify(result, null, 2));
      else context.io.out(`retried ${String(result.retried)} ${options.status} deliveries (back to pending)`);
    });
}
