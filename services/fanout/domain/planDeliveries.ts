/**
 * Per-event outcomes of a 200 answer (DESIGN §6): what each delivery of the batch becomes, given
 * the target's `results`. Pure; the caller writes the decisions in one transaction.
 */
import type { EventResult } from '../../../generated/openapi/internal-events.schemas.ts';

/** A batch member as the sender knows it when the answer arrives. */
export interface PlannedMember {
  readonly deliveryId: string;
  readonly envelopeId: string;
  /** `outbox_delivery.attempts` before this answer. */
  readonly attempts: number;
}

/** What the target said about one event; `missing` when the answer did not mention it. */
export type EventOutcome = EventResult['status'] | 'missing';

/** The new state of one delivery. `attempts` counts this answer. */
export type DeliveryDecision =
  | { kind: 'done'; deliveryId: string; outcome: 'processed' | 'duplicate'; attempts: number }
  | { kind: 'parked'; deliveryId: string; outcome: 'unsupported'; attempts: number; error: string | null }
  | { kind: 'retry'; deliveryId: string; outcome: 'failed' | 'missing'; attempts: number; error: string }
  /** `rejected`, or `failed`/`missing` with the attempts used up: a dead letter. */
  | { kind: 'dead'; deliveryId: string; envelopeId: string; outcome: EventOutcome; attempts: number; reason: 'rejected' | 'max_attempts'; error: string | null };

/**
 * Matches results to members by envelope id, or by batch index for an envelope the target could
 * not read an id from (the first result for a member wins; results naming no member are ignored),
 * and decides each member's fate. `failed` and missing events are retried until `maxAttempts`
 * answers have been spent on them.
 */
export function planDeliveries(members: readonly PlannedMember[], results: readonly EventResult[], maxAttempts: number): DeliveryDecision[] {
  const byEnvelope = new Map<string, EventResult>();
  const indexOf = new Map(members.map((m, i) => [m.envelopeId, i]));
  for (const result of results) {
    const member = result.id !== undefined && indexOf.has(result.id) ? result.id : result.index !== undefined ? members[result.index]?.envelopeId : undefined;
    if (member !== undefined && !byEnvelope.has(member)) byEnvelope.set(member, result);
  }
  return members.map((member) => decide(member, byEnvelope.get(member.envelopeId), maxAttempts));
}

function decide(member: PlannedMember, result: EventResult | undefined, maxAttempts: number): DeliveryDecision {
  const attempts = member.attempts + 1;
  const { deliveryId } = member;
  const error = result?.error === undefined ? null : `${result.error.code}: ${result.error.message}`;
  const outcome: EventOutcome = result?.status ?? 'missing';
  switch (outcome) {
    case 'processed':
    case 'duplicate':
      return { kind: 'done', deliveryId, outcome, attempts };
    case 'unsupported':
      return { kind: 'parked', deliveryId, outcome, attempts, error };
    case 'rejected':
      return { kind: 'dead', deliveryId, envelopeId: member.envelopeId, outcome, attempts, reason: 'rejected', error };
    case 'failed':
    case 'missing': {
      const why = error ?? (outcome === 'missing' ? 'the answer had no result for this event' : 'failed without an error');
      if (attempts >= maxAttempts) return { kind: 'dead', deliveryId, envelopeId: member.envelopeId, outcome, attempts, reason: 'max_attempts', error: why };
      return { kind: 'retry', deliveryId, outcome, attempts, error: why };
    }
  }
}
