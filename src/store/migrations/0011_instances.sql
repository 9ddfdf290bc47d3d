-- Running onair instances (several may share one PostgreSQL). Each beats its heart every few
-- seconds; one whose heart stopped is dead, and others take over its streams.
CREATE TABLE instances (
  id TEXT PRIMARY KEY,
  relay_url TEXT NOT NULL,       -- where its built-in relay is reached (ONAIR_RELAY_URL)
  started_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL
);

-- The instance that holds a built-in-relay stream's publisher (and so its viewers and recording).
ALTER TABLE live_streams ADD COLUMN owner_instance TEXT;

-- Work that one instance at a time does (the LiveKit reconcile): held by `holder` until
-- `expires_at`, renewed by it, taken by another once expired.
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);

-- Rate limits every instance shares (sign-ups and sign-ins on PostgreSQL): a token bucket per key.
CREATE TABLE rate_buckets (
  key TEXT PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  at BIGINT NOT NULL
);
