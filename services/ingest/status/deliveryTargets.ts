/**
 * The targets that have delivery rows, for a `vf status` run without FANOUT_TARGETS (an operator's
 * shell next to a running stack, whose targets are the stack's configuration): the targets the
 * rows name are the ones there is anything to report about.
 */
import { sql } from 'slonik';
import { mapPgError } from '../../shared/pg/mapPgError.ts';
import type { DmPool } from '../../shared/pg/pools.ts';

/** Distinct `ingest.outbox_delivery.target` values, by name. */
export async function deliveryTargets(pool: DmPool): Promise<string[]> {
  try {
    const rows = await pool.anyFirst(sql.unsafe`SELECT DISTINCT target FROM ingest.outbox_delivery ORDER BY target`);
    return rows.map(String);
  } catch (e: unknown) {
    throw mapPgError(e);
  }
}
