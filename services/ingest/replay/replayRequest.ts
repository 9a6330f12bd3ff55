/**
 * What `vf replay` (and `vf projector rebuild`) asks for and what it reports (DESIGN §6 "Replay").
 *
 * The time window is on the envelope `time`, the provider's time for the message (DESIGN §4:
 * Kick's message timestamp, Sumsub `createdAtMs`, a probe's minute): `ingest.outbox.time` for a
 * replay from the outbox, `vf.raw_events.provider_time` (the same instant) from raw events. It is
 * half-open: `since` included, `until` excluded. Receive time is not used: it is what a
 * provider's retries or an outage shift, while the event's own time is what an operator names.
 */
import { AppError } from '../../shared/errors.ts';

/** Which events to deliver again, to one target. */
export interface ReplayRequest {
  /** A configured fan-out target (`FANOUT_TARGETS`). */
  readonly target: string;
  /** Envelope `time` at or after this instant. */
  readonly since?: Date;
  /** Envelope `time` before this instant. */
  readonly until?: Date;
  /** Versioned event types (`kick.chat.message.sent.v1`); absent: every type. */
  readonly types?: readonly string[];
  /** Envelope subject (`kick/broadcaster/123`); absent: every subject. */
  readonly subject?: string;
  /** Count what would be queued; write nothing. */
  readonly dryRun?: boolean;
}

/** An event read back from `vf.raw_events` that today's contracts refuse (or whose body has expired). */
export interface NotPassing {
  readonly rawId: string;
  readonly type: string;
  /** A quarantine reason code (`INGEST_PAYLOAD_INVALID`, …) or `RAW_BODY_EXPIRED`. */
  readonly reason: string;
  readonly errors: readonly unknown[];
}

/** What a replay did (or, with `dryRun`, would do). */
export interface ReplaySummary {
  readonly from: 'outbox' | 'raw';
  readonly target: string;
  readonly dryRun: boolean;
  /** Events in the window that match the filters. */
  readonly matched: number;
  /** New pending deliveries (dry run: that would be inserted). */
  readonly queued: number;
  /** Events that already had a pending delivery to the target: left as they are. */
  readonly skippedAlreadyPending: number;
  /** From raw: outbox rows re-created (retention had purged them), with their original envelope id. */
  readonly recreated: number;
  /** From raw: quarantined deliveries that now pass but are still in quarantine: `vf quarantine replay` releases them (to every target). */
  readonly inQuarantine: number;
  /** From raw: what today's contracts refuse. */
  readonly notPassing: readonly NotPassing[];
}

/** Progress of a long replay: events looked at so far, and how many there are (null: unknown). */
export type ReplayProgress = (progress: { readonly done: number; readonly total: number | null }) => void;

/** Throws `INGEST_REQUEST_INVALID` for an empty or inverted window. */
export function checkReplayWindow(request: ReplayRequest): void {
  const { since, until } = request;
  for (const [name, at] of [['since', since], ['until', until]] as const) {
    if (at !== undefined && Number.isNaN(at.getTime())) throw new AppError('INGEST_REQUEST_INVALID', `${name} is not a valid time`);
  }
  if (since !== undefined && until !== undefined && since.getTime() >= until.getTime()) {
    throw new AppError('INGEST_REQUEST_INVALID', `the window is empty: since (${since.toISOString()}) must be before until (${until.toISOString()})`);
  }
}
