/**
 * The read-only check of the admin ClickHouse bridge (`POST /admin/clickhouse/query`): one
 * `SELECT`, `WITH`, `SHOW`, `DESCRIBE`/`DESC`, `EXISTS` or `EXPLAIN` statement. Pure.
 *
 * A lexical check, not a parser: it masks string literals, quoted identifiers and comments, then
 * looks at the first keyword and refuses a second statement and `INTO OUTFILE` (a SELECT that
 * writes a file). The bridge serves the local stack's CLI on a cluster-internal listener; a
 * per-query `readonly` setting would be the stronger guard, but settings must not go through the
 * chdb connection (they stick to the session, see services/shared/clickhouse/createClickhouseClient.ts).
 */

/** The statement to run (without trailing `;`, blanks or comments), or why it is refused. */
export type ReadOnlySqlCheck = { readonly kind: 'read_only'; readonly sql: string } | { readonly kind: 'refused'; readonly reason: string };

const readOnlyKeywords = new Set(['SELECT', 'WITH', 'SHOW', 'DESCRIBE', 'DESC', 'EXISTS', 'EXPLAIN']);

/** Checks `sql` for the bridge. */
export function checkReadOnlySql(sql: string): ReadOnlySqlCheck {
  const mask = masked(sql);
  if (mask === undefined) return { kind: 'refused', reason: 'the SQL has an unterminated string, quoted identifier or comment' };
  let last = mask.length - 1;
  while (last >= 0 && (mask[last] === ';' || (mask[last] ?? '').trim() === '')) last -= 1;
  if (last < 0) return { kind: 'refused', reason: 'the SQL has no statement' };
  if (mask.slice(0, last + 1).includes(';')) return { kind: 'refused', reason: 'only one statement is allowed' };
  const keyword = /^[\s(]*([A-Za-z]+)/.exec(mask)?.[1]?.toUpperCase();
  if (keyword === undefined || !readOnlyKeywords.has(keyword)) {
    return { kind: 'refused', reason: 'only SELECT, WITH, SHOW, DESCRIBE, EXISTS and EXPLAIN are allowed' };
  }
  if (/\bINTO\s+OUTFILE\b/i.test(mask)) return { kind: 'refused', reason: 'INTO OUTFILE writes a file; only reads are allowed' };
  // The bridge appends its own FORMAT clause, which a trailing `;` or comment would cut off.
  return { kind: 'read_only', sql: sql.slice(0, last + 1) };
}

/**
 * `sql` with the same length, literals and quoted identifiers turned into `x`s and comments into
 * blanks, so keywords, `;` and positions can be read from it; undefined when one is not closed.
 */
function masked(sql: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] ?? '';
    const two = sql.slice(i, i + 2);
    if (c === "'" || c === '"' || c === '`') {
      const end = quotedEnd(sql, i, c);
      if (end === -1) return undefined;
      out += 'x'.repeat(end - i);
      i = end;
    } else if (two === '--' || c === '#' || two === '/*') {
      const close = two === '/*' ? sql.indexOf('*/', i + 2) : sql.indexOf('\n', i);
      if (two === '/*' && close === -1) return undefined;
      const end = close === -1 ? sql.length : two === '/*' ? close + 2 : close;
      out += ' '.repeat(end - i);
      i = end;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** The index after the closing quote; backslash escapes and doubled quotes stay inside. */
function quotedEnd(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === '\\') i += 2;
    else if (sql[i] === quote && sql[i + 1] === quote) i += 2;
    else if (sql[i] === quote) return i + 1;
    else i += 1;
  }
  return -1;
}
