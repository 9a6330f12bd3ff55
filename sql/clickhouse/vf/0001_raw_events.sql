-- vf.raw_events: every provider delivery the ingest tier accepted or quarantined, as received
-- (DESIGN §1.3, §5). Written by the raw sink from the PostgreSQL inbox, which may retry a batch:
-- the same raw_id can arrive more than once and must count once.
--
-- Dedupe: ReplacingMergeTree collapses rows with the same full sorting key inside one partition
-- (at merge time, or at read time with FINAL). So every sorting-key column and the partition key
-- are fixed when the delivery is received (by the inbox row), never recomputed later; raw_id ends
-- the key, which makes the key unique per raw event. Columns outside the key (status, envelope_id,
-- quarantine_reason) may change on a re-insert: the last inserted row wins.
-- Count exactly with uniqExact(raw_id) or FROM vf.raw_events FINAL.
--
-- Key order serves time-range reads per source and type (replay --type, quarantine review) and
-- per channel (broadcaster_user_id, then the hour of the provider's time); the minmax index helps
-- time ranges across all channels of one type.
--
-- broadcaster_user_id is Int64 with 0 for "no channel" (Sumsub, unparseable bodies) rather than
-- Nullable: a Nullable column cannot be in a sorting key without allow_nullable_key, and Kick
-- user ids are positive.
--
-- headers and body expire after RAW_BODY_TTL_DAYS (column TTL: the metadata columns stay for
-- ever). {{raw_body_ttl_days}} is filled in by the migration runner, which also realigns the TTL
-- of an existing table when the setting changes (services/shared/clickhouse/rawBodyTtl.ts).
CREATE TABLE IF NOT EXISTS vf.raw_events
(
    -- The inbox row's id as text, so this table does not depend on the inbox key's type.
    raw_id String,
    -- kick | sumsub | ingest (ingest: events we originate, such as viewer probes).
    source LowCardinality(String),
    -- The versioned type (kick.chat.message.sent.v1), or the provider's type when unknown.
    type LowCardinality(String),
    -- Kick-Event-Message-Id, a Sumsub body digest, or a probe id; '' when absent.
    provider_message_id String,
    -- The envelope subject (kick/broadcaster/123), '' when none could be derived.
    subject String,
    broadcaster_user_id Int64 DEFAULT 0,
    received_at DateTime64(3, 'UTC'),
    -- The provider's time for the message (DESIGN §4); received_at when the provider gave none.
    provider_time DateTime64(3, 'UTC'),
    -- accepted | quarantined
    status LowCardinality(String),
    -- Why it was quarantined ('' when accepted).
    quarantine_reason LowCardinality(String) DEFAULT '',
    -- The request headers as a JSON object.
    headers String CODEC(ZSTD(3)) TTL toDateTime(received_at) + toIntervalDay({{raw_body_ttl_days}}),
    -- The request body exactly as received.
    body String CODEC(ZSTD(3)) TTL toDateTime(received_at) + toIntervalDay({{raw_body_ttl_days}}),
    -- The outbox envelope's id; NULL for quarantined deliveries, which have none.
    envelope_id Nullable(UUID),
    INDEX provider_time_minmax provider_time TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(received_at)
ORDER BY (source, type, broadcaster_user_id, toStartOfHour(provider_time), raw_id);
