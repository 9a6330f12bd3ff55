/**
 * One Sumsub applicant's verification, planned up front as the webhooks Sumsub would send
 * (providers.md §2.3): created → (prechecked) → pending → (on hold) → reviewed GREEN or RED; a RED
 * the applicant may retry is sometimes reset and reviewed again; some applicants then run an
 * applicant action, change level or personal info, complete a workflow, and a few are deleted.
 */
import type { SumsubReviewResult } from '../../../generated/asyncapi/types.ts';
import type { Prng } from './prng.ts';

/** The Sumsub webhook types the simulator sends (all accepted by the contract). */
export type SumsubWebhookName =
  | 'applicantCreated'
  | 'applicantPrechecked'
  | 'applicantPending'
  | 'applicantOnHold'
  | 'applicantReviewed'
  | 'applicantReset'
  | 'applicantWorkflowCompleted'
  | 'applicantPersonalInfoChanged'
  | 'applicantLevelChanged'
  | 'applicantActionPending'
  | 'applicantActionOnHold'
  | 'applicantActionReviewed'
  | 'applicantDeleted';

/** One planned webhook of a flow. */
export interface SumsubStep {
  readonly type: SumsubWebhookName;
  readonly reviewStatus?: string;
  readonly reviewResult?: SumsubReviewResult;
  /** Level after this step, when it changes. */
  readonly levelName?: string;
  readonly previousLevelName?: string;
  /** Set on the action webhooks. */
  readonly action?: { readonly id: string; readonly externalId: string };
}

const green: SumsubReviewResult = { reviewAnswer: 'GREEN' };

function red(prng: Prng, rejectType: 'RETRY' | 'FINAL'): SumsubReviewResult {
  const labels = rejectType === 'RETRY' ? [['UNSATISFACTORY_PHOTOS'], ['SCREENSHOTS'], ['UNSATISFACTORY_PHOTOS', 'SCREENSHOTS']] : [['FORGERY'], ['GRAPHIC_EDITOR', 'FORGERY'], ['BLOCKLIST'], ['WRONG_USER_REGION']];
  return {
    reviewAnswer: 'RED',
    rejectLabels: prng.pick(labels),
    reviewRejectType: rejectType,
    moderationComment: rejectType === 'RETRY' ? 'We do not accept screenshots. Please upload an original photo.' : 'We could not verify your profile.',
    clientComment: rejectType === 'RETRY' ? 'Screenshots are not accepted.' : 'Suspected fraudulent account.',
  };
}

/** The webhooks of one applicant, in the order Sumsub sends them. */
export function planSumsubFlow(prng: Prng): SumsubStep[] {
  const steps: SumsubStep[] = [{ type: 'applicantCreated', reviewStatus: 'init' }];
  if (prng.chance(0.3)) steps.push({ type: 'applicantPrechecked', reviewStatus: 'prechecked' });
  steps.push({ type: 'applicantPending', reviewStatus: 'pending' });
  if (prng.chance(0.15)) steps.push({ type: 'applicantOnHold', reviewStatus: 'onHold' });
  let verdict = prng.chance(0.7) ? green : red(prng, prng.chance(0.6) ? 'RETRY' : 'FINAL');
  steps.push({ type: 'applicantReviewed', reviewStatus: 'completed', reviewResult: verdict });
  if (verdict.reviewRejectType === 'RETRY' && prng.chance(0.6)) {
    // The applicant resubmits: Sumsub resets the review and looks again.
    verdict = prng.chance(0.8) ? green : red(prng, 'FINAL');
    steps.push({ type: 'applicantReset', reviewStatus: 'init' }, { type: 'applicantPending', reviewStatus: 'pending' }, { type: 'applicantReviewed', reviewStatus: 'completed', reviewResult: verdict });
  }
  if (verdict.reviewAnswer === 'GREEN') {
    if (prng.chance(0.4)) steps.push({ type: 'applicantWorkflowCompleted', reviewStatus: 'completed', reviewResult: green });
    if (prng.chance(0.3)) {
      const action = { id: prng.hex(24), externalId: `vf-action-${prng.hex(12)}` };
      steps.push({ type: 'applicantActionPending', reviewStatus: 'pending', action });
      if (prng.chance(0.25)) steps.push({ type: 'applicantActionOnHold', reviewStatus: 'onHold', action });
      steps.push({ type: 'applicantActionReviewed', reviewStatus: 'completed', reviewResult: prng.chance(0.85) ? green : red(prng, 'FINAL'), action });
    }
    if (prng.chance(0.1)) steps.push({ type: 'applicantLevelChanged', reviewStatus: 'completed', levelName: 'enhanced-kyc', previousLevelName: 'id-and-liveness' });
  }
  if (prng.chance(0.1)) steps.push({ type: 'applicantPersonalInfoChanged', reviewStatus: 'completed', reviewResult: verdict });
  if (prng.chance(0.05)) steps.push({ type: 'applicantDeleted' });
  return steps;
}
