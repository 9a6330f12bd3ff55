-- Normalised schema of the dm database, from catalog queries after every migration.
-- Do not edit: run `npm run db:dump` to refresh it.
-- migration 0001_dm.sql
-- migration 0002_ingest.sql
-- migration 0003_grants.sql
-- migration 0004_fanout.sql
-- migration 0005_console_indexes.sql

CREATE SCHEMA dm AUTHORIZATION vf_migrator;
GRANT USAGE ON SCHEMA dm TO vf_env;
GRANT USAGE ON SCHEMA dm TO vf_ingest;

CREATE SCHEMA graphile_worker AUTHORIZATION vf_migrator;
GRANT USAGE ON SCHEMA graphile_worker TO vf_ingest;

CREATE SCHEMA ingest AUTHORIZATION vf_migrator;
GRANT USAGE ON SCHEMA ingest TO vf_ingest;

CREATE SCHEMA public AUTHORIZATION pg_database_owner;

CREATE SCHEMA vf_migrations AUTHORIZATION vf_migrator;

ALTER DEFAULT PRIVILEGES FOR ROLE vf_migrator IN SCHEMA dm GRANT DELETE, INSERT, SELECT, UPDATE ON TABLES TO vf_ingest;
ALTER DEFAULT PRIVILEGES FOR ROLE vf_migrator IN SCHEMA dm GRANT SELECT ON TABLES TO vf_env;
ALTER DEFAULT PRIVILEGES FOR ROLE vf_migrator IN SCHEMA dm GRANT SELECT, USAGE ON SEQUENCES TO vf_ingest;
ALTER DEFAULT PRIVILEGES FOR ROLE vf_migrator IN SCHEMA ingest GRANT DELETE, INSERT, SELECT, UPDATE ON TABLES TO vf_ingest;
ALTER DEFAULT PRIVILEGES FOR ROLE vf_migrator IN SCHEMA ingest GRANT SELECT, USAGE ON SEQUENCES TO vf_ingest;

CREATE TABLE dm.event_subscription (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  streamer_channel_id bigint NOT NULL,
  kick_subscription_id text NOT NULL,
  event_type text NOT NULL,
  event_version integer NOT NULL,
  method text DEFAULT 'webhook'::text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  last_seen_at timestamp with time zone DEFAULT now() NOT NULL,
  deleted_at timestamp with time zone,
  CONSTRAINT event_subscription_kick_subscription_id_key UNIQUE (kick_subscription_id),
  CONSTRAINT event_subscription_pkey PRIMARY KEY (id),
  CONSTRAINT event_subscription_streamer_channel_id_fkey FOREIGN KEY (streamer_channel_id) REFERENCES dm.streamer_channel(id) ON DELETE CASCADE
);
ALTER TABLE dm.event_subscription OWNER TO vf_migrator;
CREATE INDEX event_subscription_channel_type_idx ON dm.event_subscription USING btree (streamer_channel_id, event_type, event_version) WHERE (deleted_at IS NULL);
GRANT DELETE, INSERT, SELECT, UPDATE ON dm.event_subscription TO vf_ingest;
GRANT SELECT ON dm.event_subscription TO vf_env;

-- SEQUENCE dm.event_subscription_id_seq
ALTER SEQUENCE dm.event_subscription_id_seq OWNER TO vf_migrator;
GRANT SELECT, USAGE ON dm.event_subscription_id_seq TO vf_ingest;

CREATE TABLE dm.probe_schedule (
  streamer_channel_id bigint NOT NULL,
  interval_seconds integer DEFAULT 60 NOT NULL,
  enabled boolean DEFAULT true NOT NULL,
  next_probe_at timestamp with time zone DEFAULT now() NOT NULL,
  last_probed_at timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT probe_schedule_interval_seconds_check CHECK (interval_seconds >= 60),
  CONSTRAINT probe_schedule_pkey PRIMARY KEY (streamer_channel_id),
  CONSTRAINT probe_schedule_streamer_channel_id_fkey FOREIGN KEY (streamer_channel_id) REFERENCES dm.streamer_channel(id) ON DELETE CASCADE
);
ALTER TABLE dm.probe_schedule OWNER TO vf_migrator;
CREATE INDEX probe_schedule_due_idx ON dm.probe_schedule USING btree (next_probe_at) WHERE enabled;
GRANT DELETE, INSERT, SELECT, UPDATE ON dm.probe_schedule TO vf_ingest;
GRANT SELECT ON dm.probe_schedule TO vf_env;

