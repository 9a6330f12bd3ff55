/**
 * `npm start [-- --simulate [--rate <events/s>]]`: the few options of the local stack; every
 * other setting is an environment variable.
 */
import { parseArgs } from 'node:util';

/** What `npm start` was asked for. */
export type StartArgs = { kind: 'start'; simulate: boolean; rate: number | null } | { kind: 'help' } | { kind: 'usage'; message: string };

/** The usage line printed with `--help` and after a usage error. */
export const startUsage = 'usage: npm start [-- --simulate [--rate <events/s>]]';

/** Parses the arguments after the script name. */
export function parseStartArgs(argv: readonly string[]): StartArgs {
  let values: { simulate?: boolean; rate?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { simulate: { type: 'boolean' }, rate: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e: unknown) {
    return { kind: 'usage', message: e instanceof Error ? e.message : String(e) };
  }
  if (values.help === true) return { kind: 'help' };
  const simulate = values.simulate === true;
  if (values.rate === undefined) return { kind: 'start', simulate, rate: null };
  if (!simulate) return { kind: 'usage', message: '--rate sets the simulator\'s rate: use it with --simulate' };
  const rate = Number(values.rate);
  if (!/^\d+(\.\d+)?$/.test(values.rate) || !(rate > 0)) return { kind: 'usage', message: `--rate must be a positive number of events per second, got "${values.rate}"` };
  return { kind: 'start', simulate, rate };
}
