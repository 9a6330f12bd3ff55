-- Field-wise ordering for the Sumsub projections (DESIGN §7). Sumsub webhooks arrive in any order
-- and not every type carries every field: an applicantPersonalInfoChanged without a reviewResult
-- may be newer than the applicantReviewed that carried the verdict. So each group of fields keeps
-- the version of the event that last wrote it, and an event overwrites a group only when it
-- carries that group and its version is newer. A version is (envelope time, receive time,
-- envelope id), compared in that order; the row's own event_time/event_received_at/event_id is
-- the newest event applied to the row at all (last_webhook_type follows it).

ALTER TABLE kyc_applicants
  -- null only on rows written before this migration; compares as "oldest".
  ADD COLUMN event_received_at timestamptz,
  -- reviewResult.moderationComment: the only comment that may be shown to the applicant.
  ADD COLUMN moderation_comment text,
  -- review_status
  ADD COLUMN status_event_time timestamptz,
  ADD COLUMN status_event_received_at timestamptz,
  ADD COLUMN status_event_id uuid,
  -- review_answer, reject_labels, review_reject_type, moderation_comment (applicantReset clears them)
  ADD COLUMN verdict_event_time timestamptz,
  ADD COLUMN verdict_event_received_at timestamptz,
  ADD COLUMN verdict_event_id uuid,
  -- level_name
  ADD COLUMN level_event_time timestamptz,
  ADD COLUMN level_event_received_at timestamptz,
  ADD COLUMN level_event_id uuid;

ALTER TABLE kyc_applicant_actions
  ADD COLUMN reject_labels text[],
  ADD COLUMN review_reject_type text,
  ADD COLUMN event_received_at timestamptz,
  ADD COLUMN status_event_time timestamptz,
  ADD COLUMN status_event_received_at timestamptz,
  ADD COLUMN status_event_id uuid,
  ADD COLUMN verdict_event_time timestamptz,
  ADD COLUMN verdict_event_received_at timestamptz,
  ADD COLUMN verdict_event_id uuid;