CREATE TABLE dm.scrape_log (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  started_at timestamp with time zone DEFAULT now() NOT NULL,
  endpoint text NOT NULL,
  probe_minute timestamp with time zone,
  http_status integer,
  latency_ms integer,
  requested_count integer DEFAULT 0 NOT NULL,
  result_count integer DEFAULT 0 NOT NULL,
  error text,
  CONSTRAINT scrape_log_latency_ms_check CHECK (latency_ms >= 0),
  CONSTRAINT scrape_log_pkey PRIMARY KEY (id),
  CONSTRAINT scrape_log_requested_count_check CHECK (requested_count >= 0),
  CONSTRAINT scrape_log_result_count_check CHECK (result_count >= 0)
);
ALTER TABLE dm.scrape_log OWNER TO vf_migrator;
CREATE INDEX scrape_log_started_at_idx ON dm.scrape_log USING btree (started_at);
GRANT DELETE, INSERT, SELECT, UPDATE ON dm.scrape_log TO vf_ingest;
GRANT SELECT ON dm.scrape_log TO vf_env;

-- SEQUENCE dm.scrape_log_id_seq
ALTER SEQUENCE dm.scrape_log_id_seq OWNER TO vf_migrator;
GRANT SELECT, USAGE ON dm.scrape_log_id_seq TO vf_ingest;

CREATE TABLE dm.stream_session (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  streamer_channel_id bigint NOT NULL,
  started_at timestamp with time zone NOT NULL,
  ended_at timestamp with time zone,
  title text,
  event_time timestamp with time zone NOT NULL,
  last_envelope_id uuid,
  CONSTRAINT stream_session_channel_started_at_key UNIQUE (streamer_channel_id, started_at),
  CONSTRAINT stream_session_pkey PRIMARY KEY (id),
  CONSTRAINT stream_session_streamer_channel_id_fkey FOREIGN KEY (streamer_channel_id) REFERENCES dm.streamer_channel(id) ON DELETE CASCADE,
  CONSTRAINT stream_session_valid_range CHECK (ended_at IS NULL OR ended_at >= started_at)
);
ALTER TABLE dm.stream_session OWNER TO vf_migrator;
GRANT DELETE, INSERT, SELECT, UPDATE ON dm.stream_session TO vf_ingest;
GRANT SELECT ON dm.stream_session TO vf_env;

-- SEQUENCE dm.stream_session_id_seq
ALTER SEQUENCE dm.stream_session_id_seq OWNER TO vf_migrator;
GRANT SELECT, USAGE ON dm.stream_session_id_seq TO vf_ingest;

CREATE TABLE dm.streamer_channel (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  kick_broadcaster_user_id bigint NOT NULL,
  kick_channel_id bigint,
  slug text NOT NULL,
  display_name text,
  tracking boolean DEFAULT false NOT NULL,
  tracking_changed_at timestamp with time zone,
  event_time timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT streamer_channel_kick_broadcaster_user_id_key UNIQUE (kick_broadcaster_user_id),
  CONSTRAINT streamer_channel_pkey PRIMARY KEY (id),
  CONSTRAINT streamer_channel_slug_check CHECK (slug <> ''::text)
);
ALTER TABLE dm.streamer_channel OWNER TO vf_migrator;
CREATE INDEX streamer_channel_slug_idx ON dm.streamer_channel USING btree (lower(slug));
GRANT DELETE, INSERT, SELECT, UPDATE ON dm.streamer_channel TO vf_ingest;
GRANT SELECT ON dm.streamer_channel TO vf_env;

-- SEQUENCE dm.streamer_channel_id_seq
ALTER SEQUENCE dm.streamer_channel_id_seq OWNER TO vf_migrator;
GRANT SELECT, USAGE ON dm.streamer_channel_id_seq TO vf_ingest;

CREATE TABLE dm.streamer_channel_slug_history (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  streamer_channel_id bigint NOT NULL,
  slug text NOT NULL,
  valid_from timestamp with time zone NOT NULL,
  valid_to timestamp with time zone,
  CONSTRAINT slug_history_channel_valid_from_key UNIQUE (streamer_channel_id, valid_from),
  CONSTRAINT slug_history_valid_range CHECK (valid_to IS NULL OR valid_to > valid_from),
  CONSTRAINT streamer_channel_slug_history_pkey PRIMARY KEY (id),
  CONSTRAINT streamer_channel_slug_history_slug_check CHECK (slug <> ''::text),
  CONSTRAINT streamer_channel_slug_history_streamer_channel_id_fkey FOREIGN KEY (streamer_channel_id) REFERENCES dm.streamer_channel(id) ON DELETE CASCADE
);
ALTER TABLE dm.streamer_channel_slug_history OWNER TO vf_migrator;
CREATE UNIQUE INDEX slug_history_one_current_idx ON dm.streamer_channel_slug_history USING btree (streamer_channel_id) WHERE (valid_to IS NULL);
CREATE INDEX slug_history_slug_idx ON dm.streamer_channel_slug_history USING btree (lower(slug));
GRANT DELETE, INSERT, SELECT, UPDATE ON dm.streamer_channel_slug_history TO vf_ingest;
GRANT SELECT ON dm.streamer_channel_slug_history TO vf_env;

