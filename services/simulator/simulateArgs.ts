/**
 * The command line of `npm run simulate -- --rate <n> [--duration <s>] [--seed <n>] [--channels <n>]`.
 * Parsing is separate from running so a mistyped option is a usage error (exit 2) before anything starts.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { DEFAULT_SIM_CHANNEL_COUNT } from './simulatedChannels.ts';

/** What the command line asks for. */
export interface SimulateArgs {
  readonly rate: number;
  /** Null: until Ctrl-C. */
  readonly durationMs: number | null;
  /** Null: a random seed. */
  readonly seed: number | null;
  readonly channels: number;
}

/** The parse result: run, help was printed, or a usage error was printed. */
export type SimulateArgsResult = { readonly kind: 'run'; readonly args: SimulateArgs } | { readonly kind: 'exit'; readonly code: 0 | 2 };

function positiveNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError('expected a positive number.');
  return value;
}

function integerIn(min: number, max: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}.`);
    return value;
  };
}

/** Parses `argv` (without node and script); help and errors go to `io`. */
export function parseSimulateArgs(argv: readonly string[], io: { out(text: string): void; err(text: string): void }): SimulateArgsResult {
  const program = new Command('simulate')
    .description('Play Kick and Sumsub against the running local stack (npm start): signed webhooks of every type at a steady rate.')
    .option('--rate <events/s>', 'webhooks per second', positiveNumber, 20)
    .option('--duration <seconds>', 'stop after this many seconds (default: until Ctrl-C)', positiveNumber)
    .option('--seed <n>', 'traffic seed, to replay a run (default: random, printed at the start)', integerIn(0, 2 ** 31 - 1))
    .option('--channels <n>', 'simulated channels; the stack serves the same list when it runs the Kick API simulator', integerIn(1, 500), DEFAULT_SIM_CHANNEL_COUNT)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (e: unknown) {
    if (e instanceof CommanderError) return { kind: 'exit', code: e.exitCode === 0 ? 0 : 2 };
    throw e;
  }
  const options = program.opts<{ rate: number; duration?: number; seed?: number; channels: number }>();
  return {
    kind: 'run',
    args: { rate: options.rate, durationMs: options.duration === undefined ? null : Math.round(options.duration * 1000), seed: options.seed ?? null, channels: options.channels },
  };
}
