/**
 * Projectors of the tests' own, writing to the test table through the receiver's transaction, so
 * a test sees what was committed and what was rolled back.
 */
import { sql } from 'slonik';
import { EVENT_TYPES, type EventType } from '../../../generated/asyncapi/catalogue.ts';
import type { ProjectorMap } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from '../projectors/projectorTx.ts';
import { testProjectors, type AnyTypeProjector } from './envAppHarness.ts';

/** Writes `(event id, note)` to the test table and answers processed. */
export function writing(note: string): AnyTypeProjector {
  return async (event, tx) => {
    await tx.query(sql.unsafe`INSERT INTO env_api_test_writes (event_id, note) VALUES (${event.id}, ${note})`);
    return { status: 'processed' };
  };
}

/** Answers unsupported, as a codegen stub does. */
export function stub(reason: string): AnyTypeProjector {
  return async () => ({ status: 'unsupported', reason });
}

/** Writes its row, then throws: the write must roll back. */
export function throwing(message: string): AnyTypeProjector {
  return async (event, tx) => {
    await tx.query(sql.unsafe`INSERT INTO env_api_test_writes (event_id, note) VALUES (${event.id}, 'half-applied')`);
    throw new Error(message);
  };
}

/** The same projector for every event type. */
export function everyType(projector: AnyTypeProjector, types: readonly EventType[] = EVENT_TYPES): ProjectorMap<ProjectorTx> {
  const overrides: Partial<Record<EventType, AnyTypeProjector>> = {};
  for (const type of types) overrides[type] = projector;
  return testProjectors(overrides);
}
