import { describe, expect, it } from 'vitest';
import { checkReadOnlySql } from './readOnlySql.ts';

describe('checkReadOnlySql', () => {
  const allowed: { given: string; want: string }[] = [
    { given: 'SELECT 1', want: 'SELECT 1' },
    { given: '  select count() from vf.raw_events;  \n', want: '  select count() from vf.raw_events' },
    { given: 'WITH 1 AS x SELECT x', want: 'WITH 1 AS x SELECT x' },
    { given: '(SELECT 1) UNION ALL (SELECT 2)', want: '(SELECT 1) UNION ALL (SELECT 2)' },
    { given: 'SHOW TABLES FROM vf', want: 'SHOW TABLES FROM vf' },
    { given: 'DESCRIBE TABLE vf.raw_events', want: 'DESCRIBE TABLE vf.raw_events' },
    { given: 'desc vf.raw_events', want: 'desc vf.raw_events' },
    { given: 'EXISTS TABLE vf.raw_events', want: 'EXISTS TABLE vf.raw_events' },
    { given: 'EXPLAIN SELECT 1', want: 'EXPLAIN SELECT 1' },
    { given: "SELECT 'a;b', \"c;d\", `e;f` -- trailing; comment", want: "SELECT 'a;b', \"c;d\", `e;f`" },
    { given: "SELECT 'it''s; \\' fine'", want: "SELECT 'it''s; \\' fine'" },
    { given: '/* lead; */ SELECT 1 /* tail; */', want: '/* lead; */ SELECT 1' },
    { given: "SELECT 'ends in a literal'", want: "SELECT 'ends in a literal'" },
  ];
  for (const { given, want } of allowed) {
    it(`allows ${JSON.stringify(given)}`, () => {
      expect(checkReadOnlySql(given)).toEqual({ kind: 'read_only', sql: want });
    });
  }

  const refused: { given: string; reason: RegExp }[] = [
    { given: "INSERT INTO vf.raw_events (raw_id) VALUES ('x')", reason: /only SELECT/ },
    { given: 'DROP TABLE vf.raw_events', reason: /only SELECT/ },
    { given: 'ALTER TABLE vf.raw_events DELETE WHERE 1', reason: /only SELECT/ },
    { given: 'SET readonly = 0', reason: /only SELECT/ },
    { given: 'SELECT 1; DROP TABLE vf.raw_events', reason: /one statement/ },
    { given: 'SELECT 1;;SELECT 2', reason: /one statement/ },
    { given: "SELECT * FROM vf.raw_events INTO OUTFILE '/tmp/x'", reason: /OUTFILE/ },
    { given: "SELECT 'unterminated", reason: /unterminated/ },
    { given: 'SELECT 1 /* open', reason: /unterminated/ },
    { given: '  ;  -- nothing', reason: /no statement/ },
    { given: "-- SELECT\nDELETE FROM vf.raw_events WHERE 1", reason: /only SELECT/ },
  ];
  for (const { given, reason } of refused) {
    it(`refuses ${JSON.stringify(given)}`, () => {
      const result = checkReadOnlySql(given);
      expect(result.kind).toBe('refused');
      expect(result.kind === 'refused' ? result.reason : '').toMatch(reason);
    });
  }
});
