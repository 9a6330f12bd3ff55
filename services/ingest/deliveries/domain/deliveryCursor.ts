/**
 * The opaque page cursor of `GET /admin/deliveries` (`vf deliveries list --cursor`): the last
 * delivery id of the previous page, base64url with a version prefix. Pure.
 */
import { AppError } from '../../../shared/errors.ts';

const prefix = 'd1:';

/** The cursor after the delivery with id `id` (bigint as text). */
export function encodeDeliveryCursor(id: string): string {
  return Buffer.from(`${prefix}${id}`, 'utf8').toString('base64url');
}

/** The delivery id a cursor names; throws `INGEST_QUERY_INVALID` for anything we did not issue. */
export function decodeDeliveryCursor(cursor: string): string {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const id = text.startsWith(prefix) ? text.slice(prefix.length) : '';
  if (!isDeliveryId(id)) {
    throw new AppError('INGEST_QUERY_INVALID', 'cursor is not a cursor this endpoint issued; pass nextCursor from the previous page', { details: { cursor } });
  }
  return id;
}

/** True for a delivery id as the API shows it: a positive bigint in decimal. */
export function isDeliveryId(id: string): boolean {
  // bigint range: at most 19 digits, and the identity column starts at 1.
  return /^[1-9]\d{0,18}$/.test(id) && BigInt(id) <= 9223372036854775807n;
}
