/**
 * Identifiers and timestamps in the shapes the providers use: ULIDs (Kick message, subscription
 * and redemption ids), UUIDs (Kick chat message ids), 24-hex ids (Sumsub applicants), RFC 3339
 * (Kick) and Sumsub's `YYYY-MM-DD HH:MM:SS.mmm`. Randomness comes from the caller's {@link Prng},
 * so generated traffic stays reproducible.
 */
import { hash32, type Prng } from './prng.ts';

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(value: number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = (crockford[value % 32] ?? '0') + out;
    value = Math.floor(value / 32);
  }
  return out;
}

/** A ULID: 10 characters of millisecond time, then 16 random ones (Crockford base32). */
export function ulid(timeMs: number, prng: Prng): string {
  let random = '';
  for (let i = 0; i < 16; i++) random += crockford[prng.int(0, 32)] ?? '0';
  return base32(timeMs, 10) + random;
}

/**
 * A ULID-shaped id that is a pure function of `key`: the same key always gives the same id
 * (e.g. one Kick event subscription per channel and event).
 */
export function stableUlid(key: string): string {
  const parts = [hash32(`a:${key}`), hash32(`b:${key}`), hash32(`c:${key}`)];
  // A fixed time part (2025-02-01) keeps these sorting before the ids minted at run time.
  return base32(1_738_368_000_000, 10) + parts.map((p) => base32(p % 32 ** 6, 6)).join('').slice(0, 16);
}

/** A version 4 UUID. */
export function uuid(prng: Prng): string {
  const hex = prng.hex(32).split('');
  hex[12] = '4';
  hex[16] = '89ab'[prng.int(0, 4)] ?? '8';
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** RFC 3339 in UTC, whole seconds, as Kick writes most timestamps (`2025-01-14T16:08:06Z`). */
export function rfc3339Seconds(timeMs: number): string {
  return new Date(Math.floor(timeMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** RFC 3339 in UTC with milliseconds (`2025-12-02T22:54:19.323Z`, reward redemptions and KICKs). */
export function rfc3339Millis(timeMs: number): string {
  return new Date(timeMs).toISOString();
}

/** RFC 3339 at a fixed offset (`2025-01-01T11:00:00+11:00`), as Kick sends some stream times. */
export function rfc3339WithOffset(timeMs: number, offsetMinutes: number): string {
  const local = new Date(Math.floor(timeMs / 1000) * 1000 + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Sumsub's `createdAtMs` format: UTC, space-separated, milliseconds (`2020-02-21 13:23:19.321`). */
export function sumsubTimestamp(timeMs: number): string {
  return new Date(timeMs).toISOString().replace('T', ' ').replace('Z', '');
}
