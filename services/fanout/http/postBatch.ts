/**
 * One HTTP attempt of a batch to a target's `POST /internal/events`: signed at send time, bounded
 * by FANOUT_TIMEOUT_MS (headers and body), and read into what the sender does next. Expected
 * failures (refused connection, timeout, any status) are values; nothing here throws for them.
 */
import type { EventResult } from '../../../generated/openapi/internal-events.schemas.ts';
import { validateReceiveEventsResponse200 } from '../../../generated/openapi/internal-events.validators.cjs';
import { coerceError } from '../../shared/errors.ts';
import { parseRetryAfterMs } from '../domain/backoff.ts';
import { classifyHttpStatus, type FanoutAlertReason } from '../domain/classifyHttpStatus.ts';
import { standardWebhookHeaders } from '../signing/standardWebhooks.ts';

/** The media type of a CloudEvents batch (a JSON array of structured events). */
export const batchContentType = 'application/cloudevents-batch+json';

/** One attempt to send. */
export interface PostBatchRequest {
  readonly url: string;
  /** The batch id, sent as `webhook-id`. */
  readonly batchId: string;
  /** The JSON array, exactly as stored membership renders it. */
  readonly body: string;
  readonly secrets: readonly string[];
  readonly now: Date;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
}

/** What came of the attempt. `label` is the metric's status: the HTTP status, `timeout` or `transport_error`. */
export type BatchAnswer =
  | { kind: 'answered'; httpStatus: 200; label: string; results: readonly EventResult[] }
  | { kind: 'too_large'; httpStatus: 413; label: string; error: string }
  | { kind: 'retry'; httpStatus: number | null; label: string; error: string; retryAfterMs: number | null; alert: FanoutAlertReason | null };

const errorSnippetChars = 300;

/** Sends the batch once and reads the answer. */
export async function postBatch(request: PostBatchRequest): Promise<BatchAnswer> {
  const headers = {
    'content-type': batchContentType,
    ...standardWebhookHeaders({ id: request.batchId, timestampSeconds: Math.floor(request.now.getTime() / 1000), body: request.body, secrets: request.secrets }),
  };
  let status: number;
  let text: string;
  let retryAfter: string | null;
  try {
    // redirect: manual: a redirect is not the contract's answer, and following one would turn the
    // POST into a GET or resend signed events to a URL nobody configured.
    const response = await request.fetch(request.url, { method: 'POST', headers, body: request.body, redirect: 'manual', signal: AbortSignal.timeout(request.timeoutMs) });
    status = response.status;
    retryAfter = response.headers.get('retry-after');
    text = await response.text();
  } catch (e: unknown) {
    const error = coerceError(e);
    if (error.name === 'TimeoutError' || error.name === 'AbortError') {
      return { kind: 'retry', httpStatus: null, label: 'timeout', error: `no answer within ${String(request.timeoutMs)} ms`, retryAfterMs: null, alert: null };
    }
    return { kind: 'retry', httpStatus: null, label: 'transport_error', error: transportMessage(error), retryAfterMs: null, alert: null };
  }
  const label = String(status);
  const statusClass = classifyHttpStatus(status);
  if (statusClass.kind === 'too_large') return { kind: 'too_large', httpStatus: 413, label, error: `HTTP 413: ${snippet(text)}` };
  if (statusClass.kind === 'retry') {
    const retryAfterMs = parseRetryAfterMs(retryAfter, request.now.getTime());
    return { kind: 'retry', httpStatus: status, label, error: `HTTP ${label}: ${snippet(text)}`, retryAfterMs, alert: statusClass.alert };
  }
  const body = parseJson(text);
  if (!validateReceiveEventsResponse200(body)) {
    const why = validateReceiveEventsResponse200.errors?.map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ') ?? 'not JSON';
    return { kind: 'retry', httpStatus: 200, label, error: `HTTP 200 with an answer that is not EventResults (${why}): ${snippet(text)}`, retryAfterMs: null, alert: 'invalid_answer' };
  }
  return { kind: 'answered', httpStatus: 200, label, results: body.results };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  return flat.length > errorSnippetChars ? `${flat.slice(0, errorSnippetChars)}…` : flat;
}

/** undici reports "fetch failed" and puts the socket error (ECONNREFUSED …) in `cause`. */
function transportMessage(error: Error): string {
  const cause = error.cause instanceof Error ? error.cause : null;
  const code = cause !== null && 'code' in cause && typeof cause.code === 'string' ? ` (${cause.code})` : '';
  return `${error.message}${cause === null ? '' : `: ${cause.message}`}${code}`;
}
