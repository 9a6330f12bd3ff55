/**
 * The Kick API client (contracts/openapi/kick-api.yaml) behind the {@link KickApiClient} seam: an
 * app access token from client credentials (cached, renewed early, renewed once on a 401 and the
 * call retried once), responses checked with the contract's generated validators.
 */
import type { ValidateFunction } from 'ajv';
import {
  validateCreateEventSubscriptionsResponse200,
  validateGetChannelsResponse200,
  validateGetPublicKeyResponse200,
  validateListEventSubscriptionsResponse200,
} from '../../../generated/openapi/kick-api.validators.cjs';
import { AppError } from '../../shared/errors.ts';
import { silentLogger, type Logger } from '../../shared/logging/createLogger.ts';
import type { IngestMetrics } from '../metrics/ingestMetrics.ts';
import { createAppTokenCache } from './appTokenCache.ts';
import { joinUrl, mintAppToken } from './mintAppToken.ts';
import { KICK_MAX_IDS_PER_CALL } from './chunk50.ts';
import { KickApiError, type KickApiClient, type KickCall } from './kickApi.ts';
import { expectSuccessStatus, expectValidBody, sendKickRequest, type KickHttpContext, type KickHttpResponse } from './kickHttp.ts';

/** Options of {@link createKickApiClient}. */
export interface KickApiClientOptions {
  /** `KICK_API_BASE_URL`, e.g. `https://api.kick.com`. */
  apiBaseUrl: string;
  /** `KICK_AUTH_BASE_URL`, e.g. `https://id.kick.com`. */
  authBaseUrl: string;
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
  /** Clock for token expiry and HTTP-date `Retry-After`, milliseconds. */
  now?: () => number;
  /** Per HTTP exchange, body included. Default 10 000. */
  timeoutMs?: number;
  logger?: Logger;
  metrics?: IngestMetrics;
}

/** One API request; `withToken` false only for the public key. */
interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly query?: URLSearchParams;
  readonly json?: unknown;
  readonly withToken: boolean;
}

/** A 2xx answer, with where the call started for its latency. */
interface Exchange {
  readonly endpoint: string;
  readonly response: KickHttpResponse;
  readonly startedAt: number;
}

function repeated(key: string, values: readonly string[]): URLSearchParams {
  const query = new URLSearchParams();
  for (const value of values) query.append(key, value);
  return query;
}

function usageError(message: string): AppError {
  return new AppError('KICK_API_INVALID_CALL', message);
}

/** Creates the client. Makes no request until the first call. */
export function createKickApiClient(options: KickApiClientOptions): KickApiClient {
  const context: KickHttpContext = { fetch: options.fetch ?? globalThis.fetch.bind(globalThis), timeoutMs: options.timeoutMs ?? 10_000, now: options.now ?? Date.now, metrics: options.metrics };
  const logger = options.logger ?? silentLogger();

  const tokens = createAppTokenCache(async () => {
    const minted = await mintAppToken(context, options);
    logger.debug({ expiresInSeconds: minted.expiresInSeconds }, 'minted a Kick app access token');
    return minted;
  }, context.now);

  async function exchange(request: ApiRequest): Promise<Exchange> {
    const endpoint = `${request.method} ${request.path}`;
    const startedAt = performance.now();
    const send = async (token: string | null) => {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (token !== null) headers.authorization = `Bearer ${token}`;
      if (request.json !== undefined) headers['content-type'] = 'application/json';
      const body = request.json === undefined ? undefined : JSON.stringify(request.json);
      return sendKickRequest(context, { endpoint, method: request.method, url: joinUrl(options.apiBaseUrl, request.path, request.query), headers, body }, startedAt);
    };
    let token = request.withToken ? await tokens.get() : null;
    let response = await send(token);
    if (token !== null && (response.status === 401 || response.status === 403)) {
      // Expired or revoked before our clock said so: mint a new token and try exactly once more.
      logger.info({ endpoint, status: response.status }, 'Kick refused the app token; renewing it');
      tokens.invalidate(token);
      token = await tokens.get();
      response = await send(token);
      if (response.status === 401 || response.status === 403) {
        throw new KickApiError('KICK_API_UNAUTHORIZED', `${endpoint}: Kick refused a freshly minted app token (${response.status})`, {
          httpStatus: response.status,
          latencyMs: Math.round(performance.now() - startedAt),
          endpoint,
        });
      }
    }
    expectSuccessStatus(context, endpoint, response, startedAt);
    return { endpoint, response, startedAt };
  }

  function body<T>(done: Exchange, validate: ValidateFunction<T>): T {
    return expectValidBody(done.endpoint, done.response, done.startedAt, validate);
  }

  function result<T>(done: Exchange, data: T): KickCall<T> {
    return { data, httpStatus: done.response.status, latencyMs: Math.round(performance.now() - done.startedAt) };
  }

  return {
    async getChannels(query) {
      const [key, values] = 'broadcasterUserIds' in query ? ['broadcaster_user_id', query.broadcasterUserIds.map(String)] : ['slug', query.slugs];
      if (values.length === 0 || values.length > KICK_MAX_IDS_PER_CALL) {
        throw usageError(`getChannels takes 1 to ${KICK_MAX_IDS_PER_CALL} ${key} values per call, got ${values.length}; split the list with chunk50`);
      }
      const done = await exchange({ method: 'GET', path: '/public/v1/channels', query: repeated(key, values), withToken: true });
      return result(done, body(done, validateGetChannelsResponse200).data);
    },
    async listSubscriptions(broadcasterUserId) {
      const query = repeated('broadcaster_user_id', broadcasterUserId === undefined ? [] : [String(broadcasterUserId)]);
      const done = await exchange({ method: 'GET', path: '/public/v1/events/subscriptions', query, withToken: true });
      return result(done, body(done, validateListEventSubscriptionsResponse200).data);
    },
    async createSubscriptions(broadcasterUserId, events) {
      if (events.length === 0) throw usageError('createSubscriptions needs at least one event');
      const json = { broadcaster_user_id: broadcasterUserId, events: events.map((e) => ({ name: e.name, version: e.version })), method: 'webhook' };
      const done = await exchange({ method: 'POST', path: '/public/v1/events/subscriptions', json, withToken: true });
      return result(done, body(done, validateCreateEventSubscriptionsResponse200).data);
    },
    async deleteSubscriptions(ids) {
      if (ids.length === 0 || ids.length > KICK_MAX_IDS_PER_CALL) {
        throw usageError(`deleteSubscriptions takes 1 to ${KICK_MAX_IDS_PER_CALL} ids per call, got ${ids.length}; split the list with chunk50`);
      }
      // Kick answers 204 with no body: nothing to check.
      const done = await exchange({ method: 'DELETE', path: '/public/v1/events/subscriptions', query: repeated('id', ids), withToken: true });
      return result(done, null);
    },
    async getPublicKey() {
      const done = await exchange({ method: 'GET', path: '/public/v1/public-key', withToken: false });
      return result(done, body(done, validateGetPublicKeyResponse200).data.public_key);
    },
  };
}
