/**
 * Dedupe planning for one batch, pure: which deliveries are new, which repeat a stored original
 * (found in the database) and which repeat an earlier delivery of the same batch.
 *
 * A delivery's identities are its inbox key (source + provider message id) and its live dedupe
 * keys; two deliveries sharing any identity are the same delivery.
 */
import type { AcceptResult, Delivery, QuarantineReason } from './delivery.ts';

/** A stored delivery that a new one repeats, as the database knows it. */
export interface Original {
  readonly status: 'accepted' | 'quarantined';
  readonly rawEventId: string;
  readonly envelopeId: string | null;
  readonly quarantineReason: QuarantineReason | null;
}

/** What becomes of one delivery of the batch. */
export type Slot =
  | { readonly kind: 'new'; readonly delivery: Delivery; readonly rawEventId: string; readonly envelopeId: string | null }
  | { readonly kind: 'repeat'; readonly original: Original }
  /** Repeats the `new` slot at `primary` (an earlier delivery of this batch). */
  | { readonly kind: 'repeatInBatch'; readonly primary: number };

/** The identity of an inbox key. */
export function messageIdentity(source: string, providerMessageId: string): string {
  return `msg:${source}:${providerMessageId}`;
}

/** The identity of a dedupe key. */
export function dedupeKeyIdentity(key: string): string {
  return `key:${key}`;
}

/** Identities of a delivery; dedupe keys already expired at `now` do not count (they are not claimed either). */
export function identitiesOf(delivery: Delivery, now: Date): string[] {
  const identities = new Set<string>();
  if (delivery.providerMessageId !== null) identities.add(messageIdentity(delivery.source, delivery.providerMessageId));
  for (const k of delivery.dedupeKeys) if (k.expiresAt.getTime() > now.getTime()) identities.add(dedupeKeyIdentity(k.key));
  return [...identities];
}

/**
 * Assigns every delivery a slot, in batch order: a match in `originals` (stored rows) wins, then
 * an earlier delivery of the batch; otherwise the delivery is new and gets fresh ids. A repeat
 * also lends its own identities to what it repeats, so a chain of partial overlaps resolves to one
 * original.
 */
export function planBatch(
  deliveries: readonly Delivery[],
  originals: ReadonlyMap<string, Original>,
  now: Date,
  newId: () => string,
): Slot[] {
  const claimed = new Map<string, Slot>();
  const slots: Slot[] = [];
  deliveries.forEach((delivery, index) => {
    const identities = identitiesOf(delivery, now);
    const stored = identities.map((i) => originals.get(i)).find((o) => o !== undefined);
    const earlier = identities.map((i) => claimed.get(i)).find((s) => s !== undefined);
    let slot: Slot;
    if (stored !== undefined) slot = { kind: 'repeat', original: stored };
    else if (earlier !== undefined) slot = earlier;
    else {
      const envelopeId = delivery.kind === 'valid' ? newId() : null;
      slots.push({ kind: 'new', delivery, rawEventId: newId(), envelopeId });
      slot = { kind: 'repeatInBatch', primary: index };
      for (const i of identities) claimed.set(i, slot);
      return;
    }
    slots.push(slot);
    for (const i of identities) if (!claimed.has(i)) claimed.set(i, slot);
  });
  return slots;
}

/** The answer of each slot once the batch has committed. */
export function resultsOf(slots: readonly Slot[]): AcceptResult[] {
  return slots.map((slot) => {
    if (slot.kind === 'repeat') return duplicateOf(slot.original);
    if (slot.kind === 'new') return resultOfNew(slot);
    const primary = slots[slot.primary];
    if (primary?.kind !== 'new') throw new Error(`planBatch: slot ${String(slot.primary)} is not a new delivery`);
    const { delivery, rawEventId, envelopeId } = primary;
    return delivery.kind === 'valid'
      ? duplicateOf({ status: 'accepted', rawEventId, envelopeId, quarantineReason: null })
      : duplicateOf({ status: 'quarantined', rawEventId, envelopeId: null, quarantineReason: delivery.reason });
  });
}

function resultOfNew(slot: Extract<Slot, { kind: 'new' }>): AcceptResult {
  const { delivery, rawEventId, envelopeId } = slot;
  if (delivery.kind === 'quarantine') return { kind: 'quarantined', rawEventId, reason: delivery.reason };
  if (envelopeId === null) throw new Error('planBatch: an accepted delivery has no envelope id');
  return { kind: 'accepted', envelopeId, rawEventId };
}

function duplicateOf(original: Original): AcceptResult {
  return {
    kind: 'duplicate',
    envelopeId: original.envelopeId,
    rawEventId: original.rawEventId,
    originalStatus: original.status,
    quarantineReason: original.status === 'quarantined' ? original.quarantineReason : null,
  };
}
