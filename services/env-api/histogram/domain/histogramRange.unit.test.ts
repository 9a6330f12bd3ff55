import { describe, expect, it } from 'vitest';
import { bucketStartText, histogramRange, MAX_BUCKETS } from './histogramRange.ts';

function starts(from: string, to: string, width: 'hour' | 'day'): string[] {
  const range = histogramRange(from, to, width);
  if (range.kind !== 'range') throw new Error(range.message);
  return range.bucketStartsMs.map(bucketStartText);
}

describe('histogramRange', () => {
  it.each([
    { name: 'whole hours, to exclusive', from: '2025-01-14T16:00:00Z', to: '2025-01-14T18:00:00Z', width: 'hour', want: ['2025-01-14T16:00:00Z', '2025-01-14T17:00:00Z'] },
    { name: 'from rounded down to its hour', from: '2025-01-14T16:59:59.999Z', to: '2025-01-14T17:00:00Z', width: 'hour', want: ['2025-01-14T16:00:00Z'] },
    { name: 'a to inside an hour keeps that hour', from: '2025-01-14T16:00:00Z', to: '2025-01-14T17:00:00.001Z', width: 'hour', want: ['2025-01-14T16:00:00Z', '2025-01-14T17:00:00Z'] },
    { name: 'an offset is read as its UTC instant', from: '2025-01-14T18:30:00+02:00', to: '2025-01-14T17:00:00Z', width: 'hour', want: ['2025-01-14T16:00:00Z'] },
    { name: 'UTC days, from rounded down to midnight', from: '2025-01-14T16:00:00Z', to: '2025-01-16T00:00:00Z', width: 'day', want: ['2025-01-14T00:00:00Z', '2025-01-15T00:00:00Z'] },
    { name: 'before 1970', from: '1969-12-31T22:30:00Z', to: '1970-01-01T00:00:00Z', width: 'hour', want: ['1969-12-31T22:00:00Z', '1969-12-31T23:00:00Z'] },
  ] as const)('$name', ({ from, to, width, want }) => {
    expect(starts(from, to, width)).toEqual(want);
  });

  it('answers exactly 10,000 buckets and refuses one more', () => {
    const from = '2025-01-01T00:00:00Z';
    const endOk = new Date(Date.parse(from) + MAX_BUCKETS * 3_600_000).toISOString();
    const endOver = new Date(Date.parse(from) + MAX_BUCKETS * 3_600_000 + 1).toISOString();
    const ok = histogramRange(from, endOk, 'hour');
    expect(ok.kind === 'range' ? ok.bucketStartsMs.length : ok.message).toBe(MAX_BUCKETS);
    expect(histogramRange(from, endOver, 'hour')).toEqual({ kind: 'invalid', message: 'the range spans 10001 hour buckets; at most 10000 are answered' });
  });

  it('takes decades in day buckets: no 30-day limit', () => {
    const range = histogramRange('2000-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 'day');
    expect(range.kind === 'range' ? range.bucketStartsMs.length : range.message).toBe(9132);
  });

  it.each([
    ['to equal to from', '2025-01-14T16:00:00Z', '2025-01-14T16:00:00Z', 'to must be after from'],
    ['to before from', '2025-01-14T16:00:00Z', '2025-01-14T15:00:00Z', 'to must be after from'],
    ['an unreadable from', 'yesterday', '2025-01-14T15:00:00Z', 'from "yesterday" is not an RFC 3339 date-time'],
  ])('refuses %s', (_name, from, to, message) => {
    expect(histogramRange(from, to, 'hour')).toEqual({ kind: 'invalid', message });
  });
});