-- SEQUENCE dm.streamer_channel_slug_history_id_seq
ALTER SEQUENCE dm.streamer_channel_slug_history_id_seq OWNER TO vf_migrator;
GRANT SELECT, USAGE ON dm.streamer_channel_slug_history_id_seq TO vf_ingest;

-- TABLE graphile_worker._private_job_queues
ALTER TABLE graphile_worker._private_job_queues OWNER TO vf_migrator;
ALTER TABLE graphile_worker._private_job_queues ENABLE ROW LEVEL SECURITY;
CREATE POLICY vf_ingest_all ON graphile_worker._private_job_queues FOR ALL TO vf_ingest USING (true) WITH CHECK (true);
GRANT DELETE, INSERT, SELECT, UPDATE ON graphile_worker._private_job_queues TO vf_ingest;

-- TABLE graphile_worker._private_jobs
ALTER TABLE graphile_worker._private_jobs OWNER TO vf_migrator;
ALTER TABLE graphile_worker._private_jobs ENABLE ROW LEVEL SECURITY;
CREATE POLICY vf_ingest_all ON graphile_worker._private_jobs FOR ALL TO vf_ingest USING (true) WITH CHECK (true);
GRANT DELETE, INSERT, SELECT, UPDATE ON graphile_worker._private_jobs TO vf_ingest;

-- TABLE graphile_worker._private_known_crontabs
ALTER TABLE graphile_worker._private_known_crontabs OWNER TO vf_migrator;
ALTER TABLE graphile_worker._private_known_crontabs ENABLE ROW LEVEL SECURITY;
CREATE POLICY vf_ingest_all ON graphile_worker._private_known_crontabs FOR ALL TO vf_ingest USING (true) WITH CHECK (true);
GRANT DELETE, INSERT, SELECT, UPDATE ON graphile_worker._private_known_crontabs TO vf_ingest;

-- TABLE graphile_worker._private_tasks
ALTER TABLE graphile_worker._private_tasks OWNER TO vf_migrator;
ALTER TABLE graphile_worker._private_tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY vf_ingest_all ON graphile_worker._private_tasks FOR ALL TO vf_ingest USING (true) WITH CHECK (true);
GRANT DELETE, INSERT, SELECT, UPDATE ON graphile_worker._private_tasks TO vf_ingest;

-- VIEW graphile_worker.jobs
ALTER VIEW graphile_worker.jobs OWNER TO vf_migrator;
GRANT DELETE, INSERT, SELECT, UPDATE ON graphile_worker.jobs TO vf_ingest;

-- TABLE graphile_worker.migrations
ALTER TABLE graphile_worker.migrations OWNER TO vf_migrator;
GRANT DELETE, INSERT, SELECT, UPDATE ON graphile_worker.migrations TO vf_ingest;

CREATE TABLE ingest.dead_letter (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  kind text NOT NULL,
  outbox_delivery_id bigint,
  envelope_id uuid,
  target text,
  task_identifier text,
  payload jsonb,
  reason text NOT NULL,
  error text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  replayed_at timestamp with time zone,
  CONSTRAINT dead_letter_kind_check CHECK (kind = ANY (ARRAY['delivery'::text, 'job'::text])),
  CONSTRAINT dead_letter_outbox_delivery_id_fkey FOREIGN KEY (outbox_delivery_id) REFERENCES ingest.outbox_delivery(id) ON DELETE SET NULL,
  CONSTRAINT dead_letter_pkey PRIMARY KEY (id)
);
ALTER TABLE ingest.dead_letter OWNER TO vf_migrator;
CREATE INDEX dead_letter_created_at_idx ON ingest.dead_letter USING btree (created_at);
GRANT DELETE, INSERT, SELECT, UPDATE ON ingest.dead_letter TO vf_ingest;

-- SEQUENCE ingest.dead_letter_id_seq
ALTER SEQUENCE ingest.dead_letter_id_seq OWNER TO vf_migrator;
GRANT SELECT, USAGE ON ingest.dead_letter_id_seq TO vf_ingest;

