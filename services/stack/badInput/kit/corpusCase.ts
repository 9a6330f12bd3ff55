/**
 * One case of the bad-input corpus: a name, the request (built when the case runs, since
 * signatures and timestamps depend on the moment and on the keys of the run) and the answer
 * DESIGN §5 (ingest receivers) or §7 (`/internal/events`) and the contracts name for it.
 */
import type { EventResultStatus } from '../../../../generated/openapi/internal-events.schemas.ts';
import type { QuarantineReason } from '../../../ingest/accept/delivery.ts';
import type { KickSigner } from '../../../ingest/app/test/publicAppHarness.ts';
import type { Ledger } from './ledger.ts';
import type { Endpoint, WireRequest } from './wire.ts';

/** What a case's request may use. */
export interface CorpusContext {
  /** The key pair the Kick receiver trusts. */
  readonly kick: KickSigner;
  /** A key pair it does not trust. */
  readonly otherKick: KickSigner;
  /** Unique to this run of this case: message ids and body nonces, so no case dedupes against another. */
  readonly tag: string;
}

/** Bytes that are not a {@link WireRequest} (e.g. conflicting framing headers), sent on a socket as they are. */
export interface RawRequest {
  readonly endpoint: Endpoint;
  readonly raw: Buffer;
}

/** One expected per-envelope result of `/internal/events`. */
export interface ExpectedResult {
  readonly status: EventResultStatus;
  readonly code?: string;
}

/** The documented answer. */
export type Expected =
  /** 200 `{status: accepted}`: one inbox row with the exact bytes, one outbox envelope holding the parsed body. */
  | { readonly answer: 'accepted' }
  /** 202 `{status: quarantined, reason}`: one quarantined inbox row with the exact bytes, no envelope. */
  | { readonly answer: 'quarantined'; readonly reason: QuarantineReason }
  /** An error body `{code, message}` with this status; nothing stored. */
  | { readonly answer: 'refused'; readonly status: number; readonly code: string }
  /** `/internal/events` 200 with one result per envelope; processed_events rows for `processed` only. */
  | { readonly answer: 'results'; readonly results: readonly ExpectedResult[] }
  /** Refused by Node's HTTP parser before any route runs (fastify's client-error body); nothing stored. */
  | { readonly answer: 'httpParser'; readonly status: number };

/** What a case's own extra check sees. */
export interface StoredView {
  readonly ledger: Ledger;
  /** The id the answer named (envelope id, raw event id, or the first result's id), else null. */
  readonly id: string | null;
}

/** One corpus case. */
export interface CorpusCase {
  readonly name: string;
  readonly endpoint: Endpoint;
  /** `socket`: raw bytes on a real connection (default: `app.inject()`). A RawRequest always goes on a socket. */
  readonly transport?: 'socket';
  readonly request: (ctx: CorpusContext) => WireRequest | RawRequest;
  readonly expect: Expected;
  /** A further check of what was stored (e.g. that text came through unchanged). */
  readonly verify?: (stored: StoredView) => Promise<void>;
}

/** Refused with `code` at `status`. */
export function refused(status: number, code: string): Expected {
  return { answer: 'refused', status, code };
}

/** Quarantined for `reason`. */
export function quarantined(reason: QuarantineReason): Expected {
  return { answer: 'quarantined', reason };
}

/** Accepted. */
export const accepted: Expected = { answer: 'accepted' };

/** `/internal/events` answered 200 with these results in order. */
export function results(...expected: readonly ExpectedResult[]): Expected {
  return { answer: 'results', results: expected };
}
