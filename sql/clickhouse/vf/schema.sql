-- The vf database after every migration in this folder, one SHOW CREATE TABLE per table in name order.
-- The raw body TTL is configuration (RAW_BODY_TTL_DAYS), shown as {{raw_body_ttl_days}}.
-- Do not edit: refresh with `npm run db:dump:clickhouse`.

CREATE TABLE vf.chat_messages_hourly
(
    `broadcaster_user_id` Int64,
    `hour` DateTime('UTC'),
    `messages` AggregateFunction(uniqExact, String)
)
ENGINE = AggregatingMergeTree
ORDER BY (broadcaster_user_id, hour)
SETTINGS index_granularity = 8192;

CREATE MATERIALIZED VIEW vf.chat_messages_hourly_mv TO vf.chat_messages_hourly
(
    `broadcaster_user_id` Int64,
    `hour` DateTime('UTC'),
    `messages` AggregateFunction(uniqExact, String)
)
AS SELECT
    broadcaster_user_id,
    toStartOfHour(toDateTime(provider_time, 'UTC')) AS hour,
    uniqExactState(raw_id) AS messages
FROM vf.raw_events
WHERE (type = 'kick.chat.message.sent.v1') AND (status = 'accepted')
GROUP BY
    broadcaster_user_id,
    hour;

CREATE VIEW vf.chat_messages_per_hour
(
    `broadcaster_user_id` Int64,
    `hour` DateTime('UTC'),
    `messages` UInt64
)
AS SELECT
    broadcaster_user_id,
    hour,
    uniqExactMerge(messages) AS messages
FROM vf.chat_messages_hourly
GROUP BY
    broadcaster_user_id,
    hour;

CREATE TABLE vf.raw_events
(
    `raw_id` String,
    `source` LowCardinality(String),
    `type` LowCardinality(String),
    `provider_message_id` String,
    `subject` String,
    `broadcaster_user_id` Int64 DEFAULT 0,
    `received_at` DateTime64(3, 'UTC'),
    `provider_time` DateTime64(3, 'UTC'),
    `status` LowCardinality(String),
    `quarantine_reason` LowCardinality(String) DEFAULT '',
    `headers` String CODEC(ZSTD(3)) TTL toDateTime(received_at) + toIntervalDay({{raw_body_ttl_days}}),
    `body` String CODEC(ZSTD(3)) TTL toDateTime(received_at) + toIntervalDay({{raw_body_ttl_days}}),
    `envelope_id` Nullable(UUID),
    INDEX provider_time_minmax provider_time TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(received_at)
ORDER BY (source, type, broadcaster_user_id, toStartOfHour(provider_time), raw_id)
SETTINGS index_granularity = 8192;

CREATE TABLE vf.schema_migrations
(
    `version` UInt32,
    `name` String,
    `checksum` String,
    `applied_at` DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
ORDER BY version
SETTINGS index_granularity = 8192;
