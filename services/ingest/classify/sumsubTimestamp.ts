/**
 * Sumsub's timestamps (`createdAtMs`, `createdAt`): `YYYY-MM-DD HH:MM:SS`, an optional fraction and
 * an optional `+0000`-style offset, UTC when no offset is given (the contract's SumsubTimestamp).
 * Not RFC 3339, so `Date.parse` cannot be trusted with them (it reads a zone-less date-time as
 * local time).
 */
const sumsubTimestamp = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(?:([+-])(\d{2})(\d{2}))?$/;

/**
 * The instant of a Sumsub timestamp, read as UTC when it has no offset; null when it is not one,
 * or when it falls outside the years 1–9999 in UTC (year 0 or 10000 after the offset), which
 * PostgreSQL's timestamptz and the envelope's RFC 3339 `time` cannot hold.
 */
export function parseSumsubTimestamp(text: string): Date | null {
  const match = sumsubTimestamp.exec(text);
  if (match === null) return null;
  const [, date, time, fraction, sign, offsetHours, offsetMinutes] = match;
  // Date keeps milliseconds: cut the fraction to three digits rather than rounding into the next second.
  const millis = (fraction ?? '').slice(0, 3).padEnd(3, '0');
  const zone = sign === undefined ? 'Z' : `${sign}${offsetHours ?? '00'}:${offsetMinutes ?? '00'}`;
  const at = new Date(`${date ?? ''}T${time ?? ''}.${millis}${zone}`);
  if (Number.isNaN(at.getTime())) return null;
  const year = at.getUTCFullYear();
  return year >= 1 && year <= 9999 ? at : null;
}
