/**
 * The seam between the receivers (verify, classify) and the accept path (one PostgreSQL
 * transaction). A receiver turns a verified provider request into a `Delivery`; the acceptor
 * stores it and answers once the transaction has committed.
 *
 * Terminology: a delivery is one provider request (or one viewer probe); the inbox row keeps its
 * raw bytes and headers; an accepted delivery gets an envelope in the outbox and one delivery row
 * per configured fan-out target.
 */
import type { EventType } from '../../../generated/asyncapi/catalogue.ts';

/** `kick_probe` is the viewer poller's own source (no signature to re-verify). */
export type DeliverySource = 'kick' | 'sumsub' | 'kick_probe';

/** Reasons a correctly signed delivery is quarantined (the contract's IngestQuarantineReason). */
export type QuarantineReason =
  | 'INGEST_BODY_NOT_JSON'
  | 'INGEST_EVENT_TYPE_UNKNOWN'
  | 'INGEST_PAYLOAD_INVALID'
  | 'INGEST_TIMESTAMP_OUTSIDE_WINDOW';

/** A time-limited dedupe key (Kick: SHA-256 of type + body for 24 h; Sumsub: SHA-256 of body for 90 days). */
export interface DedupeKey {
  readonly key: string;
  readonly expiresAt: Date;
}

interface DeliveryBase {
  readonly source: DeliverySource;
  readonly rawBody: Buffer;
  /** Headers as received, lower-case names (the ones a re-verification needs, at least). */
  readonly headers: Readonly<Record<string, string>>;
  readonly receivedAt: Date;
  /** Kick-Event-Message-Id or `probe:<broadcaster>:<minute>`; null for Sumsub (no delivery id). */
  readonly providerMessageId: string | null;
  /** The provider's type and version as sent (Kick headers, Sumsub `type`), for the inbox and ClickHouse. */
  readonly providerType: string | null;
  readonly providerVersion: string | null;
  readonly bodySha256: Buffer;
  readonly dedupeKeys: readonly DedupeKey[];
}

/** A delivery that passed every check: it becomes an envelope. */
export interface ValidDelivery extends DeliveryBase {
  readonly kind: 'valid';
  readonly eventType: EventType;
  /** The payload, already narrowed by the generated validator of `eventType`. */
  readonly data: unknown;
  /** The provider's time for the message (DESIGN §4): the envelope `time`. */
  readonly providerTime: Date;
  readonly subject: string;
  /** Kick broadcaster user id when the event has one (ClickHouse column, dm upkeep). */
  readonly broadcasterUserId: number | null;
}

/** A correctly signed delivery that cannot be accepted as it is: stored, deduped, not fanned out. */
export interface QuarantinedDelivery extends DeliveryBase {
  readonly kind: 'quarantine';
  readonly reason: QuarantineReason;
  /** Validation errors or a parse message, for `vf quarantine list`. */
  readonly errors: readonly unknown[];
  readonly providerTime: Date | null;
}

export type Delivery = ValidDelivery | QuarantinedDelivery;

/** What the acceptor answers, only after the commit. */
export type AcceptResult =
  | { readonly kind: 'accepted'; readonly envelopeId: string; readonly rawEventId: string }
  | {
      readonly kind: 'duplicate';
      /** The original's envelope id; null when the original is (still) quarantined. */
      readonly envelopeId: string | null;
      readonly rawEventId: string;
      readonly originalStatus: 'accepted' | 'quarantined';
      /** The original's quarantine reason, when it is quarantined (the route answers 202 again). */
      readonly quarantineReason: QuarantineReason | null;
    }
  | { readonly kind: 'quarantined'; readonly rawEventId: string; readonly reason: QuarantineReason };

/** Stores deliveries. Throws `DatabaseUnavailableError` (services/shared/pg) when nothing could be committed: the route answers 503. */
export interface Acceptor {
  accept(delivery: Delivery): Promise<AcceptResult>;
}
