/**
 * Projector for `sumsub.applicant_reviewed.v1` (Sumsub `applicantReviewed`): verification finished.
 * Writes `kyc_applicants`: the verdict from `reviewResult` (review_answer, reject_labels,
 * review_reject_type, moderation_comment), review status, level and ids. Sumsub may send several final
 * verdicts (GREEN, later RED): the newest `time` wins whatever the arrival order.
 * Idempotency: applying it again changes nothing. Ordering: each field group is taken only when this
 * is the newest event carrying it (envelope `time`, then `vfreceivedat`, then `id`), so a late or
 * replayed event never overwrites newer state (sql/kycUpsertApplicant.ts).
 */
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { kycApplicantChange } from './sql/kycChange.ts';
import { kycUpsertApplicant } from './sql/kycUpsertApplicant.ts';

export const project: Projector<'sumsub.applicant_reviewed.v1', ProjectorTx> = async (event, tx) => {
  await kycUpsertApplicant(tx, kycApplicantChange(event));
  return { status: 'processed' };
};
