-- Normalised schema of the env database, from catalog queries after every migration.
-- Do not edit: run `npm run db:dump` to refresh it.
-- migration 0001_read_model.sql
-- migration 0002_grants.sql
-- migration 0003_kick_projections.sql
-- migration 0004_kyc_projections.sql

CREATE SCHEMA public AUTHORIZATION pg_database_owner;
GRANT USAGE ON SCHEMA public TO vf_env;

CREATE SCHEMA vf_migrations AUTHORIZATION vf_migrator;

ALTER DEFAULT PRIVILEGES FOR ROLE vf_migrator IN SCHEMA public GRANT DELETE, INSERT, SELECT, TRUNCATE, UPDATE ON TABLES TO vf_env;
ALTER DEFAULT PRIVILEGES FOR ROLE vf_migrator IN SCHEMA public GRANT SELECT, USAGE ON SEQUENCES TO vf_env;

CREATE TABLE public.kick_bans (
  broadcaster_user_id bigint NOT NULL,
  banned_user_id bigint NOT NULL,
  banned_at timestamp with time zone NOT NULL,
  banned_username text,
  moderator_user_id bigint,
  moderator_username text,
  reason text,
  expires_at timestamp with time zone,
  event_id uuid NOT NULL,
  event_time timestamp with time zone NOT NULL,
  event_received_at timestamp with time zone,
  CONSTRAINT kick_bans_pkey PRIMARY KEY (broadcaster_user_id, banned_user_id, banned_at)
);
ALTER TABLE public.kick_bans OWNER TO vf_migrator;
GRANT DELETE, INSERT, SELECT, TRUNCATE, UPDATE ON public.kick_bans TO vf_env;

CREATE TABLE public.kick_chat_messages (
  message_id text NOT NULL,
  broadcaster_user_id bigint NOT NULL,
  sender_user_id bigint,
  sender_username text,
  content text NOT NULL,
  replies_to_message_id text,
  sent_at timestamp with time zone NOT NULL,
  event_id uuid NOT NULL,
  event_time timestamp with time zone NOT NULL,
  event_received_at timestamp with time zone,
  CONSTRAINT kick_chat_messages_pkey PRIMARY KEY (message_id)
);
ALTER TABLE public.kick_chat_messages OWNER TO vf_migrator;
CREATE INDEX kick_chat_messages_broadcaster_sent_at_idx ON public.kick_chat_messages USING btree (broadcaster_user_id, sent_at);
GRANT DELETE, INSERT, SELECT, TRUNCATE, UPDATE ON public.kick_chat_messages TO vf_env;

CREATE TABLE public.kick_follows (
  broadcaster_user_id bigint NOT NULL,
  follower_user_id bigint NOT NULL,
  follower_username text,
  followed_at timestamp with time zone NOT NULL,
  event_id uuid NOT NULL,
  event_time timestamp with time zone NOT NULL,
  event_received_at timestamp with time zone,
  CONSTRAINT kick_follows_pkey PRIMARY KEY (broadcaster_user_id, follower_user_id)
);
ALTER TABLE public.kick_follows OWNER TO vf_migrator;
GRANT DELETE, INSERT, SELECT, TRUNCATE, UPDATE ON public.kick_follows TO vf_env;

CREATE TABLE public.kick_kicks_gifts (
  event_id uuid NOT NULL,
  broadcaster_user_id bigint NOT NULL,
  sender_user_id bigint,
  sender_username text,
  amount integer,
  gift_id text,
  gift_name text,
  gift_type text,
  gift_tier text,
  message text,
  gifted_at timestamp with time zone,
  event_time timestamp with time zone NOT NULL,
  CONSTRAINT kick_kicks_gifts_pkey PRIMARY KEY (event_id)
);
ALTER TABLE public.kick_kicks_gifts OWNER TO vf_migrator;
CREATE INDEX kick_kicks_gifts_broadcaster_idx ON public.kick_kicks_gifts USING btree (broadcaster_user_id, event_time);
GRANT DELETE, INSERT, SELECT, TRUNCATE, UPDATE ON public.kick_kicks_gifts TO vf_env;

