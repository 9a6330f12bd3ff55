/**
 * `npm run contracts:check [-- --base <ref>]`: the breaking-change gate (DESIGN §4, STYLE "CI
 * drift gates" 3). Compares the contracts in the working tree with those at the base commit and
 * exits 1 naming every breaking change, 0 when there is none or no base, 2 on a usage error.
 * Runs in the project directory (npm scripts start there).
 */
import { Command, CommanderError } from 'commander';
import { ContractError } from '../load/contractError.ts';
import { formatChange } from './breakingChange.ts';
import { checkContracts } from './checkContracts.ts';
import { findBase } from './findBase.ts';

const NAME = 'contracts:check';

async function run(argv: readonly string[]): Promise<number> {
  const program = new Command(NAME)
    .description('Fail when the contracts change incompatibly with a base commit.')
    .option('--base <ref>', 'git ref to compare against (default: merge base with origin/main, else HEAD~1)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program.parse([...argv], { from: 'user' });
  const { base: explicit } = program.opts<{ base?: string }>();
  const root = process.cwd();

  const base = findBase(root, explicit);
  if (base.kind === 'unknown-ref') {
    console.error(`${NAME}: unknown base ref "${base.ref}": ${base.why}.`);
    return 2;
  }
  if (base.kind === 'none') {
    console.log(`${NAME}: no base to compare against (${base.why}); nothing to check.`);
    return 0;
  }
  const short = base.commit.slice(0, 12);
  console.log(`${NAME}: comparing with ${short}, ${base.how}`);
  const result = await checkContracts(root, base.commit);
  for (const path of result.added) console.log(`${NAME}: ${path} is new since the base: nothing to compare`);
  if (result.changes.length > 0) {
    const lines = result.changes.map((change) => `  ${formatChange(change)}`);
    console.error(`${NAME}: ${result.changes.length} breaking change(s) against ${short}:\n${lines.join('\n')}`);
    console.error('Add a new versioned message or operation beside the old one instead of editing it incompatibly.');
    return 1;
  }
  const compared = result.compared.length === 0 ? 'no contract files existed at the base' : `compared ${result.compared.join(', ')}`;
  console.log(`${NAME}: no breaking changes against ${short} (${compared}).`);
  return 0;
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; any other parse problem (already printed by commander) is a usage error.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof ContractError) {
    console.error(`${NAME}: contract problem: ${error.message}`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
