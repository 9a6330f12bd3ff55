/**
 * Chooses the commit the contracts are compared against (DESIGN §4): `--base <ref>` when given,
 * else the merge base with `origin/main` (what a pull request will be merged into), else `HEAD~1`.
 * An outcome, not an exception: no base (a first commit, no commits, not a repository) is normal.
 */
import { git } from './git.ts';

/** The chosen base commit, or why there is none, or an unknown `--base`. */
export type BaseChoice =
  | { readonly kind: 'base'; readonly commit: string; readonly how: string }
  | { readonly kind: 'none'; readonly why: string }
  | { readonly kind: 'unknown-ref'; readonly ref: string; readonly why: string };

function commitOf(cwd: string, ref: string): string | undefined {
  const result = git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  return result.ok ? result.stdout.trim() : undefined;
}

/** Resolves the base in the repository containing `cwd`; `explicit` is the `--base` value. */
export function findBase(cwd: string, explicit: string | undefined): BaseChoice {
  const inRepo = git(cwd, ['rev-parse', '--is-inside-work-tree']);
  if (!inRepo.ok) {
    const why = `${cwd} is not inside a git repository`;
    return explicit === undefined ? { kind: 'none', why } : { kind: 'unknown-ref', ref: explicit, why };
  }
  if (explicit !== undefined) {
    const commit = commitOf(cwd, explicit);
    return commit ? { kind: 'base', commit, how: `--base ${explicit}` } : { kind: 'unknown-ref', ref: explicit, why: 'git cannot resolve it to a commit' };
  }
  const mergeBase = git(cwd, ['merge-base', 'HEAD', 'origin/main']);
  if (mergeBase.ok) return { kind: 'base', commit: mergeBase.stdout.trim(), how: 'the merge base of HEAD and origin/main' };
  const parent = commitOf(cwd, 'HEAD~1');
  if (parent) return { kind: 'base', commit: parent, how: 'HEAD~1 (no merge base with origin/main)' };
  const head = commitOf(cwd, 'HEAD');
  return { kind: 'none', why: head ? 'no origin/main and HEAD has no parent commit' : 'the repository has no commits yet' };
}
