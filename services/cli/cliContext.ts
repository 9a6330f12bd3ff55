/**
 * What every command receives: the environment (parsed into config only when a command needs
 * it, so `--help` and usage errors work whatever is set) and where to write.
 */
import { loadConfig, type Config } from '../shared/config/loadConfig.ts';
import type { Env } from '../shared/config/envReader.ts';

/** Output streams, replaceable in tests. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Shared by all command groups. */
export interface CliContext {
  io: CliIo;
  /** The local role's configuration (throws CONFIG_INVALID listing every problem). */
  config(): Config<'local'>;
}

/** Builds the context for one invocation. */
export function createCliContext(env: Env, io: CliIo): CliContext {
  let cached: Config<'local'> | undefined;
  return {
    io,
    config: () => (cached ??= loadConfig('local', env)),
  };
}
