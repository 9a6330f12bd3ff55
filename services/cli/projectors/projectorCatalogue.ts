/**
 * The projectors `vf projector rebuild <name>` knows: each named after its read-model table
 * (DESIGN §7), with every table its event types write and those types. A group's types write
 * only its tables, so rebuilding one group (truncate, forget its processed events, replay its
 * types) leaves every other table as it is. kick_subscription_gifts rides with kick_subscriptions:
 * the gifts event writes both. `streamer_channel_link` is the marketplace's, not a projector's.
 */
import type { EventType } from '../../../generated/asyncapi/catalogue.ts';

/** One rebuildable projector. */
export interface ProjectorEntry {
  /** Read-model tables, truncated by a rebuild. */
  readonly tables: readonly string[];
  /** The event types projected into them: their `processed_events` rows go, and they are replayed. */
  readonly types: readonly EventType[];
}

/** Projector name → its tables and event types. */
export const projectorCatalogue = {
  kick_chat_messages: { tables: ['kick_chat_messages'], types: ['kick.chat.message.sent.v1'] },
  kick_follows: { tables: ['kick_follows'], types: ['kick.channel.followed.v1'] },
  kick_subscriptions: {
    tables: ['kick_subscriptions', 'kick_subscription_gifts'],
    types: ['kick.channel.subscription.new.v1', 'kick.channel.subscription.renewal.v1', 'kick.channel.subscription.gifts.v1'],
  },
  kick_reward_redemptions: { tables: ['kick_reward_redemptions'], types: ['kick.channel.reward.redemption.updated.v1'] },
  kick_livestreams: { tables: ['kick_livestreams'], types: ['kick.livestream.status.updated.v1', 'kick.livestream.metadata.updated.v1'] },
  kick_bans: { tables: ['kick_bans'], types: ['kick.moderation.banned.v1'] },
  kick_kicks_gifts: { tables: ['kick_kicks_gifts'], types: ['kick.kicks.gifted.v1'] },
  kick_viewer_counts: { tables: ['kick_viewer_counts'], types: ['kick.viewer_probe.v1'] },
  kyc_applicants: {
    tables: ['kyc_applicants'],
    types: [
      'sumsub.applicant_created.v1',
      'sumsub.applicant_pending.v1',
      'sumsub.applicant_reviewed.v1',
      'sumsub.applicant_on_hold.v1',
      'sumsub.applicant_prechecked.v1',
      'sumsub.applicant_reset.v1',
      'sumsub.applicant_level_changed.v1',
      'sumsub.applicant_personal_info_changed.v1',
      'sumsub.applicant_workflow_completed.v1',
      'sumsub.applicant_deleted.v1',
    ],
  },
  kyc_applicant_actions: {
    tables: ['kyc_applicant_actions'],
    types: ['sumsub.applicant_action_pending.v1', 'sumsub.applicant_action_reviewed.v1', 'sumsub.applicant_action_on_hold.v1'],
  },
} as const satisfies Readonly<Record<string, ProjectorEntry>>;

/** A projector name. */
export type ProjectorName = keyof typeof projectorCatalogue;

/** Every projector name, in catalogue order. */
export const PROJECTOR_NAMES = Object.keys(projectorCatalogue) as ProjectorName[];