CREATE TABLE ingest.dedupe_key (
  key text NOT NULL,
  expires_at timestamp with time zone NOT NULL,
  inbox_id bigint NOT NULL,
  envelope_id uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT dedupe_key_pkey PRIMARY KEY (key)
);
ALTER TABLE ingest.dedupe_key OWNER TO vf_migrator;
CREATE INDEX dedupe_key_expires_at_idx ON ingest.dedupe_key USING btree (expires_at);
GRANT DELETE, INSERT, SELECT, UPDATE ON ingest.dedupe_key TO vf_ingest;

CREATE TABLE ingest.delivery_batch (
  id uuid NOT NULL,
  target text NOT NULL,
  delivery_ids bigint[] NOT NULL,
  byte_size integer NOT NULL,
  attempts integer DEFAULT 0 NOT NULL,
  last_attempt_at timestamp with time zone,
  last_http_status integer,
  last_error text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  settled_at timestamp with time zone,
  next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
  outcome text,
  CONSTRAINT delivery_batch_attempts_check CHECK (attempts >= 0),
  CONSTRAINT delivery_batch_byte_size_check CHECK (byte_size >= 0),
  CONSTRAINT delivery_batch_delivery_ids_check CHECK (cardinality(delivery_ids) > 0),
  CONSTRAINT delivery_batch_outcome_check CHECK (outcome = ANY (ARRAY['answered'::text, 'split'::text, 'too_large'::text])),
  CONSTRAINT delivery_batch_pkey PRIMARY KEY (id),
  CONSTRAINT delivery_batch_settled_has_outcome CHECK ((settled_at IS NULL) = (outcome IS NULL))
);
ALTER TABLE ingest.delivery_batch OWNER TO vf_migrator;
CREATE INDEX delivery_batch_open_idx ON ingest.delivery_batch USING btree (target, created_at) WHERE (settled_at IS NULL);
GRANT DELETE, INSERT, SELECT, UPDATE ON ingest.delivery_batch TO vf_ingest;

CREATE TABLE ingest.inbox (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  source text NOT NULL,
  status text NOT NULL,
  provider_message_id text,
  event_type text,
  event_version text,
  body_sha256 bytea NOT NULL,
  raw_body bytea,
  raw_headers jsonb,
  raw_event_id uuid NOT NULL,
  envelope_id uuid,
  received_at timestamp with time zone DEFAULT now() NOT NULL,
  sunk_at timestamp with time zone,
  CONSTRAINT inbox_accepted_has_envelope CHECK (status <> 'accepted'::text OR envelope_id IS NOT NULL),
  CONSTRAINT inbox_body_sha256_check CHECK (octet_length(body_sha256) = 32),
  CONSTRAINT inbox_envelope_id_key UNIQUE (envelope_id),
  CONSTRAINT inbox_pkey PRIMARY KEY (id),
  CONSTRAINT inbox_raw_event_id_key UNIQUE (raw_event_id),
  CONSTRAINT inbox_raw_kept_until_sunk CHECK (sunk_at IS NOT NULL OR raw_body IS NOT NULL AND raw_headers IS NOT NULL),
  CONSTRAINT inbox_source_check CHECK (source = ANY (ARRAY['kick'::text, 'sumsub'::text, 'kick_probe'::text])),
  CONSTRAINT inbox_source_message_id_key UNIQUE (source, provider_message_id),
  CONSTRAINT inbox_status_check CHECK (status = ANY (ARRAY['accepted'::text, 'quarantined'::text]))
);
ALTER TABLE ingest.inbox OWNER TO vf_migrator;
CREATE INDEX inbox_received_at_idx ON ingest.inbox USING btree (received_at);
CREATE INDEX inbox_unsunk_idx ON ingest.inbox USING btree (id) WHERE (sunk_at IS NULL);
GRANT DELETE, INSERT, SELECT, UPDATE ON ingest.inbox TO vf_ingest;

-- SEQUENCE ingest.inbox_id_seq
ALTER SEQUENCE ingest.inbox_id_seq OWNER TO vf_migrator;
GRANT SELECT, USAGE ON ingest.inbox_id_seq TO vf_ingest;

