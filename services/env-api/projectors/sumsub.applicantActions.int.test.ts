/**
 * Given/When/Then for the three Sumsub applicant action projectors against real PostgreSQL: they
 * write `kyc_applicant_actions` by latest provider time and never touch the applicant's verdict.
 */
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventDataByType } from '../../../generated/asyncapi/catalogue.ts';
import type { EnvelopeOf } from '../../../generated/asyncapi/handlers.ts';
import { createEnvPool, type EnvPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { envelopeFor, projectionSpec, type DataPatch } from './test/projectionSpec.ts';

const db = useTestDatabase('env');
let pool: EnvPool;
beforeAll(async () => {
  pool = await createEnvPool(db.current.url);
});
afterAll(async () => {
  await pool.end();
});
const spec = projectionSpec(() => pool);

type ActionType = 'sumsub.applicant_action_pending.v1' | 'sumsub.applicant_action_on_hold.v1' | 'sumsub.applicant_action_reviewed.v1';

/** The applicant the action examples belong to. */
const applicantId = '5dc158b109494c3cbf431e28';

/** An action envelope of `type` at Sumsub time `createdAtMs` (also the envelope time). */
function at<K extends ActionType>(type: K, createdAtMs: string, data?: DataPatch<EventDataByType[K]>): EnvelopeOf<K> {
  return envelopeFor(type, { data: { ...data, createdAtMs } as DataPatch<EventDataByType[K]> });
}

const actionRow = sql.unsafe`
  SELECT applicant_action_id, applicant_id, external_action_id, last_webhook_type, review_status, review_answer,
         reject_labels, review_reject_type, event_time
  FROM kyc_applicant_actions`;
const action = { applicant_action_id: '5dc2d80ce3cc9b1c1e389c4c', applicant_id: applicantId, external_action_id: 'id122424234-random-r7otyykndi', reject_labels: null, review_reject_type: null };

describe('each action projector on an empty table', () => {
  it('given nothing, when sumsub.applicant_action_pending.v1, then the action row has its status and no verdict', () =>
    spec.given().when(envelopeFor('sumsub.applicant_action_pending.v1')).then(async ({ rows, results }) => {
      expect(results).toEqual(['processed']);
      expect(await rows(actionRow)).toEqual([
        { ...action, last_webhook_type: 'applicantActionPending', review_status: 'completed', review_answer: null, event_time: '2020-02-21T13:23:16.001+00:00' },
      ]);
    }));

  it('given nothing, when sumsub.applicant_action_on_hold.v1, then the action row is on hold', () =>
    spec.given().when(envelopeFor('sumsub.applicant_action_on_hold.v1')).then(async ({ rows }) => {
      expect(await rows(actionRow)).toEqual([
        { ...action, last_webhook_type: 'applicantActionOnHold', review_status: 'onHold', review_answer: null, event_time: '2020-02-21T13:24:02.55+00:00' },
      ]);
    }));

  it('given nothing, when sumsub.applicant_action_reviewed.v1, then the action row has the verdict', () =>
    spec.given().when(envelopeFor('sumsub.applicant_action_reviewed.v1')).then(async ({ rows }) => {
      expect(await rows(actionRow)).toEqual([
        { ...action, last_webhook_type: 'applicantActionReviewed', review_status: 'completed', review_answer: 'GREEN', event_time: '2020-02-21T13:25:40.117+00:00' },
      ]);
    }));

  it('a RED action verdict keeps its reject labels and type', () =>
    spec
      .given()
      .when(at('sumsub.applicant_action_reviewed.v1', '2020-02-21 13:25:40.117', { reviewResult: { reviewAnswer: 'RED', rejectLabels: ['FORGERY'], reviewRejectType: 'FINAL' } }))
      .then(async ({ rows }) => {
        expect(await rows(sql.unsafe`SELECT review_answer, reject_labels, review_reject_type FROM kyc_applicant_actions`)).toEqual([
          { review_answer: 'RED', reject_labels: ['FORGERY'], review_reject_type: 'FINAL' },
        ]);
      }));
});

describe('action events out of order', () => {
  const verdict = sql.unsafe`SELECT review_status, review_answer, last_webhook_type FROM kyc_applicant_actions`;

  it('the review first, then the older on-hold and pending: the review stays', () =>
    spec
      .given(envelopeFor('sumsub.applicant_action_reviewed.v1'))
      .when(envelopeFor('sumsub.applicant_action_on_hold.v1'), envelopeFor('sumsub.applicant_action_pending.v1'))
      .then(async ({ rows, results }) => {
        expect(results).toEqual(['processed', 'processed']);
        expect(await rows(verdict)).toEqual([{ review_status: 'completed', review_answer: 'GREEN', last_webhook_type: 'applicantActionReviewed' }]);
      }));

  it('a newer on-hold first, then the older review: status from the on-hold, verdict from the review', () =>
    spec
      .given(at('sumsub.applicant_action_on_hold.v1', '2020-02-21 14:00:00.000'))
      .when(envelopeFor('sumsub.applicant_action_reviewed.v1'))
      .then(async ({ rows }) => {
        expect(await rows(verdict)).toEqual([{ review_status: 'onHold', review_answer: 'GREEN', last_webhook_type: 'applicantActionOnHold' }]);
      }));

  it('a later RED action verdict arriving first beats the earlier GREEN', () =>
    spec
      .given(at('sumsub.applicant_action_reviewed.v1', '2020-02-22 09:00:00.000', { reviewResult: { reviewAnswer: 'RED' } }))
      .when(envelopeFor('sumsub.applicant_action_reviewed.v1'))
      .then(async ({ rows }) => {
        expect(await rows(verdict)).toEqual([{ review_status: 'completed', review_answer: 'RED', last_webhook_type: 'applicantActionReviewed' }]);
      }));
});

describe('actions never change the applicant', () => {
  const applicantRow = sql.unsafe`SELECT * FROM kyc_applicants`;

  it("given the applicant's RED verdict, when a later GREEN action review and the other action events, then the applicant row is unchanged", () => {
    const red = envelopeFor('sumsub.applicant_reviewed.v1', { example: 'redFinal', data: { applicantId, createdAtMs: '2020-02-21 13:00:00.000' } });
    return spec
      .given(red)
      .when(envelopeFor('sumsub.applicant_action_reviewed.v1'), envelopeFor('sumsub.applicant_action_pending.v1'), envelopeFor('sumsub.applicant_action_on_hold.v1'))
      .then(async ({ rows, results }) => {
        expect(results).toEqual(['processed', 'processed', 'processed']);
        const [row, ...others] = await rows(applicantRow);
        expect(others).toEqual([]);
        expect(row).toMatchObject({ applicant_id: applicantId, review_answer: 'RED', review_status: 'completed', last_webhook_type: 'applicantReviewed', event_id: red.id });
        expect(await rows(sql.unsafe`SELECT review_answer FROM kyc_applicant_actions`)).toEqual([{ review_answer: 'GREEN' }]);
      });
  });

  it('given no applicant row, when action events, then no applicant row appears', () =>
    spec
      .given()
      .when(envelopeFor('sumsub.applicant_action_reviewed.v1'), envelopeFor('sumsub.applicant_action_on_hold.v1'))
      .then(async ({ rows }) => {
        expect(await rows(applicantRow)).toEqual([]);
        expect(await rows(sql.unsafe`SELECT count(*)::int AS n FROM kyc_applicant_actions`)).toEqual([{ n: 1 }]);
      }));
});
