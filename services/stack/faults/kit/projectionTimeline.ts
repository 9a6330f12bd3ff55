/**
 * When each event was received and when an environment applied it, read back from the databases
 * after a run: the outbox row's `created_at` (the accepting transaction's time, the same as its
 * inbox row's `received_at`) and the environment's `processed_events.processed_at` (the applying
 * transaction's start). The environment applies a lane's events in groups of up to 50 per
 * transaction (env-api/apply/applyBatch.ts), one group after the other, so the events of one
 * subject get non-decreasing times in the order they were applied, and the events of one group
 * the same time. All databases of a fault test live on one server, so both times come from one
 * clock. Times are kept in microseconds: consecutive groups often start within one millisecond.
 */
import { queryRows } from './readModelChecksums.ts';

/** One outbox event, in outbox order. */
export interface OutboxEvent {
  readonly id: string;
  readonly position: number;
  readonly subject: string;
  readonly type: string;
  /** Receipt, µs since the epoch. */
  readonly receivedUs: number;
}

/** Every outbox event of the dm database at `dmUrl`, by position. */
export async function readOutboxEvents(dmUrl: string): Promise<OutboxEvent[]> {
  const rows = await queryRows<{ id: string; position: string; subject: string; type: string; us: string }>(
    dmUrl,
    // Ordered by the column, not by the text alias of the same name.
    `SELECT o.envelope_id::text AS id, o.position::text AS position, o.subject, o.type, floor(extract(epoch FROM o.created_at) * 1000000)::bigint::text AS us
       FROM ingest.outbox o ORDER BY o.position`,
  );
  return rows.map((row) => ({ id: row.id, position: Number(row.position), subject: row.subject, type: row.type, receivedUs: Number(row.us) }));
}

/** `processed_at` (µs) per envelope id of the environment database at `envUrl`. */
export async function readProcessedTimes(envUrl: string): Promise<Map<string, number>> {
  const rows = await queryRows<{ id: string; us: string }>(envUrl, `SELECT event_id::text AS id, floor(extract(epoch FROM processed_at) * 1000000)::bigint::text AS us FROM processed_events`);
  return new Map(rows.map((row) => [row.id, Number(row.us)]));
}

/** The `p`-th percentile (0–100, nearest rank) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Receipt → projection lag, in ms, of `events` in an environment (events it has not applied are left out). */
export function projectionLagsMs(events: readonly OutboxEvent[], processed: ReadonlyMap<string, number>): number[] {
  return events.flatMap((event) => {
    const at = processed.get(event.id);
    return at === undefined ? [] : [(at - event.receivedUs) / 1000];
  });
}

/** Two events of one subject committed in the opposite order to the outbox's. */
export interface OrderViolation {
  readonly subject: string;
  readonly earlier: { readonly position: number; readonly type: string };
  readonly later: { readonly position: number; readonly type: string };
  /** processed_at of the later event minus that of the earlier one (< 0), µs. */
  readonly gapUs: number;
}

/**
 * Per subject, no event may have been applied in a transaction that started before the one of an
 * event ahead of it in outbox order. Events with the same time were applied in one transaction, in
 * lane order, which is not visible afterwards: readers see them together.
 */
export function orderViolations(events: readonly OutboxEvent[], processed: ReadonlyMap<string, number>): OrderViolation[] {
  const last = new Map<string, { event: OutboxEvent; at: number }>();
  const violations: OrderViolation[] = [];
  for (const event of events) {
    const at = processed.get(event.id);
    if (at === undefined) continue;
    const before = last.get(event.subject);
    if (before !== undefined && at < before.at) {
      violations.push({ subject: event.subject, earlier: { position: before.event.position, type: before.event.type }, later: { position: event.position, type: event.type }, gapUs: at - before.at });
    }
    if (before === undefined || at >= before.at) last.set(event.subject, { event, at });
  }
  return violations;
}

/**
 * How many consecutive pairs of one subject's events were applied in different transactions, the
 * later one after: the orderings the check above could see (a group applied together shows none).
 */
export function observedOrderings(events: readonly OutboxEvent[], processed: ReadonlyMap<string, number>): number {
  const last = new Map<string, number>();
  let observed = 0;
  for (const event of events) {
    const at = processed.get(event.id);
    if (at === undefined) continue;
    const before = last.get(event.subject);
    if (before !== undefined && at > before) observed += 1;
    last.set(event.subject, at);
  }
  return observed;
}

/** Subjects with at least `min` events, for a failure message that shows the check had material. */
export function subjectsWithAtLeast(events: readonly OutboxEvent[], min: number): number {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(event.subject, (counts.get(event.subject) ?? 0) + 1);
  return [...counts.values()].filter((n) => n >= min).length;
}
