import { describe, expect, it } from 'vitest';
import { axisTimeLabels, entryLabel, epochSeconds, formatCount, formatDuration, formatRate, formatTime, latestValues, perSecond, prettyBody, total } from './format.ts';

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [0.25, '0.3 s'],
    [9.94, '9.9 s'],
    [42, '42 s'],
    [59.6, '1 min 00 s'],
    [185, '3 min 05 s'],
    [7_800, '2 h 10 min'],
    [273_600, '3 d 4 h'],
    [-1, '—'],
    [Number.NaN, '—'],
  ])('%s seconds read %s', (seconds, want) => {
    expect(formatDuration(seconds)).toBe(want);
  });
});

describe('numbers and times', () => {
  it('groups thousands and keeps at most two decimals', () => {
    expect([formatCount(12345), formatRate(0.016666), formatRate(2)]).toEqual(['12,345', '0.02', '2']);
  });

  it('writes times in UTC and says so, whatever offset they came with', () => {
    expect(formatTime('2025-01-14T18:08:05.123+02:00')).toBe('2025-01-14 16:08:05 UTC');
    expect(formatTime(null)).toBe('—');
    expect(formatTime('not a time')).toBe('not a time');
  });
});

describe('chart columns', () => {
  it('turns bucket starts into epoch seconds and counts per minute into events per second', () => {
    expect(epochSeconds(['1970-01-01T00:01:00Z', '2025-01-14T16:08:00Z'])).toEqual([60, 1736870880]);
    expect(perSecond([0, 30, 120], 60)).toEqual([0, 0.5, 2]);
  });

  it('labels time ticks in UTC, with the day once the axis spans more than one', () => {
    const ticks = [Date.parse('2025-01-14T16:08:00Z') / 1000, Date.parse('2025-01-15T00:00:00Z') / 1000];
    expect(axisTimeLabels(ticks, 3600)).toEqual(['16:08', '00:00']);
    expect(axisTimeLabels(ticks, 2 * 86_400)).toEqual(['01-14 16:08', '01-15 00:00']);
  });

  it('summarises the latest bucket, largest first, without zeros or gaps', () => {
    const series = [
      { label: 'b', values: [1, 2] },
      { label: 'a', values: [5, 2] },
      { label: 'c', values: [3, 0] },
      { label: 'd', values: [3, null] },
      { label: 'e', values: [1, 7] },
    ];
    expect(latestValues(series)).toEqual([{ label: 'e', value: 7 }, { label: 'a', value: 2 }, { label: 'b', value: 2 }]);
    expect(total([1, null, 2.5])).toBe(3.5);
  });
});

describe('quarantine entries', () => {
  it('labels an entry by provider and type as received', () => {
    expect(entryLabel({ provider: 'kick', eventType: 'chat.message.sent/1' })).toBe('kick chat.message.sent/1');
    expect(entryLabel({ provider: 'sumsub', eventType: null })).toBe('sumsub (type unreadable)');
  });

  it('indents a JSON body and leaves anything else as it came', () => {
    expect(prettyBody('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyBody('not json {')).toBe('not json {');
  });
});
