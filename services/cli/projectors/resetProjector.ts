/**
 * The destructive half of `vf projector rebuild` (DESIGN §6), in the environment's database:
 * truncates the projector's tables and deletes the `processed_events` rows of its types, in one
 * transaction, so the environment applies those events again when they are replayed (an event
 * with a `processed_events` row would answer `duplicate` and change nothing).
 *
 * Run it before the replay: a replayed delivery sent before the truncation would be wiped by it.
 * Events the fan-out delivers while this runs are either applied before (and wiped, then replayed)
 * or after (and kept): TRUNCATE waits for the environment's open transactions on those tables.
 */
import { sql } from 'slonik';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { EnvPool } from '../../shared/pg/pools.ts';
import type { ProjectorEntry } from './projectorCatalogue.ts';

/** What the reset removed. */
export interface ProjectorReset {
  /** Rows per table before the truncation. */
  readonly tables: Readonly<Record<string, number>>;
  readonly processedEvents: number;
}

/** Empties the projector's tables and forgets its processed events. */
export async function resetProjector(pool: EnvPool, projector: ProjectorEntry): Promise<ProjectorReset> {
  try {
    return await pool.transaction(async (tx) => {
      const tables: Record<string, number> = {};
      // Table names come from the catalogue, never from input; still quoted as identifiers.
      for (const table of projector.tables) {
        tables[table] = Number(await tx.oneFirst(sql.unsafe`SELECT count(*)::int FROM ${sql.identifier(['public', table])}`));
      }
      await tx.query(sql.unsafe`TRUNCATE ${sql.join(projector.tables.map((t) => sql.identifier(['public', t])), sql.fragment`, `)}`);
      const processedEvents = Number(await tx.oneFirst(sql.unsafe`
        WITH gone AS (DELETE FROM public.processed_events WHERE type = ANY(${sql.array(projector.types, 'text')}) RETURNING 1)
        SELECT count(*)::int FROM gone`));
      return { tables, processedEvents };
    });
  } catch (e: unknown) {
    throw mapPgError(e);
  }
}
