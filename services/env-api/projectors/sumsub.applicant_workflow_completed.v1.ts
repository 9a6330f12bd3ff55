/**
 * Projector for `sumsub.applicant_workflow_completed.v1` (Sumsub `applicantWorkflowCompleted`): the
 * verification workflow finished.
 * Writes `kyc_applicants`: the verdict from `reviewResult` when it has an answer, review status, level
 * and ids.
 * Idempotency: applying it again changes nothing. Ordering: each field group is taken only when this
 * is the newest event carrying it (envelope `time`, then `vfreceivedat`, then `id`), so a late or
 * replayed event never overwrites newer state (sql/kycUpsertApplicant.ts).
 */
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { kycApplicantChange } from './sql/kycChange.ts';
import { kycUpsertApplicant } from './sql/kycUpsertApplicant.ts';

export const project: Projector<'sumsub.applicant_workflow_completed.v1', ProjectorTx> = async (event, tx) => {
  await kycUpsertApplicant(tx, kycApplicantChange(event));
  return { status: 'processed' };
};
