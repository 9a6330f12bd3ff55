/**
 * Reading columns of `sql.unsafe` rows (typed `unknown`: no row schema library here) without casts.
 */

/** The column `name` of `row` when it is a string, else null. */
export function rowText(row: unknown, name: string): string | null {
  if (typeof row !== 'object' || row === null) return null;
  const value: unknown = (row as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
}

/** The column `name` of `row` as a number (int4 columns arrive as numbers), else null. */
export function rowNumber(row: unknown, name: string): number | null {
  if (typeof row !== 'object' || row === null) return null;
  const value: unknown = (row as Record<string, unknown>)[name];
  return typeof value === 'number' ? value : null;
}
