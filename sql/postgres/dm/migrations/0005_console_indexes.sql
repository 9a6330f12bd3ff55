-- The operator console's delivery-lag chart reads the deliveries settled in the last hour, every few
-- seconds while a page is open; without this index that read walks every done delivery kept for
-- OUTBOX_RETENTION_DAYS. Partial: pending, parked and dead rows never enter it.
CREATE INDEX outbox_delivery_done_at_idx ON ingest.outbox_delivery (done_at) WHERE status = 'done';
