/**
 * Runs `vf …` with only the given command groups registered, the way runCli does (commander's
 * exits become 0 or 2, other errors 1 with `vf: CODE: message`), and captures the output.
 */
import { Command, CommanderError } from 'commander';
import { AppError, coerceError } from '../../shared/errors.ts';
import { createCliContext, type CliContext } from '../cliContext.ts';

/** What one invocation printed and returned. */
export interface VfResult {
  code: number;
  out: string;
  err: string;
}

/** A command group's register function. */
export type Register = (program: Command, context: CliContext) => void;

/** Runs `argv` against a program with `registers`, reading `env`. */
export async function runCommands(registers: readonly Register[], argv: readonly string[], env: Record<string, string>): Promise<VfResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  const program = new Command('vf').exitOverride().configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const context = createCliContext(env, io);
  for (const register of registers) register(program, context);
  let code = 0;
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e: unknown) {
    if (e instanceof CommanderError) {
      code = e.exitCode === 0 || e.exitCode === 3 ? e.exitCode : 2;
    } else {
      const error = coerceError(e);
      io.err(error instanceof AppError ? `vf: ${error.code}: ${error.message}` : `vf: ${error.message}`);
      code = 1;
    }
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}
