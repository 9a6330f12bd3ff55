/**
 * Projector for `sumsub.applicant_action_reviewed.v1` (Sumsub `applicantActionReviewed`): an applicant
 * action was reviewed; `reviewResult` carries its verdict.
 * Writes `kyc_applicant_actions` only (review status, the action's verdict when it carries one, ids),
 * never the applicant's row or verdict.
 * Idempotency: applying it again changes nothing. Ordering: each field group is taken only when this
 * is the newest event carrying it (envelope `time`, then `vfreceivedat`, then `id`), so a late or
 * replayed event never overwrites newer state (sql/kycUpsertAction.ts).
 */
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { kycActionChange } from './sql/kycChange.ts';
import { kycUpsertAction } from './sql/kycUpsertAction.ts';

export const project: Projector<'sumsub.applicant_action_reviewed.v1', ProjectorTx> = async (event, tx) => {
  await kycUpsertAction(tx, kycActionChange(event));
  return { status: 'processed' };
};
