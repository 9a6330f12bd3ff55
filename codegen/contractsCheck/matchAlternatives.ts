/**
 * Pairs the alternatives of a base `anyOf`/`oneOf` with those of the new version, so each can be
 * compared with its counterpart. An alternative with no counterpart was removed: a narrowing.
 * Alternatives have no names, so they are matched on the most specific signal both share:
 * the same `$ref`, then the same `title`, then the same `const`, then the same type set.
 */
import { asRecord } from './breakingChange.ts';
import { resolveSchema } from './resolveSchema.ts';
import { typesOf } from './nodeRules.ts';

/** One alternative: the raw schema as written, the document it belongs to, and its location. */
export interface Alternative {
  readonly raw: unknown;
  readonly root: unknown;
  readonly where: string;
}

type Signal = (alternative: Alternative) => string | undefined;

const signals: readonly Signal[] = [
  ({ raw }) => {
    const ref = asRecord(raw)?.['$ref'];
    return typeof ref === 'string' ? ref : undefined;
  },
  ({ raw, root, where }) => {
    const schema = resolveSchema(root, raw, where).schema;
    return typeof schema === 'object' && typeof schema['title'] === 'string' ? schema['title'] : undefined;
  },
  ({ raw, root, where }) => {
    const schema = resolveSchema(root, raw, where).schema;
    return typeof schema === 'object' && 'const' in schema ? JSON.stringify(schema['const']) : undefined;
  },
  ({ raw, root, where }) => {
    const schema = resolveSchema(root, raw, where).schema;
    const types = typeof schema === 'object' ? typesOf(schema) : undefined;
    return types ? [...types].sort().join(',') : undefined;
  },
];

/** For each base alternative, the index of its counterpart among `after`, or undefined when removed. */
export function matchAlternatives(before: readonly Alternative[], after: readonly Alternative[]): (number | undefined)[] {
  const matches: (number | undefined)[] = before.map(() => undefined);
  const taken = new Set<number>();
  for (const signal of signals) {
    for (const [i, alternative] of before.entries()) {
      if (matches[i] !== undefined) continue;
      const key = signal(alternative);
      if (key === undefined) continue;
      const j = after.findIndex((candidate, index) => !taken.has(index) && signal(candidate) === key);
      if (j >= 0) {
        matches[i] = j;
        taken.add(j);
      }
    }
  }
  return matches;
}
