/**
 * Applies several checked envelopes in ONE PostgreSQL transaction: the same statements as
 * {@link applyEnvelope} (a `processed_events` row, then the projector when the row is new), but
 * one commit, so one WAL flush, for the whole group instead of one per event.
 *
 * One event's failure must never undo another's (DESIGN §7), so the group is all or nothing: when
 * any projector throws or declines, the transaction rolls back and the answer is `null`, and the
 * caller applies the same envelopes one transaction each. Projector failures are rare (a bug, or a
 * stub), so the fast path is the common one and the slow path gives exactly the old answers.
 *
 * Duplicates inside a group (the same envelope id twice) behave as in sequence: the second insert
 * meets the first's row in the same transaction and answers `duplicate`.
 */
import { sql } from 'slonik';
import type { EventType } from '../../../generated/asyncapi/catalogue.ts';
import type { EnvelopeOf, ProjectorMap, ProjectorOutcome } from '../../../generated/asyncapi/handlers.ts';
import { DatabaseUnavailableError } from '../../shared/pg/databaseErrors.ts';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { EnvPool } from '../../shared/pg/pools.ts';
import type { ProjectorTx } from '../projectors/projectorTx.ts';
import type { EnvelopeKey } from './checkEnvelope.ts';

/** One envelope of a group. */
export interface GroupItem {
  readonly key: EnvelopeKey;
  readonly envelope: EnvelopeOf<EventType>;
}

/** Thrown inside the transaction to roll the whole group back; never escapes. */
class GroupAbandoned extends Error {}

function runProjector<K extends EventType>(projectors: ProjectorMap<ProjectorTx>, envelope: EnvelopeOf<K>, type: K, tx: ProjectorTx): Promise<ProjectorOutcome> {
  return projectors[type](envelope, tx);
}

/**
 * Applies `items` in one transaction through `pool`: each one's status (`processed` or
 * `duplicate`) in order, or `null` when any projector threw or declined (nothing was applied).
 *
 * @throws DatabaseUnavailableError when PostgreSQL cannot be reached or goes away: nothing was
 *   applied (the commit did not happen), and the caller answers for the request.
 */
export async function applyGroup(pool: EnvPool, projectors: ProjectorMap<ProjectorTx>, items: readonly GroupItem[]): Promise<('processed' | 'duplicate')[] | null> {
  try {
    return await pool.transaction(async (tx) => {
      const statuses: ('processed' | 'duplicate')[] = [];
      for (const { key, envelope } of items) {
        const inserted = await tx.maybeOneFirst(sql.unsafe`
          INSERT INTO processed_events (event_id, type, time)
          VALUES (${key.id}, ${key.type}, ${key.time}::timestamptz)
          ON CONFLICT (event_id) DO NOTHING
          RETURNING true`);
        if (inserted === null) {
          statuses.push('duplicate');
          continue;
        }
        const outcome = await runProjector(projectors, envelope, key.type, tx).catch((e: unknown) => {
          // A lost connection is no projector's fault; anything else sends the group the slow way.
          const error = mapPgError(e);
          throw error instanceof DatabaseUnavailableError ? error : new GroupAbandoned();
        });
        if (outcome.status === 'unsupported') throw new GroupAbandoned();
        statuses.push('processed');
      }
      return statuses;
    });
  } catch (e: unknown) {
    if (e instanceof GroupAbandoned) return null;
    const error = mapPgError(e);
    if (error instanceof DatabaseUnavailableError) throw error;
    // A statement of our own failed (not a projector's): the slow path names it per event.
    return null;
  }
}
