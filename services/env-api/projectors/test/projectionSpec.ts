/**
 * Given/When/Then for projectors against real PostgreSQL (emmett's `postgresProjectionSpec`):
 *
 *   const spec = projectionSpec(() => pool);
 *   it('…', () =>
 *     spec.given(started).when(ended).then(async ({ rows, results }) => {
 *       expect(results).toEqual(['processed']);
 *       expect(await rows(sql.unsafe`SELECT is_live FROM kick_livestreams`)).toEqual([{ is_live: false }]);
 *     }));
 *
 * Each spec runs in one outer transaction that is rolled back at the end, so specs never see each
 * other's rows; each envelope is applied as the receiver applies it (applyEnvelope.ts), in a
 * savepoint of that transaction. The session time zone is UTC there, so `rows` renders
 * timestamptz as `…+00:00`.
 */
import type { QuerySqlToken } from 'slonik';
import type { EnvPool } from '../../../shared/pg/pools.ts';
import type { ProjectorTx } from '../projectorTx.ts';
import { applyAll, type ApplyStatus, type SomeEnvelope } from './applyEnvelope.ts';
import { inRolledBackTransaction, jsonRows, type JsonRow } from './rolledBackTransaction.ts';

export { applyAll, applyEnvelope, type ApplyStatus, type SomeEnvelope } from './applyEnvelope.ts';
export { envelopeFor, type DataPatch, type EnvelopeOverrides } from './envelopeFor.ts';
export { inRolledBackTransaction, jsonRows, type JsonRow } from './rolledBackTransaction.ts';
export { expectReapplyChangesNothing, expectRebuildGivesSameRows, rebuild, shuffled, snapshotTables, type RebuildOptions } from './rebuild.ts';

/** What a `then` callback gets. */
export interface ThenContext {
  /** The spec's transaction: query anything. */
  readonly tx: ProjectorTx;
  /** Runs `query` and returns its rows as JSON, in the query's order. */
  readonly rows: (query: QuerySqlToken) => Promise<JsonRow[]>;
  /** The receiver's status for each `when` envelope, in order. */
  readonly results: ApplyStatus[];
}

/** The three steps of a spec. */
export interface ProjectionSpec {
  given(...envelopes: SomeEnvelope[]): {
    when(...envelopes: SomeEnvelope[]): {
      then(check: (context: ThenContext) => Promise<void>): Promise<void>;
    };
  };
}

/** A spec runner on the pool `pool()` returns (read lazily: pools usually open in beforeAll). */
export function projectionSpec(pool: () => EnvPool): ProjectionSpec {
  return {
    given: (...given) => ({
      when: (...when) => ({
        then: (check) =>
          inRolledBackTransaction(pool(), async (tx) => {
            await applyAll(tx, given);
            const results = await applyAll(tx, when);
            await check({ tx, rows: (query) => jsonRows(tx, query), results });
          }),
      }),
    }),
  };
}
