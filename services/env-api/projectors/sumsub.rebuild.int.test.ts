/**
 * The Sumsub projectors as a whole against real PostgreSQL: applying an event twice equals applying
 * it once (through the receiver and calling the projector directly), and a rebuild (truncate the
 * KYC tables, replay every Sumsub envelope in shuffled order) gives the same rows.
 */
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES, type EventType } from '../../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../../generated/asyncapi/examples.ts';
import type { AnyEnvelope, Projector } from '../../../generated/asyncapi/handlers.ts';
import { createEnvPool, type EnvPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { projectors } from './index.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { applyAll, applyEnvelope, envelopeFor, expectRebuildGivesSameRows, inRolledBackTransaction, projectionSpec, shuffled, snapshotTables } from './test/projectionSpec.ts';

const db = useTestDatabase('env');
let pool: EnvPool;
beforeAll(async () => {
  pool = await createEnvPool(db.current.url);
});
afterAll(async () => {
  await pool.end();
});
const spec = projectionSpec(() => pool);

const tables = ['kyc_applicants', 'kyc_applicant_actions'];
const sumsubTypes = EVENT_TYPES.filter((type) => type.startsWith('sumsub.'));

/** One envelope per example of every Sumsub type. */
function everyExample(): AnyEnvelope[] {
  return sumsubTypes.flatMap((type) => eventExamples[type].map((example) => envelopeFor(type, { example: example.name }) as AnyEnvelope));
}

function projectorFor<K extends EventType>(type: K): Projector<K, ProjectorTx> {
  return projectors[type];
}

describe('applying twice equals applying once', () => {
  it('covers all thirteen Sumsub types', () => {
    expect(sumsubTypes).toHaveLength(13);
  });

  for (const envelope of everyExample()) {
    it(`${envelope.type} (${envelope.data.type}): the projector called twice leaves the rows of once`, () =>
      inRolledBackTransaction(pool, async (tx) => {
        const project = projectorFor(envelope.type);
        expect(await project(envelope, tx)).toEqual({ status: 'processed' });
        const once = await snapshotTables(tx, tables);
        expect(await project(envelope, tx)).toEqual({ status: 'processed' });
        expect(await snapshotTables(tx, tables)).toEqual(once);
        expect(Object.values(once).flat()).toHaveLength(1);
      }));
  }

  it('through the receiver: the same envelope again answers duplicate and changes nothing', () => {
    const red = envelopeFor('sumsub.applicant_reviewed.v1', { example: 'redRetry' });
    return spec.given(red).when(red).then(async ({ tx, results }) => {
      expect(results).toEqual(['duplicate']);
      expect(await snapshotTables(tx, tables)).toMatchObject({ kyc_applicants: [{ review_answer: 'RED', event_id: red.id }], kyc_applicant_actions: [] });
    });
  });
});

describe('rebuild', () => {
  /** Every example, plus a story with several verdicts per applicant, a reset and a deletion. */
  function stream(): AnyEnvelope[] {
    const other = '5cb744200a975a67ed1798a4';
    return [
      ...everyExample(),
      envelopeFor('sumsub.applicant_created.v1', { data: { applicantId: other, createdAtMs: '2020-02-21 13:00:00.000' } }),
      envelopeFor('sumsub.applicant_reviewed.v1', { example: 'green', data: { applicantId: other, createdAtMs: '2020-02-22 13:00:00.000' } }),
      envelopeFor('sumsub.applicant_reviewed.v1', { example: 'redFinal', data: { createdAtMs: '2020-02-23 13:00:00.000' } }),
      envelopeFor('sumsub.applicant_personal_info_changed.v1', { data: { applicantId: other, reviewResult: undefined, createdAtMs: '2020-02-24 13:00:00.000' } }),
      envelopeFor('sumsub.applicant_reset.v1', { data: { createdAtMs: '2024-09-02 00:00:00.000' } }),
      envelopeFor('sumsub.applicant_action_reviewed.v1', { data: { applicantActionId: '5dc2d80ce3cc9b1c1e389c4d', reviewResult: { reviewAnswer: 'RED', rejectLabels: ['FORGERY'] } } }),
      envelopeFor('sumsub.applicant_action_on_hold.v1', { data: { applicantActionId: '5dc2d80ce3cc9b1c1e389c4d', createdAtMs: '2020-02-21 13:30:00.000' } }),
    ];
  }

  it('truncating the KYC tables and replaying every Sumsub envelope in shuffled order gives the same rows', async () => {
    const snapshot = await expectRebuildGivesSameRows(pool, { tables, envelopes: stream(), seeds: [1, 2, 3, 4, 5, 6, 7, 8] });
    const byKey = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(snapshot['kyc_applicants']?.map((row) => [row['applicant_id'], row['review_status'], row['review_answer'], row['deleted_at'] !== null]).sort(byKey)).toEqual([
      ['5c7791f80a975a1df426b9e9', 'pending', null, false],
      ['5c9e177b0a975a6eeccf5960', 'init', null, false],
      // the deletion (2024-09-01) is the tombstone; the reset after it still clears the verdict
      ['5cb56e8e0a975a35f333cb83', 'init', null, true],
      // GREEN on 02-22, RED (FINAL) on 02-23, then personal info changed without a verdict
      ['5cb744200a975a67ed1798a4', 'completed', 'RED', false],
    ]);
    expect(snapshot['kyc_applicant_actions']?.map((row) => [row['applicant_action_id'], row['review_status'], row['review_answer']]).sort(byKey)).toEqual([
      ['5dc2d80ce3cc9b1c1e389c4c', 'completed', 'GREEN'],
      ['5dc2d80ce3cc9b1c1e389c4d', 'onHold', 'RED'],
    ]);
  });

  it('applying the stream concurrently (one transaction per event, as the receiver does) gives the rows of applying it in order', async () => {
    const envelopes = stream();
    const inOrder = await inRolledBackTransaction(pool, async (tx) => {
      await applyAll(tx, envelopes);
      return snapshotTables(tx, tables);
    });
    try {
      const statuses = await Promise.all(shuffled(envelopes, 42).map((envelope) => applyEnvelope(pool, envelope)));
      expect(new Set(statuses)).toEqual(new Set(['processed']));
      expect(await inRolledBackTransaction(pool, (tx) => snapshotTables(tx, tables))).toEqual(inOrder);
    } finally {
      await pool.query(sql.unsafe`TRUNCATE kyc_applicants, kyc_applicant_actions, processed_events`);
    }
  });
});
