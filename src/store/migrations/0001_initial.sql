-- Accounts, the social graph, live streams, payments, analytics log and durable jobs.
-- Times are BIGINT milliseconds since the Unix epoch (UTC); booleans are BIGINT 0/1.

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  handle TEXT NOT NULL UNIQUE,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  is_admin BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE follows (
  follower_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  followee_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX follows_followee ON follows (followee_id, created_at);

CREATE TABLE live_streams (
  id TEXT PRIMARY KEY,
  author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  status TEXT NOT NULL,
  sensitivity TEXT NOT NULL,
  gating TEXT NOT NULL,
  price_credits BIGINT NOT NULL DEFAULT 0,
  viewer_count BIGINT NOT NULL DEFAULT 0,
  peak_viewers BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  ended_at BIGINT,
  end_reason TEXT,
  recording TEXT NOT NULL DEFAULT 'none',
  reel_id TEXT,
  updated_at BIGINT NOT NULL,
  CHECK (status IN ('created', 'live', 'interrupted', 'ended')),
  CHECK (sensitivity IN ('none', 'sensitive')),
  CHECK (gating IN ('public', 'followers', 'paid')),
  CHECK (recording IN ('none', 'recording', 'saved', 'discarded', 'failed')),
  CHECK (viewer_count >= 0 AND peak_viewers >= viewer_count)
);
CREATE INDEX live_streams_author_created ON live_streams (author_id, created_at);
CREATE INDEX live_streams_status_created ON live_streams (status, created_at);
CREATE INDEX live_streams_created ON live_streams (created_at);
-- One open stream per author, enforced by the database itself.
CREATE UNIQUE INDEX live_streams_one_open ON live_streams (author_id) WHERE status <> 'ended';

CREATE TABLE live_stream_participants (
  id TEXT PRIMARY KEY,
  stream_id TEXT NOT NULL REFERENCES live_streams(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  watch_id TEXT NOT NULL,
  joined_at BIGINT NOT NULL,
  left_at BIGINT,
  UNIQUE (stream_id, user_id, watch_id)
);
CREATE INDEX participants_present ON live_stream_participants (stream_id, user_id) WHERE left_at IS NULL;
CREATE INDEX participants_user ON live_stream_participants (user_id, joined_at);

CREATE TABLE wallets (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  balance_credits BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL,
  CHECK (balance_credits >= 0)
);

CREATE TABLE ledger_entries (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  delta_credits BIGINT NOT NULL,
  kind TEXT NOT NULL,
  reference_id TEXT,
  idempotency_key TEXT,
  created_at BIGINT NOT NULL,
  CHECK (kind IN ('top_up', 'purchase', 'sale'))
);
CREATE INDEX ledger_user_created ON ledger_entries (user_id, created_at);
CREATE UNIQUE INDEX ledger_top_up_key ON ledger_entries (user_id, idempotency_key) WHERE kind = 'top_up';

CREATE TABLE purchases (
  id TEXT PRIMARY KEY,
  buyer_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  item_type TEXT NOT NULL,
  item_id TEXT NOT NULL,
  price_credits BIGINT NOT NULL,
  idempotency_key TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (buyer_id, idempotency_key),
  UNIQUE (buyer_id, item_type, item_id),
  CHECK (item_type IN ('live_stream', 'reel'))
);

CREATE TABLE stream_events (
  id {{AUTO_ID}},
  stream_id TEXT NOT NULL,
  user_id TEXT,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX stream_events_stream ON stream_events (stream_id, created_at);

CREATE TABLE jobs (
  id {{AUTO_ID}},
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  unique_key TEXT UNIQUE,
  status TEXT NOT NULL DEFAULT 'pending',
  run_at BIGINT NOT NULL,
  attempts BIGINT NOT NULL DEFAULT 0,
  checkpoint TEXT,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (status IN ('pending', 'running', 'done', 'failed'))
);
CREATE INDEX jobs_due ON jobs (status, run_at);
