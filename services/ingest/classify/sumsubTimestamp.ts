/**
 * Sumsub's timestamps (`createdAtMs`, `createdAt`): `YYYY-MM-DD HH:MM:SS`, an optional fraction and
 * an optional `+0000`-style offset, UTC when no offset is given (the contract's SumsubTimestamp).
 * Not RFC 3339, so `Date.parse` cannot be trusted with them (it reads a zone-less date-time as
 * local time).
 */
const sumsubTimestamp = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(?:([+-])(\d{2})(\d{2}))?$/;

/** The instant of a Sumsub timestamp, read as UTC when it has no offset; null when it is not one. */
export function parseSumsubTimestamp(text: string): Date | null {
  const match = sumsubTimestamp.exec(text);
  if (match === null) return null;
  const [, date, time, fraction, sign, offsetHours, offsetMinutes] = match;
  // Date keeps milliseconds: cut the fraction to three digits rather than rounding into the next second.
  const millis = (fraction ?? '').slice(0, 3).padEnd(3, '0');
  const zone = sign === undefined ? 'Z' : `${sign}${offsetHours ?? '00'}:${offsetMinutes ?? '00'}`;
  const at = new Date(`${date ?? ''}T${time ?? ''}.${millis}${zone}`);
  return Number.isNaN(at.getTime()) ? null : at;
}
