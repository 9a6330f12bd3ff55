/**
 * Given/When/Then for the ten Sumsub applicant projectors against real PostgreSQL: what each
 * writes to `kyc_applicants`, and that the row depends on the events applied, not on their order.
 */
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventDataByType, EventType } from '../../../generated/asyncapi/catalogue.ts';
import type { EnvelopeOf } from '../../../generated/asyncapi/handlers.ts';
import { createEnvPool, type EnvPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { envelopeFor, projectionSpec, type DataPatch, type EnvelopeOverrides } from './test/projectionSpec.ts';

const db = useTestDatabase('env');
let pool: EnvPool;
beforeAll(async () => {
  pool = await createEnvPool(db.current.url);
});
afterAll(async () => {
  await pool.end();
});
const spec = projectionSpec(() => pool);

/** The applicant most examples are about. */
const applicantId = '5cb56e8e0a975a35f333cb83';

const applicantRow = sql.unsafe`
  SELECT applicant_id, external_user_id, inspection_id, level_name, review_status, review_answer, reject_labels,
         review_reject_type, moderation_comment, last_webhook_type, sandbox, deleted_at, event_time
  FROM kyc_applicants ORDER BY applicant_id`;
const verdictRow = sql.unsafe`
  SELECT review_status, review_answer, reject_labels, level_name, last_webhook_type, deleted_at FROM kyc_applicants`;

/** An envelope of `type` at Sumsub time `createdAtMs` (which the envelope `time` follows). */
function at<K extends EventType>(type: K, createdAtMs: string, overrides: EnvelopeOverrides<K> = {}): EnvelopeOf<K> {
  return envelopeFor(type, { ...overrides, data: { ...overrides.data, createdAtMs } as DataPatch<EventDataByType[K]> });
}

const base = { external_user_id: 'externalUserId', inspection_id: '5cb56e8e0a975a35f333cb84', sandbox: false, deleted_at: null };
const noVerdict = { review_answer: null, reject_labels: null, review_reject_type: null, moderation_comment: null };

describe('each applicant projector on an empty table', () => {
  const cases: { name: string; when: () => EnvelopeOf<EventType>; then: Record<string, unknown> }[] = [
    {
      name: 'sumsub.applicant_created.v1 (documented)',
      when: () => envelopeFor('sumsub.applicant_created.v1'),
      then: { ...base, applicant_id: '5c9e177b0a975a6eeccf5960', external_user_id: '12672', inspection_id: '5c9e177b0a975a6eeccf5961', level_name: 'id-and-liveness', review_status: 'init', ...noVerdict, last_webhook_type: 'applicantCreated', event_time: '2020-02-21T13:23:19.002+00:00' },
    },
    {
      name: 'sumsub.applicant_created.v1 (older docs: sandboxMode "false")',
      when: () => envelopeFor('sumsub.applicant_created.v1', { example: 'olderDocs' }),
      then: { ...base, applicant_id: '5c9e177b0a975a6eeccf5960', external_user_id: '12672', inspection_id: '5c9e177b0a975a6eeccf5961', level_name: 'basic-kyc-level', review_status: 'init', ...noVerdict, last_webhook_type: 'applicantCreated', event_time: '2020-02-21T13:23:19.002+00:00' },
    },
    {
      name: 'sumsub.applicant_pending.v1',
      when: () => envelopeFor('sumsub.applicant_pending.v1'),
      then: { ...base, applicant_id: '5c7791f80a975a1df426b9e9', external_user_id: '12672', inspection_id: '5c7791f80a975a1df426b9ea', level_name: 'liveness-level', review_status: 'pending', ...noVerdict, last_webhook_type: 'applicantPending', event_time: '2020-02-21T13:23:19.002+00:00' },
    },
    {
      name: 'sumsub.applicant_prechecked.v1',
      when: () => envelopeFor('sumsub.applicant_prechecked.v1'),
      then: { ...base, applicant_id: applicantId, level_name: 'id-and-liveness', review_status: 'prechecked', ...noVerdict, last_webhook_type: 'applicantPrechecked', event_time: '2024-05-06T09:00:58.377+00:00' },
    },
    {
      name: 'sumsub.applicant_on_hold.v1',
      when: () => envelopeFor('sumsub.applicant_on_hold.v1'),
      then: { ...base, applicant_id: applicantId, level_name: 'id-and-liveness', review_status: 'onHold', ...noVerdict, last_webhook_type: 'applicantOnHold', event_time: '2024-05-06T09:02:10.114+00:00' },
    },
    {
      name: 'sumsub.applicant_reviewed.v1 (GREEN)',
      when: () => envelopeFor('sumsub.applicant_reviewed.v1', { example: 'green' }),
      then: { ...base, applicant_id: applicantId, sandbox: null, level_name: 'basic-kyc-level', review_status: 'completed', ...noVerdict, review_answer: 'GREEN', last_webhook_type: 'applicantReviewed', event_time: '2020-02-21T13:23:19.321+00:00' },
    },
    {
      name: 'sumsub.applicant_reviewed.v1 (RED, FINAL)',
      when: () => envelopeFor('sumsub.applicant_reviewed.v1', { example: 'redFinal' }),
      then: {
        ...base, applicant_id: '5cb744200a975a67ed1798a4', inspection_id: '5cb744200a975a67ed1798a5', sandbox: null, level_name: 'basic-kyc-level', review_status: 'completed',
        review_answer: 'RED', reject_labels: ['UNSATISFACTORY_PHOTOS', 'GRAPHIC_EDITOR', 'FORGERY'], review_reject_type: 'FINAL',
        moderation_comment: 'We could not verify your profile. If you have any questions, please contact the Company where you try to verify your profile ${clientSupportEmail}',
        last_webhook_type: 'applicantReviewed', event_time: '2020-02-21T13:23:19.001+00:00',
      },
    },
    {
      name: 'sumsub.applicant_reviewed.v1 (RED, RETRY)',
      when: () => envelopeFor('sumsub.applicant_reviewed.v1', { example: 'redRetry' }),
      then: {
        ...base, applicant_id: applicantId, level_name: 'id-and-liveness', review_status: 'completed', review_answer: 'RED', reject_labels: ['UNSATISFACTORY_PHOTOS', 'SCREENSHOTS'],
        review_reject_type: 'RETRY', moderation_comment: 'We do not accept screenshots. Please upload an original photo.', last_webhook_type: 'applicantReviewed', event_time: '2024-05-06T09:12:44.518+00:00',
      },
    },
    {
      name: 'sumsub.applicant_reset.v1',
      when: () => envelopeFor('sumsub.applicant_reset.v1'),
      then: { ...base, applicant_id: applicantId, level_name: 'id-and-liveness', review_status: 'init', ...noVerdict, last_webhook_type: 'applicantReset', event_time: '2024-06-12T08:00:00+00:00' },
    },
    {
      name: 'sumsub.applicant_level_changed.v1',
      when: () => envelopeFor('sumsub.applicant_level_changed.v1'),
      then: { ...base, applicant_id: applicantId, level_name: 'id-and-liveness-and-poa', review_status: 'init', ...noVerdict, last_webhook_type: 'applicantLevelChanged', event_time: '2024-06-13T10:21:07.301+00:00' },
    },
    {
      name: 'sumsub.applicant_personal_info_changed.v1',
      when: () => envelopeFor('sumsub.applicant_personal_info_changed.v1'),
      then: { ...base, applicant_id: applicantId, level_name: 'id-and-liveness', review_status: 'completed', ...noVerdict, review_answer: 'GREEN', last_webhook_type: 'applicantPersonalInfoChanged', event_time: '2024-06-11T15:40:02.73+00:00' },
    },
    {
      name: 'sumsub.applicant_workflow_completed.v1',
      when: () => envelopeFor('sumsub.applicant_workflow_completed.v1'),
      then: { ...base, applicant_id: applicantId, level_name: 'id-and-liveness', review_status: 'completed', ...noVerdict, review_answer: 'GREEN', last_webhook_type: 'applicantWorkflowCompleted', event_time: '2024-05-06T09:20:31.902+00:00' },
    },
    {
      name: 'sumsub.applicant_deleted.v1',
      when: () => envelopeFor('sumsub.applicant_deleted.v1'),
      then: { ...base, applicant_id: applicantId, inspection_id: null, level_name: null, review_status: null, ...noVerdict, last_webhook_type: 'applicantDeleted', deleted_at: '2024-09-01T00:00:12.045+00:00', event_time: '2024-09-01T00:00:12.045+00:00' },
    },
  ];

  for (const { name, when, then } of cases) {
    it(`given nothing, when ${name}, then the row has the fields it carries`, () =>
      spec.given().when(when()).then(async ({ rows, results }) => {
        expect(results).toEqual(['processed']);
        expect(await rows(applicantRow)).toEqual([then]);
      }));
  }
});

describe('latest provider time wins, whatever the arrival order', () => {
  const green = () => at('sumsub.applicant_reviewed.v1', '2024-05-06 10:00:00.000', { example: 'green' });
  const red = () => at('sumsub.applicant_reviewed.v1', '2024-05-07 10:00:00.000', { example: 'redRetry' });

  it('a RED arriving before the earlier GREEN ends RED', () =>
    spec.given(red()).when(green()).then(async ({ rows, results }) => {
      expect(results).toEqual(['processed']);
      expect(await rows(verdictRow)).toEqual([
        { review_status: 'completed', review_answer: 'RED', reject_labels: ['UNSATISFACTORY_PHOTOS', 'SCREENSHOTS'], level_name: 'id-and-liveness', last_webhook_type: 'applicantReviewed', deleted_at: null },
      ]);
    }));

  it('GREEN then a later RED ends RED, and a later GREEN again ends GREEN with no reject labels', () =>
    spec
      .given(green(), red())
      .when(at('sumsub.applicant_reviewed.v1', '2024-05-08 10:00:00.000', { example: 'green', data: { levelName: 'id-and-liveness' } }))
      .then(async ({ rows }) => {
        expect(await rows(verdictRow)).toEqual([
          { review_status: 'completed', review_answer: 'GREEN', reject_labels: null, level_name: 'id-and-liveness', last_webhook_type: 'applicantReviewed', deleted_at: null },
        ]);
      }));

  it('an older applicantCreated after a review changes neither status nor verdict', () =>
    spec
      .given(green())
      .when(at('sumsub.applicant_created.v1', '2024-05-01 10:00:00.000', { data: { applicantId } }))
      .then(async ({ rows }) => {
        expect(await rows(verdictRow)).toEqual([
          { review_status: 'completed', review_answer: 'GREEN', reject_labels: null, level_name: 'basic-kyc-level', last_webhook_type: 'applicantReviewed', deleted_at: null },
        ]);
      }));

  it('an older verdict fills the verdict a newer event without reviewResult did not carry', () =>
    spec
      .given(at('sumsub.applicant_pending.v1', '2024-05-09 10:00:00.000', { data: { applicantId, levelName: 'id-and-liveness' } }))
      .when(green())
      .then(async ({ rows }) => {
        expect(await rows(verdictRow)).toEqual([
          { review_status: 'pending', review_answer: 'GREEN', reject_labels: null, level_name: 'id-and-liveness', last_webhook_type: 'applicantPending', deleted_at: null },
        ]);
      }));

  it('an older event without a level leaves the level of a newer one; an older one fills a missing external user id', () =>
    spec
      .given(at('sumsub.applicant_level_changed.v1', '2024-06-13 10:00:00.000', { data: { externalUserId: undefined } }))
      .when(green())
      .then(async ({ rows }) => {
        expect(await rows(sql.unsafe`SELECT level_name, review_status, review_answer, external_user_id FROM kyc_applicants`)).toEqual([
          { level_name: 'id-and-liveness-and-poa', review_status: 'init', review_answer: 'GREEN', external_user_id: 'externalUserId' },
        ]);
      }));

  it('applicantReset clears an earlier verdict, even when it arrives first', () =>
    spec
      .given(at('sumsub.applicant_reset.v1', '2024-05-06 11:00:00.000'))
      .when(green())
      .then(async ({ rows }) => {
        expect(await rows(verdictRow)).toEqual([
          { review_status: 'init', review_answer: null, reject_labels: null, level_name: 'id-and-liveness', last_webhook_type: 'applicantReset', deleted_at: null },
        ]);
      }));

  it('a verdict newer than the reset wins over it', () =>
    spec
      .given(red())
      .when(at('sumsub.applicant_reset.v1', '2024-05-06 11:00:00.000'))
      .then(async ({ rows }) => {
        expect(await rows(sql.unsafe`SELECT review_status, review_answer, last_webhook_type FROM kyc_applicants`)).toEqual([
          { review_status: 'completed', review_answer: 'RED', last_webhook_type: 'applicantReviewed' },
        ]);
      }));

  describe('equal provider times', () => {
    const time = '2024-05-06 10:00:00.000';
    const greenReceivedLater = () => at('sumsub.applicant_reviewed.v1', time, { example: 'green', receivedAt: '2024-05-06T10:00:02Z', id: '018f4d6c-1000-7000-8000-000000000001' });
    const redReceivedEarlier = () => at('sumsub.applicant_reviewed.v1', time, { example: 'redRetry', receivedAt: '2024-05-06T10:00:01Z', id: '018f4d6c-1000-7000-8000-000000000002' });
    const redSameReceiveGreaterId = () => at('sumsub.applicant_reviewed.v1', time, { example: 'redRetry', receivedAt: '2024-05-06T10:00:02Z', id: '018f4d6c-1000-7000-8000-000000000003' });
    const answer = sql.unsafe`SELECT review_answer FROM kyc_applicants`;

    it('the later receive time wins, even with the smaller envelope id', () =>
      spec.given(greenReceivedLater()).when(redReceivedEarlier()).then(async ({ rows }) => {
        expect(await rows(answer)).toEqual([{ review_answer: 'GREEN' }]);
      }));

    it('the earlier receive time loses, even when it arrives last', () =>
      spec.given(redReceivedEarlier()).when(greenReceivedLater()).then(async ({ rows }) => {
        expect(await rows(answer)).toEqual([{ review_answer: 'GREEN' }]);
      }));

    it('equal receive times: the greater envelope id wins', () =>
      spec.given(redSameReceiveGreaterId()).when(greenReceivedLater()).then(async ({ rows }) => {
        expect(await rows(answer)).toEqual([{ review_answer: 'RED' }]);
      }));
  });
});

describe('applicantDeleted sets a tombstone nothing undoes', () => {
  const deleted = () => at('sumsub.applicant_deleted.v1', '2024-09-01 00:00:12.045');

  it('a late, older review after the deletion keeps the tombstone (and still records its verdict)', () =>
    spec
      .given(deleted())
      .when(at('sumsub.applicant_reviewed.v1', '2024-05-06 10:00:00.000', { example: 'redRetry' }))
      .then(async ({ rows, results }) => {
        expect(results).toEqual(['processed']);
        expect(await rows(verdictRow)).toEqual([
          { review_status: 'completed', review_answer: 'RED', reject_labels: ['UNSATISFACTORY_PHOTOS', 'SCREENSHOTS'], level_name: 'id-and-liveness', last_webhook_type: 'applicantDeleted', deleted_at: '2024-09-01T00:00:12.045+00:00' },
        ]);
      }));

  it('an event newer than the deletion does not undo it either', () =>
    spec
      .given(deleted())
      .when(at('sumsub.applicant_pending.v1', '2024-09-02 00:00:00.000', { data: { applicantId } }))
      .then(async ({ rows }) => {
        expect(await rows(sql.unsafe`SELECT review_status, last_webhook_type, deleted_at FROM kyc_applicants`)).toEqual([
          { review_status: 'pending', last_webhook_type: 'applicantPending', deleted_at: '2024-09-01T00:00:12.045+00:00' },
        ]);
      }));

  it('the earliest of two deletions is the tombstone', () =>
    spec
      .given(deleted())
      .when(at('sumsub.applicant_deleted.v1', '2024-08-01 00:00:00.000'), at('sumsub.applicant_deleted.v1', '2024-10-01 00:00:00.000'))
      .then(async ({ rows }) => {
        expect(await rows(sql.unsafe`SELECT deleted_at, event_time FROM kyc_applicants`)).toEqual([
          { deleted_at: '2024-08-01T00:00:00+00:00', event_time: '2024-10-01T00:00:00+00:00' },
        ]);
      }));
});
