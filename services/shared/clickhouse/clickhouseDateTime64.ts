/**
 * Millisecond timestamps in and out of `DateTime64(3, 'UTC')` columns.
 *
 * Write them as `'YYYY-MM-DD hh:mm:ss.sss'` (UTC) in JSONEachRow: that is ClickHouse's basic input
 * format, accepted under the default `date_time_input_format` by every server and by chdb. ISO
 * strings with `T…Z` need `best_effort`, which we would have to set per query (and per-query
 * settings must not go through the chdb connection, see createClickhouseClient.ts); a bare
 * number is read as seconds or as ticks depending on its length and the server version.
 */

/** `2026-01-02T03:04:05.678Z` → `'2026-01-02 03:04:05.678'`, for inserting into DateTime64(3). */
export function toClickhouseDateTime64(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('Cannot store an invalid Date in ClickHouse.');
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** `'2026-01-02 03:04:05.678'` (as JSONEachRow prints a UTC DateTime64(3)) → the same instant. */
export function fromClickhouseDateTime64(text: string): Date {
  const date = new Date(`${text.replace(' ', 'T')}Z`);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a ClickHouse DateTime64 value: ${JSON.stringify(text)}`);
  return date;
}
