/**
 * The ingest role's error catalogue (STYLE "Error model" 2): every stable code of the contract's
 * `IngestErrorCode` with the HTTP status it answers with. `errors.unit.test.ts` checks it against
 * contracts/openapi/ingest.yaml both ways, and each status against the responses that list the code.
 * Only the HTTP layer uses the statuses.
 */
import type { FastifyReply } from 'fastify';
import type { IngestErrorCodes } from '../../generated/openapi/ingest.schemas.ts';
import { AppError } from '../shared/errors.ts';
import type { QuarantineReason } from './accept/delivery.ts';

/** A stable ingest error code (the contract's IngestErrorCode). */
export type IngestErrorCode = (typeof IngestErrorCodes)[number];

/** Codes answered with an `IngestError` body: all but the quarantine reasons, which answer 202 `quarantined`. */
export type IngestErrorReplyCode = Exclude<IngestErrorCode, QuarantineReason>;

/** The HTTP status of every code. */
export const ingestErrorStatus: { readonly [C in IngestErrorCode]: number } = {
  INGEST_PAYLOAD_TOO_LARGE: 413,
  INGEST_SIGNATURE_MISSING: 401,
  INGEST_HEADER_MISSING: 400,
  INGEST_DIGEST_ALG_UNKNOWN: 401,
  INGEST_SIGNATURE_INVALID: 401,
  INGEST_TIMESTAMP_OUTSIDE_WINDOW: 202,
  INGEST_BODY_NOT_JSON: 202,
  INGEST_EVENT_TYPE_UNKNOWN: 202,
  INGEST_PAYLOAD_INVALID: 202,
  INGEST_UNAVAILABLE: 503,
  INGEST_RETIRED_PATH: 410,
  INGEST_QUERY_INVALID: 400,
  INGEST_REQUEST_INVALID: 400,
  INGEST_TARGET_UNKNOWN: 400,
  INGEST_CLICKHOUSE_BRIDGE_DISABLED: 404,
  INGEST_CLICKHOUSE_SQL_NOT_READ_ONLY: 400,
  INGEST_CLICKHOUSE_QUERY_FAILED: 400,
  INGEST_CLICKHOUSE_UNAVAILABLE: 503,
  INGEST_ADMIN_TOKEN_MISSING: 401,
  INGEST_ADMIN_TOKEN_INVALID: 403,
  INGEST_QUARANTINE_ENTRY_UNKNOWN: 404,
  INGEST_CHANNEL_UNKNOWN: 404,
};

/** Seconds a sender should wait after a 503 (`Retry-After`). */
export const RETRY_AFTER_SECONDS = 5;

/** The contract's IngestError body. */
export interface IngestErrorBody {
  readonly code: IngestErrorReplyCode;
  readonly message: string;
}

/** An error a handler throws to answer with its code; the app's error handler turns it into the body. */
export class IngestHttpError extends AppError {
  declare readonly code: IngestErrorReplyCode;
  readonly statusCode: number;

  constructor(code: IngestErrorReplyCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.statusCode = ingestErrorStatus[code];
  }
}

/** Answers `{ code, message }` with the code's status (and `Retry-After` on a 503). */
export function sendIngestError(reply: FastifyReply, code: IngestErrorReplyCode, message: string): FastifyReply {
  const status = ingestErrorStatus[code];
  if (status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  const body: IngestErrorBody = { code, message };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}
