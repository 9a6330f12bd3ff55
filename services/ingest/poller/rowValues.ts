/**
 * Narrowing of slonik result rows, which `sql.unsafe` types as `unknown`. slonik's default type
 * parsers give `int8` as a bigint and `timestamptz` as epoch milliseconds; these helpers accept
 * exactly those shapes and throw on anything else, so a schema drift fails loudly.
 */
import { AppError } from '../../shared/errors.ts';

/** A result row as an object of unknown columns. */
export type Row = Readonly<Record<string, unknown>>;

function fail(column: string, value: unknown, expected: string): never {
  throw new AppError('INGEST_ROW_UNEXPECTED', `Column ${column} is ${typeof value}, expected ${expected}`, { details: { column } });
}

/** Narrows a query result row to an object. */
export function asRow(value: unknown): Row {
  if (typeof value !== 'object' || value === null) fail('(row)', value, 'an object');
  return value as Row;
}

/** An integer column (int4, or int8 within the safe integer range). */
export function intColumn(row: Row, column: string): number {
  const value = row[column];
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)) return Number(value);
  return fail(column, value, 'a safe integer');
}

/** A text column. */
export function textColumn(row: Row, column: string): string {
  const value = row[column];
  return typeof value === 'string' ? value : fail(column, value, 'a string');
}

/** A boolean column. */
export function boolColumn(row: Row, column: string): boolean {
  const value = row[column];
  return typeof value === 'boolean' ? value : fail(column, value, 'a boolean');
}

/** A nullable timestamptz column. */
export function dateColumnOrNull(row: Row, column: string): Date | null {
  const value = row[column];
  if (value === null) return null;
  if (typeof value === 'number') return new Date(value);
  if (value instanceof Date) return value;
  return fail(column, value, 'a timestamp');
}

/** A nullable integer column. */
export function intColumnOrNull(row: Row, column: string): number | null {
  return row[column] === null ? null : intColumn(row, column);
}