CREATE TABLE ingest.outbox (
  "position" bigint DEFAULT nextval('ingest.outbox_position_seq'::regclass) NOT NULL,
  envelope_id uuid NOT NULL,
  type text NOT NULL,
  subject text NOT NULL,
  "time" timestamp with time zone NOT NULL,
  envelope jsonb NOT NULL,
  inbox_id bigint,
  tx_id xid8 DEFAULT pg_current_xact_id() NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT outbox_envelope_id_key UNIQUE (envelope_id),
  CONSTRAINT outbox_inbox_id_fkey FOREIGN KEY (inbox_id) REFERENCES ingest.inbox(id) ON DELETE SET NULL,
  CONSTRAINT outbox_pkey PRIMARY KEY ("position")
);
ALTER TABLE ingest.outbox OWNER TO vf_migrator;
CREATE INDEX outbox_created_at_idx ON ingest.outbox USING btree (created_at);
CREATE INDEX outbox_subject_idx ON ingest.outbox USING btree (subject);
CREATE INDEX outbox_type_time_idx ON ingest.outbox USING btree (type, "time");
GRANT DELETE, INSERT, SELECT, UPDATE ON ingest.outbox TO vf_ingest;

CREATE TABLE ingest.outbox_delivery (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  outbox_position bigint NOT NULL,
  target text NOT NULL,
  status text DEFAULT 'pending'::text NOT NULL,
  attempts integer DEFAULT 0 NOT NULL,
  next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
  last_error text,
  last_result text,
  batch_id uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  done_at timestamp with time zone,
  CONSTRAINT outbox_delivery_attempts_check CHECK (attempts >= 0),
  CONSTRAINT outbox_delivery_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES ingest.delivery_batch(id) ON DELETE SET NULL,
  CONSTRAINT outbox_delivery_outbox_position_fkey FOREIGN KEY (outbox_position) REFERENCES ingest.outbox("position") ON DELETE CASCADE,
  CONSTRAINT outbox_delivery_pkey PRIMARY KEY (id),
  CONSTRAINT outbox_delivery_status_check CHECK (status = ANY (ARRAY['pending'::text, 'done'::text, 'parked'::text, 'dead'::text]))
);
ALTER TABLE ingest.outbox_delivery OWNER TO vf_migrator;
CREATE INDEX outbox_delivery_batch_idx ON ingest.outbox_delivery USING btree (batch_id) WHERE (batch_id IS NOT NULL);
CREATE INDEX outbox_delivery_done_at_idx ON ingest.outbox_delivery USING btree (done_at) WHERE (status = 'done'::text);
CREATE UNIQUE INDEX outbox_delivery_one_pending_idx ON ingest.outbox_delivery USING btree (outbox_position, target) WHERE (status = 'pending'::text);
CREATE INDEX outbox_delivery_pending_target_idx ON ingest.outbox_delivery USING btree (target, outbox_position) WHERE (status = 'pending'::text);
CREATE INDEX outbox_delivery_status_target_idx ON ingest.outbox_delivery USING btree (status, target);
GRANT DELETE, INSERT, SELECT, UPDATE ON ingest.outbox_delivery TO vf_ingest;

-- SEQUENCE ingest.outbox_delivery_id_seq
ALTER SEQUENCE ingest.outbox_delivery_id_seq OWNER TO vf_migrator;
GRANT SELECT, USAGE ON ingest.outbox_delivery_id_seq TO vf_ingest;

-- SEQUENCE ingest.outbox_position_seq
ALTER SEQUENCE ingest.outbox_position_seq OWNER TO vf_migrator;
GRANT SELECT, USAGE ON ingest.outbox_position_seq TO vf_ingest;

CREATE TABLE ingest.quarantine (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  inbox_id bigint NOT NULL,
  reason text NOT NULL,
  validation_errors jsonb,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  released_at timestamp with time zone,
  CONSTRAINT quarantine_inbox_id_fkey FOREIGN KEY (inbox_id) REFERENCES ingest.inbox(id) ON DELETE CASCADE,
  CONSTRAINT quarantine_inbox_id_key UNIQUE (inbox_id),
  CONSTRAINT quarantine_pkey PRIMARY KEY (id)
);
ALTER TABLE ingest.quarantine OWNER TO vf_migrator;
CREATE INDEX quarantine_unreleased_idx ON ingest.quarantine USING btree (created_at) WHERE (released_at IS NULL);
GRANT DELETE, INSERT, SELECT, UPDATE ON ingest.quarantine TO vf_ingest;

-- SEQUENCE ingest.quarantine_id_seq
ALTER SEQUENCE ingest.quarantine_id_seq OWNER TO vf_migrator;
GRANT SELECT, USAGE ON ingest.quarantine_id_seq TO vf_ingest;

CREATE TABLE vf_migrations.applied (
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT applied_pkey PRIMARY KEY (name)
);
ALTER TABLE vf_migrations.applied OWNER TO vf_migrator;
