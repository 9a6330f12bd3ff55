/**
 * Applies one {@link KycActionChange} to `kyc_applicant_actions` in a single upsert. Never touches
 * `kyc_applicants`: an action's verdict is not the applicant's (DESIGN §7).
 *
 * Field-wise latest time, as for applicants (kycVersion.ts): review_status and the verdict
 * (review_answer, reject_labels, review_reject_type) each come from the newest event carrying them,
 * last_webhook_type from the newest event of all; the applicant and external action ids, which do
 * not change for an action, from the newest event that has them. Idempotent: applying a change
 * again finds nothing newer and writes nothing.
 */
import { sql } from 'slonik';
import { mapPgError } from '../../../shared/pg/mapPgError.ts';
import type { ProjectorTx } from '../projectorTx.ts';
import type { KycActionChange } from './kycChange.ts';
import { kycFillGaps, kycFillsAGap, kycIncomingIsNewer, kycTakeIfNewer, kycVersionColumns, kycVersionValues } from './kycVersion.ts';

const table = 'kyc_applicant_actions';
const stableColumns = ['applicant_id', 'external_action_id'];

/** Upserts the action row of `change`. */
export async function kycUpsertAction(tx: ProjectorTx, change: KycActionChange): Promise<void> {
  const { verdict } = change;
  const labels = verdict?.rejectLabels == null ? sql.fragment`NULL::text[]` : sql.array(verdict.rejectLabels, 'text');
  try {
    await tx.query(sql.unsafe`
      INSERT INTO kyc_applicant_actions (
        applicant_action_id, applicant_id, external_action_id, last_webhook_type,
        review_status, review_answer, reject_labels, review_reject_type,
        ${kycVersionColumns('')}, ${kycVersionColumns('status_')}, ${kycVersionColumns('verdict_')})
      VALUES (
        ${change.applicantActionId}, ${change.applicantId}, ${change.externalActionId}, ${change.webhookType},
        ${change.reviewStatus}, ${verdict?.answer ?? null}, ${labels}, ${verdict?.rejectType ?? null},
        ${kycVersionValues(change.version)},
        ${kycVersionValues(change.reviewStatus === null ? null : change.version)},
        ${kycVersionValues(verdict === null ? null : change.version)})
      ON CONFLICT (applicant_action_id) DO UPDATE SET
        ${kycTakeIfNewer(table, '', ['last_webhook_type'])},
        ${kycTakeIfNewer(table, 'status_', ['review_status'])},
        ${kycTakeIfNewer(table, 'verdict_', ['review_answer', 'reject_labels', 'review_reject_type'])},
        ${kycFillGaps(table, stableColumns)}
      WHERE ${kycIncomingIsNewer(table, '')} OR ${kycIncomingIsNewer(table, 'status_')}
        OR ${kycIncomingIsNewer(table, 'verdict_')} OR ${kycFillsAGap(table, stableColumns)}`);
  } catch (e: unknown) {
    throw mapPgError(e);
  }
}
