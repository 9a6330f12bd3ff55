/**
 * Projector for `sumsub.applicant_deleted.v1` (Sumsub `applicantDeleted`): the applicant was
 * permanently deleted.
 * Writes `kyc_applicants`: the tombstone `deleted_at` (the envelope time), plus whatever fields it
 * carries. No event, older or newer, clears the tombstone.
 * Idempotency: applying it again changes nothing. Ordering: each field group is taken only when this
 * is the newest event carrying it (envelope `time`, then `vfreceivedat`, then `id`), so a late or
 * replayed event never overwrites newer state (sql/kycUpsertApplicant.ts).
 */
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { kycApplicantChange } from './sql/kycChange.ts';
import { kycUpsertApplicant } from './sql/kycUpsertApplicant.ts';

export const project: Projector<'sumsub.applicant_deleted.v1', ProjectorTx> = async (event, tx) => {
  await kycUpsertApplicant(tx, kycApplicantChange(event, { verdict: 'fromPayload', tombstone: true }));
  return { status: 'processed' };
};
