import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { at, loadFixture, type Doc } from './loadFixture.ts';

// The CLI runs as a child process with the project's pinned Node, in throwaway git repositories.
const PROJECT = resolve(import.meta.dirname, '../..');
const NODE = join(PROJECT, 'node_modules/.bin/node');
const MAIN = join(PROJECT, 'codegen/contractsCheck/main.ts');
const TMP = mkdtempSync(join(tmpdir(), 'contracts-check-'));
// Isolated from the machine's git configuration, with a fixed identity for commits.
const ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

afterAll(() => rmSync(TMP, { recursive: true, force: true }));

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd, env: ENV, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

function check(cwd: string, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(NODE, [MAIN, ...args], { cwd, env: ENV, encoding: 'utf8' });
}

function writeContract(dir: string, doc: Doc): void {
  mkdirSync(join(dir, 'contracts'), { recursive: true });
  writeFileSync(join(dir, 'contracts/asyncapi.yaml'), stringify(doc));
}

/** A repository on `main` whose first commit holds the base fixture contract. */
function repoWithBase(name: string): string {
  const dir = join(TMP, name);
  mkdirSync(dir);
  git(dir, 'init', '--quiet', '--initial-branch=main');
  writeContract(dir, loadFixture('asyncapi.base.yaml'));
  git(dir, 'add', '.');
  git(dir, 'commit', '--quiet', '-m', 'base contract');
  return dir;
}

function commitFile(dir: string, file: string, text: string, message: string): void {
  writeFileSync(join(dir, file), text);
  git(dir, 'add', '.');
  git(dir, 'commit', '--quiet', '-m', message);
}

function breakingEdit(): Doc {
  const doc = loadFixture('asyncapi.base.yaml');
  delete at(doc, 'components', 'messages', 'chatMessageV1', 'payload', 'properties')['content'];
  return doc;
}

const REMOVED = 'contracts/asyncapi.yaml#/components/messages/chatMessageV1/payload/properties/content  [field-removed]';

describe('contracts:check', () => {
  it('says there is no base and passes in a repository with one commit and no origin', () => {
    const result = check(repoWithBase('single'));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('no base to compare against (no origin/main and HEAD has no parent commit)');
  });

  it('says there is no base and passes in a repository with no commits', () => {
    const dir = join(TMP, 'empty');
    mkdirSync(dir);
    git(dir, 'init', '--quiet', '--initial-branch=main');
    const result = check(dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('no base to compare against (the repository has no commits yet)');
  });

  it('fails clearly on an unknown --base', () => {
    const result = check(repoWithBase('unknown-ref'), '--base', 'no-such-ref');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown base ref "no-such-ref"');
  });

  it('names a breaking working-tree edit against HEAD~1 and fails', () => {
    const dir = repoWithBase('breaking');
    commitFile(dir, 'README.md', 'docs\n', 'docs');
    writeContract(dir, breakingEdit());
    const result = check(dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('HEAD~1 (no merge base with origin/main)');
    expect(result.stderr).toContain(REMOVED);
  });

  it('passes a new optional field, a new message and a new versioned type against --base', () => {
    const dir = repoWithBase('allowed');
    const doc = loadFixture('asyncapi.base.yaml');
    const messages = at(doc, 'components', 'messages');
    at(messages, 'chatMessageV1', 'payload', 'properties')['edited_at'] = { type: 'string' };
    messages['followV1'] = { 'x-event-type': 'acme.follow.v1', payload: { type: 'object' } };
    messages['chatMessageV2'] = { 'x-event-type': 'acme.chat.message.sent.v2', payload: { type: 'object', required: ['id'] } };
    writeContract(dir, doc);
    const result = check(dir, '--base', 'HEAD');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/no breaking changes against [0-9a-f]{12} \(compared contracts\/asyncapi\.yaml\)/);
  });

  it('compares with the merge base of origin/main in a single-branch clone', () => {
    const origin = repoWithBase('origin');
    const clone = join(TMP, 'clone');
    git(TMP, 'clone', '--quiet', '--single-branch', '--branch', 'main', origin, clone);
    git(clone, 'checkout', '--quiet', '-b', 'feature');
    writeContract(clone, breakingEdit());
    git(clone, 'commit', '--quiet', '-am', 'breaking edit');
    // A later commit: HEAD~1 already holds the breaking edit, so only the merge base reveals it.
    commitFile(clone, 'README.md', 'docs\n', 'docs');
    const result = check(clone);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('the merge base of HEAD and origin/main');
    expect(result.stderr).toContain(REMOVED);
  });
});
