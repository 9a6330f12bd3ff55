/**
 * The envelope id of an event re-created from `vf.raw_events` (`vf replay --from raw`). Receivers
 * dedupe on envelope id, so a re-created event must keep the id it was first delivered under:
 * the raw event's `envelope_id`. Pure.
 *
 * A raw event with no envelope id was quarantined and never released. Should its inbox row be gone
 * too, the id is derived from the raw id (a UUIDv7 at the receive time, the rest from a SHA-256 of
 * the raw id), so replaying it again, from any process, names the same envelope and the outbox's
 * unique envelope id keeps it once.
 */
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** The stable envelope id for a raw event without one. */
export function derivedEnvelopeId(rawId: string, receivedAt: Date): string {
  const random = createHash('sha256').update(`vf-raw-event:${rawId}`).digest().subarray(0, 16);
  return uuidv7({ msecs: receivedAt.getTime(), random });
}
