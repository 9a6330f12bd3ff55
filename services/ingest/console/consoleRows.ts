/**
 * Narrowing of the rows the console's read queries return. slonik hands timestamptz over as epoch
 * milliseconds (text is accepted as well), int8 as a number or text; anything else is a surprise
 * worth a loud error, since the queries fix their column types.
 */

/** One row of a query. */
export type Row = Readonly<Record<string, unknown>>;

/** A timestamptz column in epoch milliseconds. */
export function timeMs(row: Row, column: string): number {
  const value = row[column];
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new Error(`console read: column ${column} is not a time: ${String(value)}`);
  return ms;
}

/** A nullable timestamptz column as an RFC 3339 string. */
export function isoOrNull(row: Row, column: string): string | null {
  return row[column] === null || row[column] === undefined ? null : new Date(timeMs(row, column)).toISOString();
}

/** A timestamptz column as an RFC 3339 string. */
export function iso(row: Row, column: string): string {
  return new Date(timeMs(row, column)).toISOString();
}

/** A numeric column (int, int8, float8) as a finite number. */
export function num(row: Row, column: string): number {
  const value = Number(row[column]);
  if (!Number.isFinite(value)) throw new Error(`console read: column ${column} is not a number: ${String(row[column])}`);
  return value;
}

/** A nullable text column. */
export function textOrNull(row: Row, column: string): string | null {
  const value = row[column];
  return typeof value === 'string' ? value : null;
}
