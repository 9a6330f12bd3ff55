/**
 * Applies one envelope the way the `/internal/events` receiver does (DESIGN §7): in one
 * transaction, insert its `processed_events` row (a conflict means duplicate: nothing runs), then
 * run the projector of its type. `unsupported` rolls the transaction back, so no
 * `processed_events` row stays and a later replay applies; a projector error propagates.
 */
import { sql, type CommonQueryMethods } from 'slonik';
import type { EventType } from '../../../../generated/asyncapi/catalogue.ts';
import type { EnvelopeOf, Projector } from '../../../../generated/asyncapi/handlers.ts';
import { projectors } from '../index.ts';
import type { ProjectorTx } from '../projectorTx.ts';

/** What the receiver would answer for an envelope whose data is valid. */
export type ApplyStatus = 'processed' | 'duplicate' | 'unsupported';

/**
 * An envelope of any known type. Wider than `AnyEnvelope` on purpose: an `EnvelopeOf<EventType>`
 * (what a table of specs typed by a generic type yields) is accepted too.
 */
export type SomeEnvelope = EnvelopeOf<EventType>;

/** Anything that can open a transaction: a pool (a real transaction) or a transaction (a savepoint). */
export type TransactionOpener = Pick<CommonQueryMethods, 'transaction'>;

class Unsupported extends Error {}

function projectorFor<K extends EventType>(type: K): Projector<K, ProjectorTx> {
  return projectors[type];
}

// The generated EnvelopeOf<> is an Omit<> over an index signature, which types `id` and `time` unknown.
function text(envelope: SomeEnvelope, name: 'id' | 'time'): string {
  const value = envelope[name];
  if (typeof value !== 'string') throw new Error(`applyEnvelope: the envelope has no string ${name}`);
  return value;
}

/** Applies `envelope` through `db` and reports the receiver's status for it. */
export async function applyEnvelope(db: TransactionOpener, envelope: SomeEnvelope): Promise<ApplyStatus> {
  const id = text(envelope, 'id');
  const time = text(envelope, 'time');
  try {
    return await db.transaction(async (tx) => {
      const inserted = await tx.maybeOneFirst(sql.unsafe`
        INSERT INTO processed_events (event_id, type, time)
        VALUES (${id}, ${envelope.type}, ${time}::timestamptz)
        ON CONFLICT (event_id) DO NOTHING
        RETURNING event_id`);
      if (inserted === null) return 'duplicate';
      const outcome = await projectorFor(envelope.type)(envelope, tx);
      if (outcome.status === 'unsupported') throw new Unsupported(outcome.reason);
      return 'processed';
    });
  } catch (e: unknown) {
    if (e instanceof Unsupported) return 'unsupported';
    throw e;
  }
}

/** Applies `envelopes` one after the other (each in its own transaction) and returns their statuses. */
export async function applyAll(db: TransactionOpener, envelopes: readonly SomeEnvelope[]): Promise<ApplyStatus[]> {
  const statuses: ApplyStatus[] = [];
  for (const envelope of envelopes) statuses.push(await applyEnvelope(db, envelope));
  return statuses;
}
