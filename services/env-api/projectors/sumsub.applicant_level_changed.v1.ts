/**
 * Projector for `sumsub.applicant_level_changed.v1` (Sumsub `applicantLevelChanged`): the verification
 * level changed.
 * Writes `kyc_applicants`: level_name, review status and ids; the verdict of the earlier level stays
 * until a new one arrives.
 * Idempotency: applying it again changes nothing. Ordering: each field group is taken only when this
 * is the newest event carrying it (envelope `time`, then `vfreceivedat`, then `id`), so a late or
 * replayed event never overwrites newer state (sql/kycUpsertApplicant.ts).
 */
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { kycApplicantChange } from './sql/kycChange.ts';
import { kycUpsertApplicant } from './sql/kycUpsertApplicant.ts';

export const project: Projector<'sumsub.applicant_level_changed.v1', ProjectorTx> = async (event, tx) => {
  await kycUpsertApplicant(tx, kycApplicantChange(event));
  return { status: 'processed' };
};
