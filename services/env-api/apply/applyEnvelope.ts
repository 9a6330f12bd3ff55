/**
 * Applies one checked envelope (DESIGN §7): in ONE PostgreSQL transaction, insert its
 * `processed_events(event_id, type, time)` row, and when the row is new run the projector of its
 * type. A conflict means the event was applied before: `duplicate`, nothing else runs. A projector
 * answering `unsupported`, or throwing, rolls the transaction back, so no `processed_events` row
 * stays and a later replay applies the event.
 *
 * Idempotency: the `processed_events` primary key decides; two deliveries of one envelope id, even
 * at the same time, apply once (the second waits on the first's row lock, then sees the conflict).
 */
import { sql } from 'slonik';
import type { EventType } from '../../../generated/asyncapi/catalogue.ts';
import type { EnvelopeOf, ProjectorMap, ProjectorOutcome } from '../../../generated/asyncapi/handlers.ts';
import { coerceError } from '../../shared/errors.ts';
import { DatabaseUnavailableError } from '../../shared/pg/databaseErrors.ts';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { EnvPool } from '../../shared/pg/pools.ts';
import type { ProjectorTx } from '../projectors/projectorTx.ts';
import type { EnvelopeKey } from './checkEnvelope.ts';

/** What applying one envelope came to. */
export type ApplyOutcome =
  | { readonly status: 'processed' }
  | { readonly status: 'duplicate' }
  | { readonly status: 'unsupported'; readonly reason: string }
  | { readonly status: 'failed'; readonly message: string; readonly error: Error };

/** Thrown inside the transaction to roll it back when the projector is a stub; never escapes. */
class ProjectorDeclined extends Error {
  readonly reason: string;

  constructor(reason: string) {
    super(reason);
    this.reason = reason;
  }
}

function runProjector<K extends EventType>(projectors: ProjectorMap<ProjectorTx>, envelope: EnvelopeOf<K>, type: K, tx: ProjectorTx): Promise<ProjectorOutcome> {
  return projectors[type](envelope, tx);
}

/**
 * Applies `envelope` through `pool`.
 *
 * @throws DatabaseUnavailableError when PostgreSQL cannot be reached or goes away: nothing was
 *   applied, and the caller answers for the request (503 or a partial answer).
 */
export async function applyEnvelope(pool: EnvPool, projectors: ProjectorMap<ProjectorTx>, key: EnvelopeKey, envelope: EnvelopeOf<EventType>): Promise<ApplyOutcome> {
  try {
    return await pool.transaction(async (tx): Promise<ApplyOutcome> => {
      const inserted = await tx.maybeOneFirst(sql.unsafe`
        INSERT INTO processed_events (event_id, type, time)
        VALUES (${key.id}, ${key.type}, ${key.time}::timestamptz)
        ON CONFLICT (event_id) DO NOTHING
        RETURNING true`);
      if (inserted === null) return { status: 'duplicate' };
      const outcome = await runProjector(projectors, envelope, key.type, tx);
      if (outcome.status === 'unsupported') throw new ProjectorDeclined(outcome.reason);
      return { status: 'processed' };
    });
  } catch (e: unknown) {
    if (e instanceof ProjectorDeclined) return { status: 'unsupported', reason: e.reason };
    const error = mapPgError(e);
    // A lost connection is not the projector's fault: the whole request is answered for.
    if (error instanceof DatabaseUnavailableError) throw error;
    return { status: 'failed', message: coerceError(error).message, error };
  }
}
