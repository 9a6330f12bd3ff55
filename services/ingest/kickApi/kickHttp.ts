/**
 * One HTTP exchange with Kick (API or auth server): timeout, transport errors as
 * `KICK_API_UNREACHABLE`, a `pollerCalls` count per exchange, and the status checks every endpoint
 * shares (429 with `Retry-After`, other non-2xx, a 2xx body that does not match the contract).
 */
import type { ValidateFunction } from 'ajv';
import type { IngestMetrics } from '../metrics/ingestMetrics.ts';
import { coerceError } from '../../shared/errors.ts';
import { KickApiError } from './kickApi.ts';
import { parseRetryAfterMs } from './retryAfterMs.ts';

/** What every exchange needs from the client's options. */
export interface KickHttpContext {
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly now: () => number;
  readonly metrics: IngestMetrics | undefined;
}

/** One request. `endpoint` (`GET /public/v1/channels`) labels metrics and errors. */
export interface KickHttpRequest {
  readonly endpoint: string;
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A response that arrived; `json` is undefined when the body was empty or not JSON. */
export interface KickHttpResponse {
  readonly status: number;
  readonly json: unknown;
  readonly text: string;
  readonly retryAfter: string | null;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Sends `request`; throws `KICK_API_UNREACHABLE` when no complete response arrives in time. */
export async function sendKickRequest(context: KickHttpContext, request: KickHttpRequest, startedAt: number): Promise<KickHttpResponse> {
  try {
    const response = await context.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(context.timeoutMs),
    });
    // Read inside the try: the timeout also covers a body that stalls half way.
    const text = await response.text();
    context.metrics?.pollerCalls.inc({ endpoint: request.endpoint, status: String(response.status) });
    return { status: response.status, json: parseJson(text), text, retryAfter: response.headers.get('retry-after') };
  } catch (e: unknown) {
    const error = coerceError(e);
    context.metrics?.pollerCalls.inc({ endpoint: request.endpoint, status: 'error' });
    throw new KickApiError('KICK_API_UNREACHABLE', `${request.endpoint}: no response from Kick (${error.message})`, {
      httpStatus: null,
      latencyMs: Math.round(performance.now() - startedAt),
      endpoint: request.endpoint,
      cause: error,
    });
  }
}

function kickMessage(response: KickHttpResponse): string {
  const json = response.json;
  if (typeof json === 'object' && json !== null) {
    for (const key of ['message', 'error']) {
      const value: unknown = (json as Record<string, unknown>)[key];
      if (typeof value === 'string' && value !== '') return value;
    }
  }
  return response.text.slice(0, 200);
}

/** Turns a non-2xx into its `KickApiError`: 429 with `retryAfterMs`, anything else `KICK_API_FAILED`. */
export function expectSuccessStatus(context: KickHttpContext, endpoint: string, response: KickHttpResponse, startedAt: number): void {
  const fields = { httpStatus: response.status, latencyMs: Math.round(performance.now() - startedAt), endpoint };
  if (response.status === 429) {
    const retryAfterMs = parseRetryAfterMs(response.retryAfter, context.now());
    throw new KickApiError('KICK_API_RATE_LIMITED', `${endpoint}: rate limited by Kick${retryAfterMs === null ? '' : ` (retry after ${retryAfterMs} ms)`}`, { ...fields, retryAfterMs });
  }
  if (response.status < 200 || response.status > 299) {
    throw new KickApiError('KICK_API_FAILED', `${endpoint}: Kick answered ${response.status}: ${kickMessage(response)}`, fields);
  }
}

/** Checks a 2xx body with the contract's generated validator; `KICK_API_FAILED` when it does not match. */
export function expectValidBody<T>(endpoint: string, response: KickHttpResponse, startedAt: number, validate: ValidateFunction<T>): T {
  if (validate(response.json)) return response.json;
  const problems = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
  throw new KickApiError('KICK_API_FAILED', `${endpoint}: Kick's answer does not match contracts/openapi/kick-api.yaml: ${problems.join('; ') || 'not JSON'}`, {
    httpStatus: response.status,
    latencyMs: Math.round(performance.now() - startedAt),
    endpoint,
  });
}
