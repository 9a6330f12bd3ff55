/**
 * Projector for `sumsub.applicant_personal_info_changed.v1` (Sumsub `applicantPersonalInfoChanged`):
 * personal or document info changed.
 * Writes `kyc_applicants`: its review status, level and ids, and the verdict when it carries a
 * `reviewResult` with an answer.
 * Idempotency: applying it again changes nothing. Ordering: each field group is taken only when this
 * is the newest event carrying it (envelope `time`, then `vfreceivedat`, then `id`), so a late or
 * replayed event never overwrites newer state (sql/kycUpsertApplicant.ts).
 */
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { kycApplicantChange } from './sql/kycChange.ts';
import { kycUpsertApplicant } from './sql/kycUpsertApplicant.ts';

export const project: Projector<'sumsub.applicant_personal_info_changed.v1', ProjectorTx> = async (event, tx) => {
  await kycUpsertApplicant(tx, kycApplicantChange(event));
  return { status: 'processed' };
};
