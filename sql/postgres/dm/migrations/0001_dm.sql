-- dm: channel identity and what the ingest tier keeps about Kick channels (DESIGN §8).
CREATE SCHEMA dm;

-- A Kick channel we know of. Tracked channels (tracking = true) get a probe schedule
-- and webhook subscriptions; untracked ones are kept because webhooks name them.
CREATE TABLE dm.streamer_channel (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kick_broadcaster_user_id bigint NOT NULL CONSTRAINT streamer_channel_kick_broadcaster_user_id_key UNIQUE,
  kick_channel_id bigint,
  slug text NOT NULL CHECK (slug <> ''),
  display_name text,
  tracking boolean NOT NULL DEFAULT false,
  tracking_changed_at timestamptz,
  -- `time` of the event or poll that last changed slug/display name, so late data never wins.
  event_time timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX streamer_channel_slug_idx ON dm.streamer_channel (lower(slug));

-- Every slug a channel has had; the open row (valid_to IS NULL) is the current one.
CREATE TABLE dm.streamer_channel_slug_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  streamer_channel_id bigint NOT NULL REFERENCES dm.streamer_channel (id) ON DELETE CASCADE,
  slug text NOT NULL CHECK (slug <> ''),
  valid_from timestamptz NOT NULL,
  valid_to timestamptz,
  CONSTRAINT slug_history_valid_range CHECK (valid_to IS NULL OR valid_to > valid_from),
  CONSTRAINT slug_history_channel_valid_from_key UNIQUE (streamer_channel_id, valid_from)
);
CREATE UNIQUE INDEX slug_history_one_current_idx
  ON dm.streamer_channel_slug_history (streamer_channel_id) WHERE valid_to IS NULL;
CREATE INDEX slug_history_slug_idx ON dm.streamer_channel_slug_history (lower(slug));

-- Which channels the viewer poller probes and how often.
CREATE TABLE dm.probe_schedule (
  streamer_channel_id bigint PRIMARY KEY REFERENCES dm.streamer_channel (id) ON DELETE CASCADE,
  interval_seconds integer NOT NULL DEFAULT 60 CHECK (interval_seconds >= 60),
  enabled boolean NOT NULL DEFAULT true,
  next_probe_at timestamptz NOT NULL DEFAULT now(),
  last_probed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- The poller's hot path: due, enabled schedules.
CREATE INDEX probe_schedule_due_idx ON dm.probe_schedule (next_probe_at) WHERE enabled;

-- One live stream, from livestream.status.updated (start and end may arrive in any order).
CREATE TABLE dm.stream_session (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  streamer_channel_id bigint NOT NULL REFERENCES dm.streamer_channel (id) ON DELETE CASCADE,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  title text,
  event_time timestamptz NOT NULL,
  last_envelope_id uuid,
  CONSTRAINT stream_session_channel_started_at_key UNIQUE (streamer_channel_id, started_at),
  CONSTRAINT stream_session_valid_range CHECK (ended_at IS NULL OR ended_at >= started_at)
);

-- Our Kick webhook subscriptions, as Kick reported them at the last sync.
CREATE TABLE dm.event_subscription (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  streamer_channel_id bigint NOT NULL REFERENCES dm.streamer_channel (id) ON DELETE CASCADE,
  kick_subscription_id text NOT NULL CONSTRAINT event_subscription_kick_subscription_id_key UNIQUE,
  event_type text NOT NULL,
  event_version integer NOT NULL,
  method text NOT NULL DEFAULT 'webhook',
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX event_subscription_channel_type_idx
  ON dm.event_subscription (streamer_channel_id, event_type, event_version) WHERE deleted_at IS NULL;

-- One row per Kick API call the poller or the subscription sync made.
CREATE TABLE dm.scrape_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT now(),
  endpoint text NOT NULL,
  probe_minute timestamptz,
  http_status integer,
  latency_ms integer CHECK (latency_ms >= 0),
  requested_count integer NOT NULL DEFAULT 0 CHECK (requested_count >= 0),
  result_count integer NOT NULL DEFAULT 0 CHECK (result_count >= 0),
  error text
);
CREATE INDEX scrape_log_started_at_idx ON dm.scrape_log (started_at);
