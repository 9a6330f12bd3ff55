/**
 * Is an answer one the contract documents? Its status must be one the endpoint lists, its body must
 * pass the generated validator of that response, and an error body's code must be one the service's
 * catalogue answers with that very status (services/ingest/errors.ts, services/env-api/errors.ts,
 * both checked against the contracts by their own unit tests).
 */
import type { ValidateFunction } from 'ajv';
import * as ingestValidators from '../../../../generated/openapi/ingest.validators.cjs';
import * as envValidators from '../../../../generated/openapi/internal-events.validators.cjs';
import { envApiErrorStatus } from '../../../env-api/errors.ts';
import { ingestErrorStatus } from '../../../ingest/errors.ts';
import type { Answer } from './transport.ts';
import type { Endpoint } from './wire.ts';

const responseValidators: { readonly [E in Endpoint]: Readonly<Record<number, ValidateFunction>> } = {
  kick: {
    200: ingestValidators.validateReceiveKickWebhookResponse200,
    202: ingestValidators.validateReceiveKickWebhookResponse202,
    400: ingestValidators.validateReceiveKickWebhookResponse400,
    401: ingestValidators.validateReceiveKickWebhookResponse401,
    413: ingestValidators.validateReceiveKickWebhookResponse413,
    503: ingestValidators.validateReceiveKickWebhookResponse503,
  },
  sumsub: {
    200: ingestValidators.validateReceiveSumsubWebhookResponse200,
    202: ingestValidators.validateReceiveSumsubWebhookResponse202,
    401: ingestValidators.validateReceiveSumsubWebhookResponse401,
    413: ingestValidators.validateReceiveSumsubWebhookResponse413,
    503: ingestValidators.validateReceiveSumsubWebhookResponse503,
  },
  events: {
    200: envValidators.validateReceiveEventsResponse200,
    400: envValidators.validateReceiveEventsResponse400,
    401: envValidators.validateReceiveEventsResponse401,
    413: envValidators.validateReceiveEventsResponse413,
    415: envValidators.validateReceiveEventsResponse415,
    503: envValidators.validateReceiveEventsResponse503,
  },
};

function catalogueStatus(endpoint: Endpoint, code: string): number | undefined {
  const catalogue: Readonly<Record<string, number>> = endpoint === 'events' ? envApiErrorStatus : ingestErrorStatus;
  return Object.hasOwn(catalogue, code) ? catalogue[code] : undefined;
}

/** The parsed body of an answer, or undefined when it is not JSON. */
export function bodyOf(answer: Answer): unknown {
  try {
    return JSON.parse(answer.body) as unknown;
  } catch {
    return undefined;
  }
}

/** Why `answer` is not a documented answer of `endpoint`, or null when it is one. */
export function undocumentedAnswer(endpoint: Endpoint, answer: Answer): string | null {
  const validate = responseValidators[endpoint][answer.status];
  if (validate === undefined) return `status ${String(answer.status)} is not documented for ${endpoint}: ${answer.body.slice(0, 200)}`;
  const body = bodyOf(answer);
  if (!validate(body)) return `the ${String(answer.status)} body fails the contract (${JSON.stringify(validate.errors?.[0])}): ${answer.body.slice(0, 200)}`;
  const code: unknown = typeof body === 'object' && body !== null && !Array.isArray(body) && 'code' in body ? body.code : undefined;
  if (typeof code === 'string' && catalogueStatus(endpoint, code) !== answer.status) return `code ${code} does not go with status ${String(answer.status)}`;
  if (answer.status === 503 && answer.headers['retry-after'] === undefined) return '503 without Retry-After';
  return null;
}
