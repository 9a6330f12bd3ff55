/**
 * Runs one `vf` invocation and returns its exit code: 0 fine, 1 failure, 2 usage.
 * Command groups live in `commands/`, one file each, registered here.
 */
import { Command, CommanderError } from 'commander';
import type { Env } from '../shared/config/envReader.ts';
import { AppError, coerceError } from '../shared/errors.ts';
import { createCliContext, type CliIo } from './cliContext.ts';
import { registerChannelsCommands } from './commands/channels.ts';
import { registerKickCommands } from './commands/kick.ts';
import { registerMigrateCommands } from './commands/migrate.ts';
import { registerQuarantineCommands } from './commands/quarantine.ts';
import { registerDeliveriesCommands } from './commands/deliveries.ts';
import { registerProjectorCommands } from './commands/projector.ts';
import { registerReplayCommand } from './commands/replay.ts';
import { registerStatusCommands } from './commands/status.ts';
import { exitCodes } from './exitCodes.ts';

const consoleIo: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** Builds the program; exposed for tests that inspect the command tree. */
export function buildProgram(env: Env, io: CliIo): Command {
  const context = createCliContext(env, io);
  const program = new Command('vf')
    .description('Verifluence data plane operator CLI')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  registerMigrateCommands(program, context);
  registerChannelsCommands(program, context);
  registerKickCommands(program, context);
  registerQuarantineCommands(program, context);
  registerReplayCommand(program, context);
  registerDeliveriesCommands(program, context);
  registerProjectorCommands(program, context);
  registerStatusCommands(program, context);
  return program;
}

/** Parses `argv` (without node and script) and runs the command. */
export async function runCli(argv: readonly string[], env: Env, io: CliIo = consoleIo): Promise<number> {
  const program = buildProgram(env, io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCodes.ok;
  } catch (e: unknown) {
    if (e instanceof CommanderError) {
      // Help and version "errors" are successful exits; anything else commander raises is usage.
      // `vf status` reports "behind" as a commander exit with code 3; any other commander exit is usage.
      return e.exitCode === exitCodes.ok || e.exitCode === exitCodes.behind ? e.exitCode : exitCodes.usage;
    }
    const error = coerceError(e);
    io.err(error instanceof AppError ? `vf: ${error.code}: ${error.message}` : `vf: ${error.message}`);
    return exitCodes.failure;
  }
}
