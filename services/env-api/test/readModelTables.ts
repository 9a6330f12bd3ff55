/**
 * The read-model tables the projectors write (sql/postgres/env/migrations), for tests that compare
 * or count them. `streamer_channel_link` is the marketplace's own table (DESIGN §7): nothing of ours
 * writes it, so it is not listed.
 */
export const PROJECTION_TABLES = [
  'kick_chat_messages',
  'kick_follows',
  'kick_subscriptions',
  'kick_subscription_gifts',
  'kick_reward_redemptions',
  'kick_livestreams',
  'kick_bans',
  'kick_kicks_gifts',
  'kick_viewer_counts',
  'kyc_applicants',
  'kyc_applicant_actions',
] as const;
