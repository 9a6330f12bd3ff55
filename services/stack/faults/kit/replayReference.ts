/**
 * The reference an environment is compared with after faults: the envelopes of the outbox
 * (ordered by position), applied once each into a fresh environment database through the same
 * code `POST /internal/events` runs for each envelope (checkEnvelope, then applyEnvelope: the
 * `processed_events` row and the typed projector in one transaction), with no fault anywhere.
 */
import pg from 'pg';
import { checkEnvelope } from '../../../env-api/apply/checkEnvelope.ts';
import { applyEnvelope } from '../../../env-api/apply/applyEnvelope.ts';
import { projectors } from '../../../env-api/projectors/index.ts';
import { createEnvPool } from '../../../shared/pg/pools.ts';

/** Every outbox envelope of the dm database at `dmUrl`, in outbox order. */
export async function outboxEnvelopes(dmUrl: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: dmUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ envelope: unknown }>('SELECT envelope FROM ingest.outbox ORDER BY position');
    return rows.map((row) => row.envelope);
  } finally {
    await client.end();
  }
}

/** Applies `envelopes` one by one into the environment database at `envUrl`; throws on anything but `processed`. */
export async function replayInto(envUrl: string, envelopes: readonly unknown[]): Promise<void> {
  const pool = await createEnvPool(envUrl, { maximumPoolSize: 2 });
  try {
    for (const [index, item] of envelopes.entries()) {
      const check = checkEnvelope(item, index);
      if (check.kind !== 'apply') throw new Error(`outbox envelope ${String(index)} does not pass the receiver's checks: ${JSON.stringify(check.result)}`);
      const outcome = await applyEnvelope(pool, projectors, check.key, check.envelope);
      if (outcome.status !== 'processed') throw new Error(`outbox envelope ${check.key.id} (${check.key.type}) replayed as ${outcome.status}`);
    }
  } finally {
    await pool.end();
  }
}
