-- The hourly chat histogram (DESIGN §8): accepted Kick chat messages per broadcaster and hour of
-- the provider's time (UTC), kept for ever (no TTL), fed by a materialised view from raw_events.
--
-- A materialised view sees every insert, including a retried batch whose rows raw_events will
-- only collapse at merge time, so a plain count would count a retry twice. Each hour therefore
-- keeps the exact set of raw ids (uniqExactState) and a read merges the sets
-- (uniqExactMerge): a raw id inserted twice, or quarantined then accepted, counts once.
CREATE TABLE IF NOT EXISTS vf.chat_messages_hourly
(
    broadcaster_user_id Int64,
    hour DateTime('UTC'),
    messages AggregateFunction(uniqExact, String)
)
ENGINE = AggregatingMergeTree
ORDER BY (broadcaster_user_id, hour);

CREATE MATERIALIZED VIEW IF NOT EXISTS vf.chat_messages_hourly_mv TO vf.chat_messages_hourly AS
SELECT
    broadcaster_user_id,
    toStartOfHour(toDateTime(provider_time, 'UTC')) AS hour,
    uniqExactState(raw_id) AS messages
FROM vf.raw_events
WHERE type = 'kick.chat.message.sent.v1' AND status = 'accepted'
GROUP BY broadcaster_user_id, hour;

-- What readers query: one row per broadcaster and hour with the exact message count.
CREATE VIEW IF NOT EXISTS vf.chat_messages_per_hour AS
SELECT broadcaster_user_id, hour, uniqExactMerge(messages) AS messages
FROM vf.chat_messages_hourly
GROUP BY broadcaster_user_id, hour;
