-- Operators' analytics: how many followers each stream's "is live" reached (counted by the
-- fan-out as it writes), and purchases by item and by time.
ALTER TABLE live_streams ADD COLUMN followers_notified BIGINT NOT NULL DEFAULT 0;
CREATE INDEX purchases_item ON purchases (item_type, item_id);
CREATE INDEX purchases_created ON purchases (created_at);
