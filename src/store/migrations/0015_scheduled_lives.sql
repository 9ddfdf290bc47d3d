-- Scheduled lives (API.md "Scheduled lives"): announced ahead, with reminders.

-- `status`: upcoming, live (a stream was started from it: `stream_id`), cancelled, missed (not
-- started within an hour of its time). "done" is not stored: a live one whose stream ended.
-- Weekly repeats are one row each, sharing `series_id`.
CREATE TABLE scheduled_lives (
  id TEXT PRIMARY KEY,
  author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  series_id TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  starts_at BIGINT NOT NULL,
  sensitivity TEXT NOT NULL,
  gating TEXT NOT NULL,
  price_credits BIGINT NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'upcoming',
  stream_id TEXT REFERENCES live_streams(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX scheduled_lives_author ON scheduled_lives (author_id, starts_at);
CREATE INDEX scheduled_lives_stream ON scheduled_lives (stream_id);

-- Who asked to be reminded of a scheduled live.
CREATE TABLE scheduled_reminders (
  scheduled_id TEXT NOT NULL REFERENCES scheduled_lives(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (scheduled_id, user_id)
);
CREATE INDEX scheduled_reminders_user ON scheduled_reminders (user_id);
