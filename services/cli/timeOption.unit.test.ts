import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseTimeOption } from './timeOption.ts';

const now = (): Date => new Date('2026-03-10T12:00:00.000Z');

describe('parseTimeOption', () => {
  it.each([
    ['2026-01-02T03:04:05Z', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02T03:04:05.678+02:00', '2026-01-02T01:04:05.678Z'],
    ['2026-01-02', '2026-01-02T00:00:00.000Z'],
    ['90m', '2026-03-10T10:30:00.000Z'],
    ['6h', '2026-03-10T06:00:00.000Z'],
    ['7d', '2026-03-03T12:00:00.000Z'],
  ])('reads %s', (given, want) => {
    expect(parseTimeOption(given, now).toISOString()).toBe(want);
  });

  it.each(['yesterday', '2026-01-02T03:04:05', '2026', '5w', ''])('refuses %j as a usage error', (given) => {
    expect(() => parseTimeOption(given, now)).toThrow(InvalidArgumentError);
  });
});
