/**
 * Reads the repository's Dockerfile and .dockerignore well enough to check them without a docker
 * engine: stages, their COPY and RUN instructions, and which paths the build context leaves out.
 */
import { readFileSync } from 'node:fs';
import { join, matchesGlob } from 'node:path';
import { repoRoot } from './renderOverlays.ts';

/** One instruction, continuation lines joined. */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** A build stage: its name (the last one has none) and instructions. */
export interface Stage {
  readonly name: string | null;
  readonly from: string;
  readonly instructions: readonly Instruction[];
}

/** A COPY: from the context or another stage, its sources and destination. */
export interface Copy {
  readonly from: string | null;
  readonly sources: readonly string[];
  readonly destination: string;
}

/** The stages of the Dockerfile, in order. */
export function dockerStages(text = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8')): Stage[] {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const stages: { name: string | null; from: string; instructions: Instruction[] }[] = [];
  for (const line of lines) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    if (instruction.keyword === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      stages.push({ from: match?.[1] ?? '', name: match?.[2] ?? null, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** The COPY instructions of a stage. */
export function copies(stage: Stage): Copy[] {
  return stage.instructions
    .filter((i) => i.keyword === 'COPY')
    .map((i) => {
      const words = i.args.split(/\s+/);
      const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length) ?? null;
      const paths = words.filter((w) => !w.startsWith('--'));
      return { from, sources: paths.slice(0, -1), destination: paths.at(-1) ?? '' };
    });
}

/** The patterns of .dockerignore. */
export function dockerignorePatterns(): string[] {
  return readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** Whether the build context leaves `path` (relative to the repository) out: it or a parent matches. */
export function ignoredByDocker(path: string, patterns: readonly string[] = dockerignorePatterns()): boolean {
  const parts = path.split('/');
  return parts.some((_, i) => {
    const prefix = parts.slice(0, i + 1).join('/');
    return patterns.some((pattern) => matchesGlob(prefix, pattern));
  });
}
