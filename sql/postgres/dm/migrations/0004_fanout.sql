-- Fan-out sender state (DESIGN §6): when a batch is next tried, and how a settled batch ended.
-- No new table or sequence: vf_ingest's grants on ingest.* (0003_grants.sql) already cover these columns.

-- A batch stays unsettled while it is retried as a whole (transport error, timeout, 5xx, 429, 401/403,
-- other 4xx); next_attempt_at is when the sender may resend it, after back-off or Retry-After.
ALTER TABLE ingest.delivery_batch
  ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- answered: the target answered 200 with per-event results (each delivery took its own outcome);
  -- split: the target answered 413 and the members went into two new batches;
  -- too_large: a batch of one event answered 413, so that delivery was dead-lettered.
  ADD COLUMN outcome text CONSTRAINT delivery_batch_outcome_check CHECK (outcome IN ('answered', 'split', 'too_large')),
  ADD CONSTRAINT delivery_batch_settled_has_outcome CHECK ((settled_at IS NULL) = (outcome IS NULL));

COMMENT ON COLUMN ingest.delivery_batch.attempts IS 'HTTP attempts of this batch (every answer, error and timeout).';
COMMENT ON COLUMN ingest.outbox_delivery.attempts IS
  'Answers the target gave for this event (200 with a result, or missing from a 200 answer); batch-level failures (401, 5xx, timeouts) do not count, so an outage or a secret mismatch never exhausts FANOUT_MAX_ATTEMPTS.';
