-- An Altinn order that was accepted: the shipment the sender polls until
-- Altinn reports the outcome (sender bookkeeping; a replay orders again
-- with the same idempotency id, which Altinn recognises).
ALTER TABLE notice ADD COLUMN shipment_id TEXT;
