/**
 * The seam to Kick's public API (contracts/openapi/kick-api.yaml): what the viewer poller, the
 * subscription sync, the `vf channels` commands and the public-key fetch call. Every call reports
 * its HTTP status and latency, because the poller writes one `dm.scrape_log` row per call.
 */
import type { Channel, EventSubscription, SubscriptionResult } from '../../../generated/openapi/kick-api.schemas.ts';
import { AppError } from '../../shared/errors.ts';

/** A successful call. */
export interface KickCall<T> {
  readonly data: T;
  readonly httpStatus: number;
  readonly latencyMs: number;
}

/** One event of a subscription request. */
export interface KickEventRef {
  readonly name: string;
  readonly version: number;
}

/** Kick's public API as the ingest tier uses it (app access token, client credentials). */
export interface KickApiClient {
  /** `GET /public/v1/channels`: by up to 50 broadcaster user ids, or by up to 50 slugs (never both). */
  getChannels(query: { readonly broadcasterUserIds: readonly number[] } | { readonly slugs: readonly string[] }): Promise<KickCall<readonly Channel[]>>;
  /** `GET /public/v1/events/subscriptions`, optionally for one broadcaster. */
  listSubscriptions(broadcasterUserId?: number): Promise<KickCall<readonly EventSubscription[]>>;
  /** `POST /public/v1/events/subscriptions` (method webhook); one result per event, `error` non-empty on failure. */
  createSubscriptions(broadcasterUserId: number, events: readonly KickEventRef[]): Promise<KickCall<readonly SubscriptionResult[]>>;
  /** `DELETE /public/v1/events/subscriptions?id=…&id=…`. */
  deleteSubscriptions(ids: readonly string[]): Promise<KickCall<null>>;
  /** `GET /public/v1/public-key`: the webhook signing key (PEM). Needs no token. */
  getPublicKey(): Promise<KickCall<string>>;
}

/** Why a Kick API call failed. */
export type KickApiErrorCode =
  /** 429; `retryAfterMs` from `Retry-After` when Kick sent one. */
  | 'KICK_API_RATE_LIMITED'
  /** 401/403 even after renewing the token once, or the token endpoint refused our credentials. */
  | 'KICK_API_UNAUTHORIZED'
  /** Any other non-2xx, or a 2xx whose body does not match the contract. */
  | 'KICK_API_FAILED'
  /** Transport error or timeout: no HTTP status. */
  | 'KICK_API_UNREACHABLE';

/** A failed Kick API call, with what a scrape_log row needs. */
export class KickApiError extends AppError {
  declare readonly code: KickApiErrorCode;
  /** Null when no response arrived. */
  readonly httpStatus: number | null;
  readonly retryAfterMs: number | null;
  readonly latencyMs: number;
  /** e.g. `GET /public/v1/channels`. */
  readonly endpoint: string;

  constructor(code: KickApiErrorCode, message: string, fields: { httpStatus: number | null; retryAfterMs?: number | null; latencyMs: number; endpoint: string; cause?: unknown }) {
    super(code, message, { cause: fields.cause, details: { httpStatus: fields.httpStatus, endpoint: fields.endpoint } });
    this.httpStatus = fields.httpStatus;
    this.retryAfterMs = fields.retryAfterMs ?? null;
    this.latencyMs = fields.latencyMs;
    this.endpoint = fields.endpoint;
  }
}
