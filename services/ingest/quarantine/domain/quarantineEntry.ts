/**
 * How a stored quarantine entry (an `ingest.quarantine` row and its inbox row) reads in the
 * contract's `QuarantineEntry`, and the opaque page cursor of `GET /admin/quarantine`.
 */
import type { QuarantineEntry } from '../../../../generated/openapi/ingest.schemas.ts';
import { AppError } from '../../../shared/errors.ts';

/** The contract's quarantine reasons (`IngestQuarantineReason`). */
export const QUARANTINE_REASONS = ['INGEST_TIMESTAMP_OUTSIDE_WINDOW', 'INGEST_BODY_NOT_JSON', 'INGEST_EVENT_TYPE_UNKNOWN', 'INGEST_PAYLOAD_INVALID'] as const;

/** Why a delivery is quarantined. */
export type QuarantineReasonCode = (typeof QUARANTINE_REASONS)[number];

/** True when `value` is one of the contract's quarantine reasons. */
export function isQuarantineReason(value: unknown): value is QuarantineReasonCode {
  return typeof value === 'string' && (QUARANTINE_REASONS as readonly string[]).includes(value);
}

/** The provider's type as received: `chat.message.sent/1` for Kick, the Sumsub `type`; null when unreadable. */
export function providerTypeLabel(source: 'kick' | 'sumsub', eventType: string | null, eventVersion: string | null): string | null {
  if (eventType === null || eventType === '') return null;
  return source === 'kick' && eventVersion !== null && eventVersion !== '' ? `${eventType}/${eventVersion}` : eventType;
}

/**
 * The stored validation errors as the contract's `{ path, message }` list. The accept path stores
 * that shape; anything else (an older writer, a hand edit) is shown rather than dropped.
 */
export function validationIssues(stored: unknown): QuarantineEntry['errors'] {
  if (!Array.isArray(stored)) return [];
  return stored.map((item: unknown) => {
    if (typeof item === 'object' && item !== null) {
      const path: unknown = Reflect.get(item, 'path') ?? Reflect.get(item, 'instancePath');
      const message: unknown = Reflect.get(item, 'message');
      if (typeof path === 'string' && typeof message === 'string') return { path, message };
    }
    return { path: '', message: typeof item === 'string' ? item : JSON.stringify(item) };
  });
}

const cursorPrefix = 'q1:';

/** The cursor after the entry with quarantine id `id` (bigint as text): base64url, opaque to callers. */
export function encodeCursor(id: string): string {
  return Buffer.from(`${cursorPrefix}${id}`, 'utf8').toString('base64url');
}

/** The quarantine id a cursor names; throws `INGEST_QUERY_INVALID` for anything we did not issue. */
export function decodeCursor(cursor: string): string {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const id = text.startsWith(cursorPrefix) ? text.slice(cursorPrefix.length) : '';
  // bigint range: at most 19 digits, and the identity column starts at 1.
  if (!/^[1-9]\d{0,18}$/.test(id) || BigInt(id) > 9223372036854775807n) {
    throw new AppError('INGEST_QUERY_INVALID', 'cursor is not a cursor this endpoint issued; pass nextCursor from the previous page', { details: { cursor } });
  }
  return id;
}

/** The page size: default 50; outside 1..500 is the caller's mistake (`INGEST_QUERY_INVALID`), never clamped silently. */
export function pageLimit(limit: number | undefined): number {
  const value = limit ?? 50;
  if (!Number.isInteger(value) || value < 1 || value > 500) {
    throw new AppError('INGEST_QUERY_INVALID', `limit must be an integer from 1 to 500, got ${String(limit)}`, { details: { limit } });
  }
  return value;
}
