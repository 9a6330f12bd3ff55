/**
 * Entry point of `npm run simulate -- --rate <n> [--duration <s>] [--seed <n>] [--channels <n>]`:
 * plays Kick and Sumsub against the running local stack until the duration ends or Ctrl-C, then
 * prints a summary. Exit codes: 0 done, 1 failure (e.g. the stack is not running), 2 usage.
 */
import { loadConfig } from '../shared/config/loadConfig.ts';
import { processEnv } from '../shared/config/processEnv.ts';
import { AppError, coerceError } from '../shared/errors.ts';
import { createLogger } from '../shared/logging/createLogger.ts';
import { formatSummary } from './formatSummary.ts';
import { resolveLocalTarget } from './localTarget.ts';
import { parseSimulateArgs } from './simulateArgs.ts';
import { startSimulator } from './startSimulator.ts';

const parsed = parseSimulateArgs(process.argv.slice(2), { out: (s) => console.log(s), err: (s) => console.error(s) });
if (parsed.kind === 'exit') process.exit(parsed.code);
const { args } = parsed;

try {
  const config = loadConfig('local', processEnv());
  const target = await resolveLocalTarget(config);
  const logger = createLogger({ name: 'simulator', level: config.logLevel });
  const startedAt = Date.now();
  const simulator = startSimulator({
    ...target,
    rate: args.rate,
    logger,
    channels: args.channels,
    ...(args.seed === null ? {} : { seed: args.seed }),
    ...(args.durationMs === null ? {} : { durationMs: args.durationMs }),
  });
  let stopping = false;
  const onSignal = (signal: string): void => {
    // A second Ctrl-C does not wait for the requests in flight.
    if (stopping) process.exit(130);
    stopping = true;
    logger.info({ signal }, 'stopping: waiting for the answers in flight (Ctrl-C again to quit at once)');
    void simulator.stop();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  await simulator.finished;
  for (const line of formatSummary(simulator.stats(), { seed: simulator.seed, elapsedMs: Date.now() - startedAt })) console.log(line);
  process.exit(0);
} catch (e: unknown) {
  const error = coerceError(e);
  console.error(error instanceof AppError ? `simulate: ${error.code}: ${error.message}` : `simulate: ${error.message}`);
  process.exit(1);
}
