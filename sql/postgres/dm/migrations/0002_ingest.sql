-- ingest: inbox, outbox and deliveries of the ingest tier (DESIGN §5, §6, §8).
CREATE SCHEMA ingest;

-- One row per accepted or quarantined provider delivery (or viewer probe). The raw bytes and
-- headers stay here until the raw sink has written them to ClickHouse, so a ClickHouse outage
-- never fails a webhook; after that they are cleared and sunk_at is set.
CREATE TABLE ingest.inbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL CHECK (source IN ('kick', 'sumsub', 'kick_probe')),
  status text NOT NULL CHECK (status IN ('accepted', 'quarantined')),
  -- Kick-Event-Message-Id, or `probe:<broadcaster>:<minute>`; null for Sumsub (no message id).
  provider_message_id text,
  event_type text,
  event_version text,
  body_sha256 bytea NOT NULL CHECK (octet_length(body_sha256) = 32),
  raw_body bytea,
  raw_headers jsonb,
  raw_event_id uuid NOT NULL CONSTRAINT inbox_raw_event_id_key UNIQUE,
  -- Assigned on acceptance (or on release from quarantine); a duplicate answers with it.
  envelope_id uuid CONSTRAINT inbox_envelope_id_key UNIQUE,
  received_at timestamptz NOT NULL DEFAULT now(),
  sunk_at timestamptz,
  CONSTRAINT inbox_source_message_id_key UNIQUE (source, provider_message_id),
  CONSTRAINT inbox_raw_kept_until_sunk CHECK (sunk_at IS NOT NULL OR (raw_body IS NOT NULL AND raw_headers IS NOT NULL)),
  CONSTRAINT inbox_accepted_has_envelope CHECK (status <> 'accepted' OR envelope_id IS NOT NULL)
);
-- The raw sink's hot path: rows not yet written to ClickHouse, oldest first.
CREATE INDEX inbox_unsunk_idx ON ingest.inbox (id) WHERE sunk_at IS NULL;
CREATE INDEX inbox_received_at_idx ON ingest.inbox (received_at);

-- Time-limited dedupe keys: for Kick the SHA-256 of type + body for 24 h (duplicate
-- subscriptions resend with new message ids), for Sumsub the SHA-256 of the body for 90 days.
-- The primary key enforces it; an expired key may be taken over by a later delivery
-- (INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE dedupe_key.expires_at <= now()).
-- No foreign key: a key can outlive its inbox row, so it keeps the envelope id it answers with.
CREATE TABLE ingest.dedupe_key (
  key text PRIMARY KEY,
  expires_at timestamptz NOT NULL,
  inbox_id bigint NOT NULL,
  envelope_id uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dedupe_key_expires_at_idx ON ingest.dedupe_key (expires_at);

-- The transactional outbox: one envelope per accepted event, written in the accepting transaction.
CREATE TABLE ingest.outbox (
  -- Outbox order. Sequence values are taken at insert but become visible at commit, so a reader
  -- that must not skip rows only reads positions whose tx_id is below its snapshot's xmin.
  position bigserial PRIMARY KEY,
  envelope_id uuid NOT NULL CONSTRAINT outbox_envelope_id_key UNIQUE,
  type text NOT NULL,
  subject text NOT NULL,
  time timestamptz NOT NULL,
  envelope jsonb NOT NULL,
  inbox_id bigint REFERENCES ingest.inbox (id) ON DELETE SET NULL,
  tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_created_at_idx ON ingest.outbox (created_at);
CREATE INDEX outbox_type_time_idx ON ingest.outbox (type, time);
CREATE INDEX outbox_subject_idx ON ingest.outbox (subject);

-- A batch as sent to one target: the ordered membership is stored, so a retry resends the
-- same events under the same webhook-id (the batch id).
CREATE TABLE ingest.delivery_batch (
  id uuid PRIMARY KEY,
  target text NOT NULL,
  delivery_ids bigint[] NOT NULL CHECK (cardinality(delivery_ids) > 0),
  byte_size integer NOT NULL CHECK (byte_size >= 0),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_attempt_at timestamptz,
  last_http_status integer,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  settled_at timestamptz
);
CREATE INDEX delivery_batch_open_idx ON ingest.delivery_batch (target, created_at) WHERE settled_at IS NULL;

-- One row per (outbox row, target) and attempt history. A replay inserts a new row and the old
-- one keeps its history, so the pair is unique only among pending rows.
CREATE TABLE ingest.outbox_delivery (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  outbox_position bigint NOT NULL REFERENCES ingest.outbox (position) ON DELETE CASCADE,
  target text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'parked', 'dead')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  -- The receiver's per-event answer (processed, duplicate, rejected, unsupported, failed).
  last_result text,
  batch_id uuid REFERENCES ingest.delivery_batch (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  done_at timestamptz
);
CREATE UNIQUE INDEX outbox_delivery_one_pending_idx
  ON ingest.outbox_delivery (outbox_position, target) WHERE status = 'pending';
-- The sender's hot path: pending deliveries of one target in outbox order.
CREATE INDEX outbox_delivery_pending_target_idx
  ON ingest.outbox_delivery (target, outbox_position) WHERE status = 'pending';
CREATE INDEX outbox_delivery_status_target_idx ON ingest.outbox_delivery (status, target);
CREATE INDEX outbox_delivery_batch_idx ON ingest.outbox_delivery (batch_id) WHERE batch_id IS NOT NULL;

-- Why an inbox row was quarantined; released_at is set when `vf quarantine replay` lets it through.
CREATE TABLE ingest.quarantine (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inbox_id bigint NOT NULL CONSTRAINT quarantine_inbox_id_key UNIQUE REFERENCES ingest.inbox (id) ON DELETE CASCADE,
  reason text NOT NULL,
  validation_errors jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz
);
CREATE INDEX quarantine_unreleased_idx ON ingest.quarantine (created_at) WHERE released_at IS NULL;

-- What can never succeed: rejected deliveries, exhausted retries, invalid job payloads.
CREATE TABLE ingest.dead_letter (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('delivery', 'job')),
  outbox_delivery_id bigint REFERENCES ingest.outbox_delivery (id) ON DELETE SET NULL,
  envelope_id uuid,
  target text,
  task_identifier text,
  payload jsonb,
  reason text NOT NULL,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  replayed_at timestamptz
);
CREATE INDEX dead_letter_created_at_idx ON ingest.dead_letter (created_at);
