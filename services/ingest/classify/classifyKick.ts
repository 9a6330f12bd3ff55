/**
 * Turns a correctly signed Kick request into a `Delivery` (DESIGN §5, after the signature):
 * replay window → JSON → known type and version → payload schema. The first check that fails
 * quarantines the delivery; Kick retries a 4xx and then unsubscribes, so nothing here refuses.
 */
import { kickEventType } from '../../../generated/asyncapi/catalogue.ts';
import type { Delivery, QuarantineReason } from '../accept/delivery.ts';
import { addMs, checkPayload, parseJsonBody, sha256, type ValidationIssue } from './payloadChecks.ts';

/** A Kick request whose required headers are present and whose signature verified. */
export interface KickRequest {
  readonly rawBody: Buffer;
  /** Lower-case names, as received. */
  readonly headers: Readonly<Record<string, string>>;
  readonly receivedAt: Date;
}

/** Options of {@link classifyKick}. */
export interface ClassifyKickOptions {
  /** How old `Kick-Event-Message-Timestamp` may be (`KICK_REPLAY_WINDOW_SECONDS`). */
  readonly replayWindowSeconds: number;
  /** How far ahead of our clock it may be; default 300. */
  readonly futureToleranceSeconds?: number;
  /** False for `vf quarantine replay`: the window is a receive-time rule, not a property of the event. */
  readonly checkReplayWindow: boolean;
}

/** Kick resends a body under a new message id when a channel has duplicate subscriptions (issue #246): dedupe it for a day. */
const BODY_DEDUPE_MS = 24 * 60 * 60 * 1000;

// RFC 3339 date-time; Date.parse alone accepts far looser text ("2025", "Jan 14 2025").
const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

function parseKickTimestamp(text: string): Date | null {
  if (!rfc3339.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms);
}

function header(headers: Readonly<Record<string, string>>, name: string): string {
  return headers[name] ?? '';
}

function outsideWindow(time: Date, receivedAt: Date, options: ClassifyKickOptions): boolean {
  const ageMs = receivedAt.getTime() - time.getTime();
  return ageMs > options.replayWindowSeconds * 1000 || -ageMs > (options.futureToleranceSeconds ?? 300) * 1000;
}

/** Classifies a verified Kick request. Precondition: the required headers are present and the signature verified. */
export function classifyKick(input: KickRequest, options: ClassifyKickOptions): Delivery {
  const providerType = header(input.headers, 'kick-event-type');
  const providerVersion = header(input.headers, 'kick-event-version');
  const providerTime = parseKickTimestamp(header(input.headers, 'kick-event-message-timestamp'));
  const base = {
    source: 'kick',
    rawBody: input.rawBody,
    headers: input.headers,
    receivedAt: input.receivedAt,
    providerMessageId: header(input.headers, 'kick-event-message-id'),
    providerType,
    providerVersion,
    bodySha256: sha256(input.rawBody),
    dedupeKeys: [
      {
        key: `kick:body:${sha256(`${providerType}\n${providerVersion}\n`, input.rawBody).toString('hex')}`,
        expiresAt: addMs(input.receivedAt, BODY_DEDUPE_MS),
      },
    ],
  } as const;
  const quarantine = (reason: QuarantineReason, errors: readonly ValidationIssue[] = []): Delivery => ({ ...base, kind: 'quarantine', reason, errors, providerTime });

  // An unreadable timestamp cannot be placed in the window, nor become the envelope `time`.
  if (providerTime === null) return quarantine('INGEST_TIMESTAMP_OUTSIDE_WINDOW');
  if (options.checkReplayWindow && outsideWindow(providerTime, input.receivedAt, options)) return quarantine('INGEST_TIMESTAMP_OUTSIDE_WINDOW');

  const body = parseJsonBody(input.rawBody);
  if (body.kind === 'not_json') return quarantine('INGEST_BODY_NOT_JSON');

  const eventType = kickEventType(providerType, providerVersion);
  if (eventType === undefined) return quarantine('INGEST_EVENT_TYPE_UNKNOWN');

  const payload = checkPayload(eventType, body.value);
  if (payload.kind === 'invalid') return quarantine('INGEST_PAYLOAD_INVALID', payload.errors);

  return { ...base, kind: 'valid', eventType, data: body.value, providerTime, subject: payload.subject, broadcasterUserId: broadcasterUserIdOf(body.value) };
}

/** `broadcaster.user_id` when the payload has a numeric one (every Kick type but none of Sumsub's). */
function broadcasterUserIdOf(data: unknown): number | null {
  if (typeof data !== 'object' || data === null || !('broadcaster' in data)) return null;
  const broadcaster = data.broadcaster;
  if (typeof broadcaster !== 'object' || broadcaster === null || !('user_id' in broadcaster)) return null;
  return typeof broadcaster.user_id === 'number' ? broadcaster.user_id : null;
}
