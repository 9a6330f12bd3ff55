/**
 * The impure middle of `contracts:check`: finds the contract files in the working tree and at the
 * base commit, reads both versions (`git show <commit>:<path>`) and hands them to the pure diffs.
 * A file absent at the base is new: nothing to compare. A file deleted from the working tree
 * is compared against nothing, so every message or operation in it is reported removed.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ContractError } from '../load/contractError.ts';
import type { BreakingChange } from './breakingChange.ts';
import { diffAsyncApi } from './diffAsyncApi.ts';
import { diffOpenApi } from './diffOpenApi.ts';
import { git } from './git.ts';

const ASYNCAPI = 'contracts/asyncapi.yaml';
const OPENAPI_DIR = 'contracts/openapi';
const OPENAPI_FILE = /^contracts\/openapi\/[^/]+\.yaml$/;
const isContract = (path: string): boolean => path === ASYNCAPI || OPENAPI_FILE.test(path);

/** What the check compared, and every breaking change it found. */
export interface CheckResult {
  readonly compared: readonly string[];
  readonly added: readonly string[];
  readonly deleted: readonly string[];
  readonly changes: readonly BreakingChange[];
}

function parseContract(text: string, label: string): unknown {
  try {
    return parse(text, { uniqueKeys: true });
  } catch (cause) {
    throw new ContractError(`${label}: not valid YAML: ${(cause as Error).message}`, { cause });
  }
}

async function workingTreeContracts(root: string): Promise<string[]> {
  const dir = join(root, OPENAPI_DIR);
  const openapi = existsSync(dir) ? (await readdir(dir)).map((name) => `${OPENAPI_DIR}/${name}`) : [];
  return [ASYNCAPI, ...openapi].filter((path) => isContract(path) && existsSync(join(root, path)));
}

function baseContracts(root: string, commit: string): string[] {
  // Paths are relative to `root` (ls-tree's default), like the working-tree list.
  const listed = git(root, ['ls-tree', '-r', '-z', '--name-only', commit, '--', 'contracts']);
  if (!listed.ok) throw new Error(`git ls-tree ${commit} failed: ${listed.stderr.trim()}`);
  return listed.stdout.split('\0').filter(isContract);
}

function readAtBase(root: string, commit: string, path: string): unknown {
  const shown = git(root, ['show', `${commit}:./${path}`]);
  if (!shown.ok) throw new Error(`git show ${commit}:${path} failed: ${shown.stderr.trim()}`);
  return parseContract(shown.stdout, `${path} at ${commit}`);
}

/** Compares the contracts under `root` (the project directory) with those at `commit`. */
export async function checkContracts(root: string, commit: string): Promise<CheckResult> {
  const current = await workingTreeContracts(root);
  const base = baseContracts(root, commit);
  const changes: BreakingChange[] = [];
  for (const path of [...new Set([...base, ...current])].sort()) {
    if (!base.includes(path)) continue;
    const before = readAtBase(root, commit, path);
    const after = current.includes(path) ? parseContract(await readFile(join(root, path), 'utf8'), path) : undefined;
    changes.push(...(path === ASYNCAPI ? diffAsyncApi(before, after, path) : diffOpenApi(before, after, path)));
  }
  return {
    compared: current.filter((path) => base.includes(path)),
    added: current.filter((path) => !base.includes(path)),
    deleted: base.filter((path) => !current.includes(path)),
    changes,
  };
}
