import { describe, expect, it } from 'vitest';
import { parseSumsubTimestamp } from './sumsubTimestamp.ts';

describe('parseSumsubTimestamp', () => {
  it.each([
    ['2020-02-21 13:23:19.321', '2020-02-21T13:23:19.321Z'],
    ['2020-02-21 13:23:19', '2020-02-21T13:23:19.000Z'],
    ['2020-02-21 13:23:19.5', '2020-02-21T13:23:19.500Z'],
    ['2020-02-21 13:23:19.123456789', '2020-02-21T13:23:19.123Z'],
    ['2020-02-21 13:23:19+0000', '2020-02-21T13:23:19.000Z'],
    ['2025-01-30 11:41:55+0200', '2025-01-30T09:41:55.000Z'],
    ['2025-01-30 11:41:55.250-0130', '2025-01-30T13:11:55.250Z'],
  ])('reads %j as %s', (given, want) => {
    expect(parseSumsubTimestamp(given)?.toISOString()).toBe(want);
  });

  it.each(['2020-02-21T13:23:19.321Z', '2020-02-21', '1582291399321', '2020-02-30 25:61:00', ''])('refuses %j', (given) => {
    expect(parseSumsubTimestamp(given)).toBeNull();
  });
});
