-- Ordering for the Kick projections (DESIGN §4, §7). A version is (envelope time, receive time,
-- envelope id), compared in that order: the receive time (`vfreceivedat`) is stored because an
-- envelope id is not always minted at receive time (a quarantine replay mints a new one later).
-- Rows keyed by something other than the event keep the version of the newest event applied to
-- them; receive times are null only on rows written before this migration and compare as oldest.
ALTER TABLE kick_chat_messages ADD COLUMN event_received_at timestamptz;
ALTER TABLE kick_follows ADD COLUMN event_received_at timestamptz;
ALTER TABLE kick_subscriptions ADD COLUMN event_received_at timestamptz;
ALTER TABLE kick_reward_redemptions ADD COLUMN event_received_at timestamptz;
ALTER TABLE kick_bans ADD COLUMN event_received_at timestamptz;
ALTER TABLE kick_viewer_counts ADD COLUMN event_received_at timestamptz;

-- livestream.status.updated and livestream.metadata.updated write different fields, and both may
-- carry the title, so each group keeps the version of the event that last wrote it:
-- status (is_live, started_at, ended_at), metadata (language, has_mature_content, category_*),
-- title (from either type). event_time/event_received_at/event_id: the newest event of either type.
ALTER TABLE kick_livestreams
  ADD COLUMN event_received_at timestamptz,
  ADD COLUMN status_event_received_at timestamptz,
  ADD COLUMN status_event_id uuid,
  ADD COLUMN metadata_event_received_at timestamptz,
  ADD COLUMN metadata_event_id uuid,
  ADD COLUMN title_event_time timestamptz,
  ADD COLUMN title_event_received_at timestamptz,
  ADD COLUMN title_event_id uuid;
