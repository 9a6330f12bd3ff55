/**
 * Projector for `sumsub.applicant_reset.v1` (Sumsub `applicantReset`): the applicant was reset to
 * `init` and its documents made inactive.
 * Writes `kyc_applicants`: its review status, level and ids, and it clears the verdict (review_answer
 * and its details become null as of this event's time): a reset applicant has no valid verdict, and a
 * verdict newer than the reset still wins.
 * Idempotency: applying it again changes nothing. Ordering: each field group is taken only when this
 * is the newest event carrying it (envelope `time`, then `vfreceivedat`, then `id`), so a late or
 * replayed event never overwrites newer state (sql/kycUpsertApplicant.ts).
 */
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { kycApplicantChange } from './sql/kycChange.ts';
import { kycUpsertApplicant } from './sql/kycUpsertApplicant.ts';

export const project: Projector<'sumsub.applicant_reset.v1', ProjectorTx> = async (event, tx) => {
  await kycUpsertApplicant(tx, kycApplicantChange(event, { verdict: 'clear', tombstone: false }));
  return { status: 'processed' };
};
