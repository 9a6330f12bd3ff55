/**
 * Projector for `sumsub.applicant_pending.v1` (Sumsub `applicantPending`): the applicant uploaded the
 * required data (review status `pending`).
 * Writes `kyc_applicants`: its review status, level and ids; an earlier verdict stays until a new one
 * arrives.
 * Idempotency: applying it again changes nothing. Ordering: each field group is taken only when this
 * is the newest event carrying it (envelope `time`, then `vfreceivedat`, then `id`), so a late or
 * replayed event never overwrites newer state (sql/kycUpsertApplicant.ts).
 */
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { kycApplicantChange } from './sql/kycChange.ts';
import { kycUpsertApplicant } from './sql/kycUpsertApplicant.ts';

export const project: Projector<'sumsub.applicant_pending.v1', ProjectorTx> = async (event, tx) => {
  await kycUpsertApplicant(tx, kycApplicantChange(event));
  return { status: 'processed' };
};
