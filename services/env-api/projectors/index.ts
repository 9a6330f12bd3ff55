/**
 * Every projector of this environment, by versioned event type. Typed as `ProjectorMap`, so an
 * event type added to the contract without a projector here fails the type check.
 */
import type { ProjectorMap } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { project as kickChannelFollowedV1 } from './kick.channel.followed.v1.ts';
import { project as kickChannelRewardRedemptionUpdatedV1 } from './kick.channel.reward.redemption.updated.v1.ts';
import { project as kickChannelSubscriptionGiftsV1 } from './kick.channel.subscription.gifts.v1.ts';
import { project as kickChannelSubscriptionNewV1 } from './kick.channel.subscription.new.v1.ts';
import { project as kickChannelSubscriptionRenewalV1 } from './kick.channel.subscription.renewal.v1.ts';
import { project as kickChatMessageSentV1 } from './kick.chat.message.sent.v1.ts';
import { project as kickKicksGiftedV1 } from './kick.kicks.gifted.v1.ts';
import { project as kickLivestreamMetadataUpdatedV1 } from './kick.livestream.metadata.updated.v1.ts';
import { project as kickLivestreamStatusUpdatedV1 } from './kick.livestream.status.updated.v1.ts';
import { project as kickModerationBannedV1 } from './kick.moderation.banned.v1.ts';
import { project as kickViewerProbeV1 } from './kick.viewer_probe.v1.ts';
import { project as sumsubApplicantActionOnHoldV1 } from './sumsub.applicant_action_on_hold.v1.ts';
import { project as sumsubApplicantActionPendingV1 } from './sumsub.applicant_action_pending.v1.ts';
import { project as sumsubApplicantActionReviewedV1 } from './sumsub.applicant_action_reviewed.v1.ts';
import { project as sumsubApplicantCreatedV1 } from './sumsub.applicant_created.v1.ts';
import { project as sumsubApplicantDeletedV1 } from './sumsub.applicant_deleted.v1.ts';
import { project as sumsubApplicantLevelChangedV1 } from './sumsub.applicant_level_changed.v1.ts';
import { project as sumsubApplicantOnHoldV1 } from './sumsub.applicant_on_hold.v1.ts';
import { project as sumsubApplicantPendingV1 } from './sumsub.applicant_pending.v1.ts';
import { project as sumsubApplicantPersonalInfoChangedV1 } from './sumsub.applicant_personal_info_changed.v1.ts';
import { project as sumsubApplicantPrecheckedV1 } from './sumsub.applicant_prechecked.v1.ts';
import { project as sumsubApplicantResetV1 } from './sumsub.applicant_reset.v1.ts';
import { project as sumsubApplicantReviewedV1 } from './sumsub.applicant_reviewed.v1.ts';
import { project as sumsubApplicantWorkflowCompletedV1 } from './sumsub.applicant_workflow_completed.v1.ts';

export const projectors: ProjectorMap<ProjectorTx> = {
  'kick.channel.followed.v1': kickChannelFollowedV1,
  'kick.channel.reward.redemption.updated.v1': kickChannelRewardRedemptionUpdatedV1,
  'kick.channel.subscription.gifts.v1': kickChannelSubscriptionGiftsV1,
  'kick.channel.subscription.new.v1': kickChannelSubscriptionNewV1,
  'kick.channel.subscription.renewal.v1': kickChannelSubscriptionRenewalV1,
  'kick.chat.message.sent.v1': kickChatMessageSentV1,
  'kick.kicks.gifted.v1': kickKicksGiftedV1,
  'kick.livestream.metadata.updated.v1': kickLivestreamMetadataUpdatedV1,
  'kick.livestream.status.updated.v1': kickLivestreamStatusUpdatedV1,
  'kick.moderation.banned.v1': kickModerationBannedV1,
  'kick.viewer_probe.v1': kickViewerProbeV1,
  'sumsub.applicant_action_on_hold.v1': sumsubApplicantActionOnHoldV1,
  'sumsub.applicant_action_pending.v1': sumsubApplicantActionPendingV1,
  'sumsub.applicant_action_reviewed.v1': sumsubApplicantActionReviewedV1,
  'sumsub.applicant_created.v1': sumsubApplicantCreatedV1,
  'sumsub.applicant_deleted.v1': sumsubApplicantDeletedV1,
  'sumsub.applicant_level_changed.v1': sumsubApplicantLevelChangedV1,
  'sumsub.applicant_on_hold.v1': sumsubApplicantOnHoldV1,
  'sumsub.applicant_pending.v1': sumsubApplicantPendingV1,
  'sumsub.applicant_personal_info_changed.v1': sumsubApplicantPersonalInfoChangedV1,
  'sumsub.applicant_prechecked.v1': sumsubApplicantPrecheckedV1,
  'sumsub.applicant_reset.v1': sumsubApplicantResetV1,
  'sumsub.applicant_reviewed.v1': sumsubApplicantReviewedV1,
  'sumsub.applicant_workflow_completed.v1': sumsubApplicantWorkflowCompletedV1,
};
