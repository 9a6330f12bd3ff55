/**
 * Reads a time given on the command line (`--since`, `--until`): an RFC 3339 timestamp
 * (`2026-01-02T03:04:05Z`, offset required), a UTC date (`2026-01-02`, its midnight), or an age
 * relative to now (`90m`, `6h`, `7d`). Pure apart from the clock passed in.
 */
import { InvalidArgumentError } from 'commander';

const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const date = /^\d{4}-\d{2}-\d{2}$/;
const age = /^(\d+)(m|h|d)$/;
const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses `value`; throws commander's InvalidArgumentError (a usage error, exit 2) when it is none of the forms. */
export function parseTimeOption(value: string, now: () => Date = () => new Date()): Date {
  const relative = age.exec(value);
  if (relative !== null) {
    const unit = relative[2] as keyof typeof unitMs;
    return new Date(now().getTime() - Number(relative[1]) * unitMs[unit]);
  }
  const text = date.test(value) ? `${value}T00:00:00Z` : value;
  const ms = rfc3339.test(text) ? Date.parse(text.replace(' ', 'T')) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError('an RFC 3339 time with offset (2026-01-02T03:04:05Z), a UTC date (2026-01-02), or an age (90m, 6h, 7d)');
  return new Date(ms);
}