CREATE TABLE public.kick_livestreams (
  broadcaster_user_id bigint NOT NULL,
  is_live boolean DEFAULT false NOT NULL,
  title text,
  language text,
  has_mature_content boolean,
  category_id bigint,
  category_name text,
  started_at timestamp with time zone,
  ended_at timestamp with time zone,
  status_event_time timestamp with time zone,
  metadata_event_time timestamp with time zone,
  event_id uuid NOT NULL,
  event_time timestamp with time zone NOT NULL,
  event_received_at timestamp with time zone,
  status_event_received_at timestamp with time zone,
  status_event_id uuid,
  metadata_event_received_at timestamp with time zone,
  metadata_event_id uuid,
  title_event_time timestamp with time zone,
  title_event_received_at timestamp with time zone,
  title_event_id uuid,
  CONSTRAINT kick_livestreams_pkey PRIMARY KEY (broadcaster_user_id)
);
ALTER TABLE public.kick_livestreams OWNER TO vf_migrator;
GRANT DELETE, INSERT, SELECT, TRUNCATE, UPDATE ON public.kick_livestreams TO vf_env;

CREATE TABLE public.kick_reward_redemptions (
  redemption_id text NOT NULL,
  broadcaster_user_id bigint NOT NULL,
  reward_id text,
  reward_title text,
  reward_cost integer,
  redeemer_user_id bigint,
  redeemer_username text,
  user_input text,
  status text NOT NULL,
  redeemed_at timestamp with time zone,
  event_id uuid NOT NULL,
  event_time timestamp with time zone NOT NULL,
  event_received_at timestamp with time zone,
  CONSTRAINT kick_reward_redemptions_pkey PRIMARY KEY (redemption_id)
);
ALTER TABLE public.kick_reward_redemptions OWNER TO vf_migrator;
GRANT DELETE, INSERT, SELECT, TRUNCATE, UPDATE ON public.kick_reward_redemptions TO vf_env;

CREATE TABLE public.kick_subscription_gifts (
  event_id uuid NOT NULL,
  broadcaster_user_id bigint NOT NULL,
  gifter_user_id bigint,
  gifter_username text,
  giftee_user_ids bigint[] NOT NULL,
  gifted_at timestamp with time zone,
  expires_at timestamp with time zone,
  event_time timestamp with time zone NOT NULL,
  CONSTRAINT kick_subscription_gifts_pkey PRIMARY KEY (event_id)
);
ALTER TABLE public.kick_subscription_gifts OWNER TO vf_migrator;
CREATE INDEX kick_subscription_gifts_broadcaster_idx ON public.kick_subscription_gifts USING btree (broadcaster_user_id, event_time);
GRANT DELETE, INSERT, SELECT, TRUNCATE, UPDATE ON public.kick_subscription_gifts TO vf_env;

CREATE TABLE public.kick_subscriptions (
  broadcaster_user_id bigint NOT NULL,
  subscriber_user_id bigint NOT NULL,
  subscriber_username text,
  kind text NOT NULL,
  duration_months integer,
  subscribed_at timestamp with time zone,
  expires_at timestamp with time zone,
  event_id uuid NOT NULL,
  event_time timestamp with time zone NOT NULL,
  event_received_at timestamp with time zone,
  CONSTRAINT kick_subscriptions_pkey PRIMARY KEY (broadcaster_user_id, subscriber_user_id)
);
ALTER TABLE public.kick_subscriptions OWNER TO vf_migrator;
GRANT DELETE, INSERT, SELECT, TRUNCATE, UPDATE ON public.kick_subscriptions TO vf_env;

CREATE TABLE public.kick_viewer_counts (
  broadcaster_user_id bigint NOT NULL,
  probed_at timestamp with time zone NOT NULL,
  is_live boolean,
  viewer_count integer,
  event_id uuid NOT NULL,
  event_time timestamp with time zone NOT NULL,
  event_received_at timestamp with time zone,
  CONSTRAINT kick_viewer_counts_pkey PRIMARY KEY (broadcaster_user_id, probed_at)
);
ALTER TABLE public.kick_viewer_counts OWNER TO vf_migrator;
GRANT DELETE, INSERT, SELECT, TRUNCATE, UPDATE ON public.kick_viewer_counts TO vf_env;

