-- Moderation (API.md "Moderation"): a creator's channel has moderators, bans (a timeout is a ban
-- with an end) and chat rules; every moderation action is recorded. Reports and operator
-- suspensions are the operators' side.

CREATE TABLE channel_moderators (
  creator_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  moderator_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (creator_id, moderator_id)
);
CREATE INDEX channel_moderators_moderator ON channel_moderators (moderator_id);

-- One ban per channel and user; `until` NULL: permanent.
CREATE TABLE channel_bans (
  creator_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  until BIGINT,
  reason TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (creator_id, user_id)
);
CREATE INDEX channel_bans_user ON channel_bans (user_id);

-- A channel's chat rules; no row: none. Blocked words are kept normalised, one per line.
CREATE TABLE chat_settings (
  creator_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  slow_mode_seconds BIGINT NOT NULL DEFAULT 0,
  followers_only BIGINT NOT NULL DEFAULT 0,
  min_follow_minutes BIGINT NOT NULL DEFAULT 0,
  blocked_words TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL
);

-- Slow mode asks when someone last wrote in a stream's chat.
CREATE INDEX chat_messages_author ON chat_messages (stream_id, author_id, created_at);

-- Who did what, when and why: shown to the channel's creator and to operators.
CREATE TABLE moderation_actions (
  id {{AUTO_ID}},
  creator_id TEXT,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL,
  target_user_id TEXT,
  item_type TEXT,
  item_id TEXT,
  reason TEXT NOT NULL DEFAULT '',
  until BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX moderation_actions_channel ON moderation_actions (creator_id, id);
CREATE INDEX moderation_actions_time ON moderation_actions (created_at);

-- Reports from users; operators resolve them. One open report per reporter and item.
CREATE TABLE reports (
  id TEXT PRIMARY KEY,
  reporter_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  item_type TEXT NOT NULL,
  item_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  resolved_at BIGINT,
  resolved_by TEXT,
  resolution TEXT
);
CREATE UNIQUE INDEX reports_open_once ON reports (reporter_id, item_type, item_id) WHERE status = 'open';
CREATE INDEX reports_by_status ON reports (status, created_at, id);

-- Operators' suspensions of accounts; `until` NULL: until lifted.
CREATE TABLE suspensions (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  until BIGINT,
  reason TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
