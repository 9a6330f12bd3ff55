import { describe, expect, it } from 'vitest';
import { bucketIndex, chartWindow, fillSeries, HOUR_MS, isoSeconds, MINUTE_MS } from './chartWindow.ts';

const at = (iso: string): number => Date.parse(iso);

describe('chartWindow', () => {
  it('ends with the bucket holding now, whole UTC minutes back from it', () => {
    const window = chartWindow(at('2025-01-14T16:08:59.999Z'), 3, MINUTE_MS);
    expect(window.bucketStartsMs.map(isoSeconds)).toEqual(['2025-01-14T16:06:00Z', '2025-01-14T16:07:00Z', '2025-01-14T16:08:00Z']);
    expect([isoSeconds(window.startMs), isoSeconds(window.endMs)]).toEqual(['2025-01-14T16:06:00Z', '2025-01-14T16:09:00Z']);
  });

  it('takes hours the same way', () => {
    expect(chartWindow(at('2025-01-14T00:00:00Z'), 2, HOUR_MS).bucketStartsMs.map(isoSeconds)).toEqual(['2025-01-13T23:00:00Z', '2025-01-14T00:00:00Z']);
  });

  it('refuses an empty window', () => {
    expect(() => chartWindow(0, 0, MINUTE_MS)).toThrow(RangeError);
  });

  it('places instants in their bucket and nothing outside the window', () => {
    const window = chartWindow(at('2025-01-14T16:08:30Z'), 2, MINUTE_MS);
    expect([at('2025-01-14T16:06:59.999Z'), at('2025-01-14T16:07:00Z'), at('2025-01-14T16:08:59.999Z'), at('2025-01-14T16:09:00Z')].map((ms) => bucketIndex(window, ms))).toEqual([null, 0, 1, null]);
  });
});

describe('fillSeries', () => {
  const window = chartWindow(at('2025-01-14T16:08:30Z'), 3, MINUTE_MS);

  it('gives every series every bucket, sorted by name, and merges rows of one bucket', () => {
    const rows = [
      { key: 'kick.b', bucketStartMs: at('2025-01-14T16:08:00Z'), value: 2 },
      { key: 'kick.a', bucketStartMs: at('2025-01-14T16:06:00Z'), value: 1 },
      { key: 'kick.b', bucketStartMs: at('2025-01-14T16:08:00Z'), value: 3 },
      { key: 'kick.a', bucketStartMs: at('2025-01-14T15:00:00Z'), value: 99 },
    ];
    expect([...fillSeries(window, rows, 0, (a, b) => a + b)]).toEqual([
      ['kick.a', [1, 0, 0]],
      ['kick.b', [0, 0, 5]],
    ]);
  });

  it('lets the later row win without a merge', () => {
    const rows = [
      { key: 's', bucketStartMs: at('2025-01-14T16:07:00Z'), value: 'first' },
      { key: 's', bucketStartMs: at('2025-01-14T16:07:00Z'), value: 'second' },
    ];
    expect(fillSeries(window, rows, '-').get('s')).toEqual(['-', 'second', '-']);
  });
});
