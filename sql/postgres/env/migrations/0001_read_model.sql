-- An environment's read model (DESIGN §7). Every projected row keeps the `time` (event_time)
-- and id (event_id) of the envelope that last wrote it: a projector overwrites only when the
-- incoming (time, id) is newer. Envelope ids are UUIDv7, minted at receive time, so comparing
-- them breaks `time` ties by receive time, then id.

-- One row per applied envelope; the receiver's idempotency key.
CREATE TABLE processed_events (
  event_id uuid PRIMARY KEY,
  type text NOT NULL,
  time timestamptz NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX processed_events_type_idx ON processed_events (type);
CREATE INDEX processed_events_processed_at_idx ON processed_events (processed_at);

CREATE TABLE kick_chat_messages (
  message_id text PRIMARY KEY,
  broadcaster_user_id bigint NOT NULL,
  sender_user_id bigint,
  sender_username text,
  content text NOT NULL,
  replies_to_message_id text,
  sent_at timestamptz NOT NULL,
  event_id uuid NOT NULL,
  event_time timestamptz NOT NULL
);
CREATE INDEX kick_chat_messages_broadcaster_sent_at_idx ON kick_chat_messages (broadcaster_user_id, sent_at);

CREATE TABLE kick_follows (
  broadcaster_user_id bigint NOT NULL,
  follower_user_id bigint NOT NULL,
  follower_username text,
  followed_at timestamptz NOT NULL,
  event_id uuid NOT NULL,
  event_time timestamptz NOT NULL,
  PRIMARY KEY (broadcaster_user_id, follower_user_id)
);

-- new, renewal and gifts all land here (one row per giftee); the latest expiry wins.
CREATE TABLE kick_subscriptions (
  broadcaster_user_id bigint NOT NULL,
  subscriber_user_id bigint NOT NULL,
  subscriber_username text,
  kind text NOT NULL,
  duration_months integer,
  subscribed_at timestamptz,
  expires_at timestamptz,
  event_id uuid NOT NULL,
  event_time timestamptz NOT NULL,
  PRIMARY KEY (broadcaster_user_id, subscriber_user_id)
);

CREATE TABLE kick_subscription_gifts (
  event_id uuid PRIMARY KEY,
  broadcaster_user_id bigint NOT NULL,
  -- null when the gifter is anonymous
  gifter_user_id bigint,
  gifter_username text,
  giftee_user_ids bigint[] NOT NULL,
  gifted_at timestamptz,
  expires_at timestamptz,
  event_time timestamptz NOT NULL
);
CREATE INDEX kick_subscription_gifts_broadcaster_idx ON kick_subscription_gifts (broadcaster_user_id, event_time);

CREATE TABLE kick_reward_redemptions (
  redemption_id text PRIMARY KEY,
  broadcaster_user_id bigint NOT NULL,
  reward_id text,
  reward_title text,
  reward_cost integer,
  redeemer_user_id bigint,
  redeemer_username text,
  user_input text,
  status text NOT NULL,
  redeemed_at timestamptz,
  event_id uuid NOT NULL,
  event_time timestamptz NOT NULL
);

-- status.updated and metadata.updated write different columns, so each keeps its own time.
CREATE TABLE kick_livestreams (
  broadcaster_user_id bigint PRIMARY KEY,
  is_live boolean NOT NULL DEFAULT false,
  title text,
  language text,
  has_mature_content boolean,
  category_id bigint,
  category_name text,
  started_at timestamptz,
  ended_at timestamptz,
  status_event_time timestamptz,
  metadata_event_time timestamptz,
  event_id uuid NOT NULL,
  event_time timestamptz NOT NULL
);

CREATE TABLE kick_bans (
  broadcaster_user_id bigint NOT NULL,
  banned_user_id bigint NOT NULL,
  banned_at timestamptz NOT NULL,
  banned_username text,
  moderator_user_id bigint,
  moderator_username text,
  reason text,
  -- null = permanent
  expires_at timestamptz,
  event_id uuid NOT NULL,
  event_time timestamptz NOT NULL,
  PRIMARY KEY (broadcaster_user_id, banned_user_id, banned_at)
);

CREATE TABLE kick_kicks_gifts (
  event_id uuid PRIMARY KEY,
  broadcaster_user_id bigint NOT NULL,
  sender_user_id bigint,
  sender_username text,
  amount integer,
  gift_id text,
  gift_name text,
  gift_type text,
  gift_tier text,
  message text,
  gifted_at timestamptz,
  event_time timestamptz NOT NULL
);
CREATE INDEX kick_kicks_gifts_broadcaster_idx ON kick_kicks_gifts (broadcaster_user_id, event_time);

-- probed_at is the scheduled minute, so a retried poll writes the same row.
CREATE TABLE kick_viewer_counts (
  broadcaster_user_id bigint NOT NULL,
  probed_at timestamptz NOT NULL,
  is_live boolean,
  viewer_count integer,
  event_id uuid NOT NULL,
  event_time timestamptz NOT NULL,
  PRIMARY KEY (broadcaster_user_id, probed_at)
);

-- deleted_at is the tombstone set by applicantDeleted; the latest `time` wins.
CREATE TABLE kyc_applicants (
  applicant_id text PRIMARY KEY,
  external_user_id text,
  inspection_id text,
  level_name text,
  review_status text,
  review_answer text,
  reject_labels text[],
  review_reject_type text,
  last_webhook_type text NOT NULL,
  sandbox boolean,
  deleted_at timestamptz,
  event_id uuid NOT NULL,
  event_time timestamptz NOT NULL
);
CREATE INDEX kyc_applicants_external_user_id_idx ON kyc_applicants (external_user_id);

-- applicantAction* webhooks; they never touch kyc_applicants' verdict.
CREATE TABLE kyc_applicant_actions (
  applicant_action_id text PRIMARY KEY,
  applicant_id text NOT NULL,
  external_action_id text,
  last_webhook_type text NOT NULL,
  review_status text,
  review_answer text,
  event_id uuid NOT NULL,
  event_time timestamptz NOT NULL
);
CREATE INDEX kyc_applicant_actions_applicant_id_idx ON kyc_applicant_actions (applicant_id);

-- Written by the marketplace app: its streamer to dm.streamer_channel.id (a soft reference,
-- no foreign key: that table lives in another database).
CREATE TABLE streamer_channel_link (
  streamer_id text NOT NULL,
  channel_id bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (streamer_id, channel_id)
);
CREATE INDEX streamer_channel_link_channel_id_idx ON streamer_channel_link (channel_id);
