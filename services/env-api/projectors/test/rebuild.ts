/**
 * The rebuild check of STYLE "Tests / Projectors": apply a stream, snapshot the projector's tables,
 * then do what `vf projector rebuild` does (truncate the tables, delete the types'
 * `processed_events` rows, replay) in a shuffled order, and expect the very same rows.
 */
import { sql } from 'slonik';
import { expect } from 'vitest';
import type { EnvPool } from '../../../shared/pg/pools.ts';
import type { ProjectorTx } from '../projectorTx.ts';
import { applyAll, type SomeEnvelope } from './applyEnvelope.ts';
import { inRolledBackTransaction, type JsonRow } from './rolledBackTransaction.ts';

/** A projector's tables and the stream to rebuild them from. */
export interface RebuildOptions {
  /** The tables the projectors of `envelopes` write (emptied before the replay). */
  readonly tables: readonly string[];
  /** The stream: every envelope of the projectors' types. */
  readonly envelopes: readonly SomeEnvelope[];
  /** Seeds of the replay shuffles (one rebuild per seed; default `[1]`). */
  readonly seeds?: readonly number[];
}

/** Every row of each table as JSON, in a canonical order (so two snapshots compare with toEqual). */
export async function snapshotTables(db: ProjectorTx, tables: readonly string[]): Promise<Record<string, JsonRow[]>> {
  const snapshot: Record<string, JsonRow[]> = {};
  for (const table of tables) {
    const rows = await db.oneFirst(sql.unsafe`
      SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY to_jsonb(t)::text), '[]'::jsonb) FROM ${sql.identifier([table])} AS t`);
    snapshot[table] = rows as JsonRow[];
  }
  return snapshot;
}

/** A deterministic permutation of `items` (mulberry32 + Fisher–Yates), so a failing seed can be rerun. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Truncates `tables`, deletes the `processed_events` rows of the stream's types, replays the stream shuffled by `seed`. */
export async function rebuild(db: ProjectorTx, tables: readonly string[], envelopes: readonly SomeEnvelope[], seed: number): Promise<void> {
  await db.query(sql.unsafe`TRUNCATE ${sql.join(tables.map((t) => sql.identifier([t])), sql.fragment`, `)}`);
  const types = [...new Set(envelopes.map((e) => e.type))];
  await db.query(sql.unsafe`DELETE FROM processed_events WHERE type = ANY(${sql.array(types, 'text')})`);
  const statuses = await applyAll(db, shuffled(envelopes, seed));
  expect(statuses.filter((s) => s !== 'processed' && s !== 'duplicate')).toEqual([]);
}

/**
 * Applies the stream in the given order, snapshots `tables`, rebuilds once per seed and expects
 * the same snapshot each time. All in one rolled-back transaction; returns the snapshot so the
 * test can also check it is not trivially empty.
 */
export async function expectRebuildGivesSameRows(pool: EnvPool, options: RebuildOptions): Promise<Record<string, JsonRow[]>> {
  return inRolledBackTransaction(pool, async (tx) => {
    await applyAll(tx, options.envelopes);
    const before = await snapshotTables(tx, options.tables);
    for (const seed of options.seeds ?? [1]) {
      await rebuild(tx, options.tables, options.envelopes, seed);
      expect(await snapshotTables(tx, options.tables), `rebuild with shuffle seed ${String(seed)}`).toEqual(before);
    }
    return before;
  });
}

/**
 * Applying twice equals applying once, at the projector level: applies the stream, snapshots
 * `tables`, deletes the stream's `processed_events` rows (as a purge past retention would) and
 * applies it again, in the same order, expecting the same snapshot. In a rolled-back transaction.
 */
export async function expectReapplyChangesNothing(pool: EnvPool, tables: readonly string[], envelopes: readonly SomeEnvelope[]): Promise<Record<string, JsonRow[]>> {
  return inRolledBackTransaction(pool, async (tx) => {
    await applyAll(tx, envelopes);
    const once = await snapshotTables(tx, tables);
    await tx.query(sql.unsafe`DELETE FROM processed_events WHERE event_id = ANY(${sql.array(envelopes.map((e) => String(e.id)), 'uuid')})`);
    expect(await applyAll(tx, envelopes)).toEqual(envelopes.map(() => 'processed'));
    expect(await snapshotTables(tx, tables), 'the stream applied a second time').toEqual(once);
    return once;
  });
}