CREATE TABLE public.kyc_applicant_actions (
  applicant_action_id text NOT NULL,
  applicant_id text NOT NULL,
  external_action_id text,
  last_webhook_type text NOT NULL,
  review_status text,
  review_answer text,
  event_id uuid NOT NULL,
  event_time timestamp with time zone NOT NULL,
  reject_labels text[],
  review_reject_type text,
  event_received_at timestamp with time zone,
  status_event_time timestamp with time zone,
  status_event_received_at timestamp with time zone,
  status_event_id uuid,
  verdict_event_time timestamp with time zone,
  verdict_event_received_at timestamp with time zone,
  verdict_event_id uuid,
  CONSTRAINT kyc_applicant_actions_pkey PRIMARY KEY (applicant_action_id)
);
ALTER TABLE public.kyc_applicant_actions OWNER TO vf_migrator;
CREATE INDEX kyc_applicant_actions_applicant_id_idx ON public.kyc_applicant_actions USING btree (applicant_id);
GRANT DELETE, INSERT, SELECT, TRUNCATE, UPDATE ON public.kyc_applicant_actions TO vf_env;

CREATE TABLE public.kyc_applicants (
  applicant_id text NOT NULL,
  external_user_id text,
  inspection_id text,
  level_name text,
  review_status text,
  review_answer text,
  reject_labels text[],
  review_reject_type text,
  last_webhook_type text NOT NULL,
  sandbox boolean,
  deleted_at timestamp with time zone,
  event_id uuid NOT NULL,
  event_time timestamp with time zone NOT NULL,
  event_received_at timestamp with time zone,
  moderation_comment text,
  status_event_time timestamp with time zone,
  status_event_received_at timestamp with time zone,
  status_event_id uuid,
  verdict_event_time timestamp with time zone,
  verdict_event_received_at timestamp with time zone,
  verdict_event_id uuid,
  level_event_time timestamp with time zone,
  level_event_received_at timestamp with time zone,
  level_event_id uuid,
  CONSTRAINT kyc_applicants_pkey PRIMARY KEY (applicant_id)
);
ALTER TABLE public.kyc_applicants OWNER TO vf_migrator;
CREATE INDEX kyc_applicants_external_user_id_idx ON public.kyc_applicants USING btree (external_user_id);
GRANT DELETE, INSERT, SELECT, TRUNCATE, UPDATE ON public.kyc_applicants TO vf_env;

CREATE TABLE public.processed_events (
  event_id uuid NOT NULL,
  type text NOT NULL,
  "time" timestamp with time zone NOT NULL,
  processed_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT processed_events_pkey PRIMARY KEY (event_id)
);
ALTER TABLE public.processed_events OWNER TO vf_migrator;
CREATE INDEX processed_events_processed_at_idx ON public.processed_events USING btree (processed_at);
CREATE INDEX processed_events_type_idx ON public.processed_events USING btree (type);
GRANT DELETE, INSERT, SELECT, TRUNCATE, UPDATE ON public.processed_events TO vf_env;

CREATE TABLE public.streamer_channel_link (
  streamer_id text NOT NULL,
  channel_id bigint NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT streamer_channel_link_pkey PRIMARY KEY (streamer_id, channel_id)
);
ALTER TABLE public.streamer_channel_link OWNER TO vf_migrator;
CREATE INDEX streamer_channel_link_channel_id_idx ON public.streamer_channel_link USING btree (channel_id);
GRANT DELETE, INSERT, SELECT, TRUNCATE, UPDATE ON public.streamer_channel_link TO vf_env;

CREATE TABLE vf_migrations.applied (
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT applied_pkey PRIMARY KEY (name)
);
ALTER TABLE vf_migrations.applied OWNER TO vf_migrator;
