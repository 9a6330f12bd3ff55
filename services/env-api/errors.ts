/**
 * The environment API's error catalogue (STYLE "Error model" 2): every stable code of the
 * contract's `EnvApiErrorCode` with the HTTP status it answers with. Per-event result codes answer
 * inside a 200 (`x-result-error-codes`), each with the result status it goes with.
 * `errors.unit.test.ts` checks the catalogue against contracts/openapi/internal-events.yaml both ways.
 */
import type { FastifyReply } from 'fastify';
import type { EnvApiErrorCodes, EventResultStatus } from '../../generated/openapi/internal-events.schemas.ts';

/** A stable environment API error code (the contract's EnvApiErrorCode). */
export type EnvApiErrorCode = (typeof EnvApiErrorCodes)[number];

/** Codes carried by a per-event result of `POST /internal/events`, never by an error response. */
export type EnvApiResultErrorCode = 'ENVAPI_ENVELOPE_INVALID' | 'ENVAPI_DATA_INVALID' | 'ENVAPI_EVENT_TYPE_UNKNOWN' | 'ENVAPI_PROJECTOR_STUB' | 'ENVAPI_PROJECTOR_FAILED';

/** Codes answered as an `EnvApiError` response body. */
export type EnvApiReplyCode = Exclude<EnvApiErrorCode, EnvApiResultErrorCode>;

/** The HTTP status of every code (200 for the per-event result codes). */
export const envApiErrorStatus: { readonly [C in EnvApiErrorCode]: number } = {
  ENVAPI_CONTENT_TYPE_UNSUPPORTED: 415,
  ENVAPI_PAYLOAD_TOO_LARGE: 413,
  ENVAPI_SIGNATURE_MISSING: 401,
  ENVAPI_TIMESTAMP_OUTSIDE_TOLERANCE: 401,
  ENVAPI_SIGNATURE_INVALID: 401,
  ENVAPI_BODY_INVALID: 400,
  ENVAPI_UNAVAILABLE: 503,
  ENVAPI_ENVELOPE_INVALID: 200,
  ENVAPI_DATA_INVALID: 200,
  ENVAPI_EVENT_TYPE_UNKNOWN: 200,
  ENVAPI_PROJECTOR_STUB: 200,
  ENVAPI_PROJECTOR_FAILED: 200,
  ENVAPI_QUERY_INVALID: 400,
  ENVAPI_CLICKHOUSE_UNAVAILABLE: 503,
};

/** The result status each per-event code goes with (the sender acts on the status, DESIGN §6). */
export const envApiResultStatus: { readonly [C in EnvApiResultErrorCode]: Exclude<EventResultStatus, 'processed' | 'duplicate'> } = {
  ENVAPI_ENVELOPE_INVALID: 'rejected',
  ENVAPI_DATA_INVALID: 'rejected',
  ENVAPI_EVENT_TYPE_UNKNOWN: 'unsupported',
  ENVAPI_PROJECTOR_STUB: 'unsupported',
  ENVAPI_PROJECTOR_FAILED: 'failed',
};

/** Seconds a sender should wait after a 503 (`Retry-After`). */
export const RETRY_AFTER_SECONDS = 5;

/** The contract's EnvApiError body, for an error response. */
export interface EnvApiErrorBody {
  readonly code: EnvApiReplyCode;
  readonly message: string;
}

/** Answers `{ code, message }` with the code's status (and `Retry-After` on a 503). */
export function sendEnvApiError(reply: FastifyReply, code: EnvApiReplyCode, message: string): FastifyReply {
  const status = envApiErrorStatus[code];
  if (status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  const body: EnvApiErrorBody = { code, message };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}
