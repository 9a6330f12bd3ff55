import { describe, expect, it } from 'vitest';
import { fillPlaceholders, splitStatements } from './migrationFiles.ts';

describe('splitStatements', () => {
  const cases: Array<{ given: string; want: string[] }> = [
    { given: 'CREATE TABLE a (x UInt8) ENGINE = Memory', want: ['CREATE TABLE a (x UInt8) ENGINE = Memory'] },
    { given: 'SELECT 1;\nSELECT 2;\n', want: ['SELECT 1', 'SELECT 2'] },
    { given: '-- leading comment\nSELECT 1;  \r\n\n-- trailing comment only\n', want: ['-- leading comment\nSELECT 1'] },
    { given: "SELECT 'a;b' AS s;\n", want: ["SELECT 'a;b' AS s"] },
    { given: 'SELECT 1; SELECT 2', want: ['SELECT 1; SELECT 2'] },
  ];
  for (const { given, want } of cases) {
    it(`splits ${JSON.stringify(given)}`, () => {
      expect(splitStatements(given)).toEqual(want);
    });
  }
});

describe('fillPlaceholders', () => {
  it('fills every known placeholder', () => {
    expect(fillPlaceholders('toIntervalDay({{days}}) + {{days}}', { days: '30' }, '0001_x.sql')).toBe('toIntervalDay(30) + 30');
  });

  it('rejects an unknown placeholder, naming the file and the placeholder', () => {
    expect(() => fillPlaceholders('{{nope}}', { days: '30' }, '0007_x.sql')).toThrowError(/0007_x\.sql.*\{\{nope\}\}/);
  });

  it('leaves ClickHouse query parameters alone', () => {
    expect(fillPlaceholders('SELECT {id:UInt32}', {}, '0001_x.sql')).toBe('SELECT {id:UInt32}');
  });
});
