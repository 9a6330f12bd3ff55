/**
 * Applies one {@link KycApplicantChange} to `kyc_applicants` in a single upsert, so concurrent
 * events of one applicant serialise on the row lock of `ON CONFLICT` and none is lost.
 *
 * Field-wise latest time (kycVersion.ts): review_status, the verdict (review_answer, reject_labels,
 * review_reject_type, moderation_comment) and level_name each come from the newest event that
 * carries them; last_webhook_type from the newest event of all; external_user_id, inspection_id
 * and sandbox, which do not change for an applicant, from the newest event that has them. The
 * tombstone `deleted_at` is only ever set (the earliest deletion wins), so no event undoes it;
 * fields of a deleted applicant still follow their events, which keeps the row independent of
 * arrival order. Idempotent: applying a change again finds nothing newer and writes nothing.
 */
import { sql } from 'slonik';
import { mapPgError } from '../../../shared/pg/mapPgError.ts';
import type { ProjectorTx } from '../projectorTx.ts';
import type { KycApplicantChange } from './kycChange.ts';
import { kycFillGaps, kycFillsAGap, kycIncomingIsNewer, kycTakeIfNewer, kycVersionColumns, kycVersionValues } from './kycVersion.ts';

const table = 'kyc_applicants';
const stableColumns = ['external_user_id', 'inspection_id', 'sandbox'];
const verdictColumns = ['review_answer', 'reject_labels', 'review_reject_type', 'moderation_comment'];

/** Upserts the applicant row of `change`. */
export async function kycUpsertApplicant(tx: ProjectorTx, change: KycApplicantChange): Promise<void> {
  const { verdict } = change;
  const labels = verdict?.rejectLabels == null ? sql.fragment`NULL::text[]` : sql.array(verdict.rejectLabels, 'text');
  try {
    await tx.query(sql.unsafe`
      INSERT INTO kyc_applicants (
        applicant_id, last_webhook_type, external_user_id, inspection_id, sandbox, deleted_at,
        review_status, review_answer, reject_labels, review_reject_type, moderation_comment, level_name,
        ${kycVersionColumns('')}, ${kycVersionColumns('status_')}, ${kycVersionColumns('verdict_')}, ${kycVersionColumns('level_')})
      VALUES (
        ${change.applicantId}, ${change.webhookType}, ${change.externalUserId}, ${change.inspectionId}, ${change.sandbox},
        ${change.deletedAt}::timestamptz,
        ${change.reviewStatus}, ${verdict?.answer ?? null}, ${labels}, ${verdict?.rejectType ?? null},
        ${verdict?.moderationComment ?? null}, ${change.levelName},
        ${kycVersionValues(change.version)},
        ${kycVersionValues(change.reviewStatus === null ? null : change.version)},
        ${kycVersionValues(verdict === null ? null : change.version)},
        ${kycVersionValues(change.levelName === null ? null : change.version)})
      ON CONFLICT (applicant_id) DO UPDATE SET
        ${kycTakeIfNewer(table, '', ['last_webhook_type'])},
        ${kycTakeIfNewer(table, 'status_', ['review_status'])},
        ${kycTakeIfNewer(table, 'verdict_', verdictColumns)},
        ${kycTakeIfNewer(table, 'level_', ['level_name'])},
        ${kycFillGaps(table, stableColumns)},
        -- least() ignores nulls: the tombstone is set once and only an earlier deletion moves it.
        deleted_at = least(kyc_applicants.deleted_at, excluded.deleted_at)
      WHERE ${kycIncomingIsNewer(table, '')} OR ${kycIncomingIsNewer(table, 'status_')}
        OR ${kycIncomingIsNewer(table, 'verdict_')} OR ${kycIncomingIsNewer(table, 'level_')}
        OR ${kycFillsAGap(table, stableColumns)}
        OR excluded.deleted_at < kyc_applicants.deleted_at OR (kyc_applicants.deleted_at IS NULL AND excluded.deleted_at IS NOT NULL)`);
  } catch (e: unknown) {
    throw mapPgError(e);
  }
}
