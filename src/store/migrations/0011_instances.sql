-- Running onair instances (several may share one PostgreSQL). Each beats its heart every few
-- seconds; one whose heart stopped is dead, and others take over its streams.
CREATE TABLE instances (
  id TEXT PRIMARY KEY,
  public_url TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL
);

-- The instance that holds a built-in-relay stream's publisher (and so its viewers and recording).
ALTER TABLE live_streams ADD COLUMN owner_instance TEXT;
