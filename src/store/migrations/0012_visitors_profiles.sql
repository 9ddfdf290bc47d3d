-- Visitors, profiles, live thumbnails and creator insights.

-- A watching session's viewer is a user's id or, for a visitor without an account,
-- "guest:<id>": the column no longer refers to users.
CREATE TABLE live_stream_participants_new (
  id TEXT PRIMARY KEY,
  stream_id TEXT NOT NULL REFERENCES live_streams(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  watch_id TEXT NOT NULL,
  joined_at BIGINT NOT NULL,
  left_at BIGINT,
  UNIQUE (stream_id, user_id, watch_id)
);
INSERT INTO live_stream_participants_new (id, stream_id, user_id, watch_id, joined_at, left_at)
  SELECT id, stream_id, user_id, watch_id, joined_at, left_at FROM live_stream_participants;
DROP TABLE live_stream_participants;
ALTER TABLE live_stream_participants_new RENAME TO live_stream_participants;
CREATE INDEX participants_present ON live_stream_participants (stream_id, user_id) WHERE left_at IS NULL;
CREATE INDEX participants_user ON live_stream_participants (user_id, joined_at);
-- Viewers over time across the instance: sessions still open or ended lately.
CREATE INDEX participants_left ON live_stream_participants (left_at);
CREATE INDEX live_streams_ended ON live_streams (ended_at);

-- Profiles: a bio, and an avatar (a version: the time it was uploaded, and its image type).
ALTER TABLE users ADD COLUMN bio TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN avatar_at BIGINT;
ALTER TABLE users ADD COLUMN avatar_type TEXT;

-- The live thumbnail's version (when the newest was posted) and what the creator switched off.
ALTER TABLE live_streams ADD COLUMN thumbnail_at BIGINT;
ALTER TABLE live_streams ADD COLUMN camera_on BIGINT NOT NULL DEFAULT 1;
ALTER TABLE live_streams ADD COLUMN microphone_on BIGINT NOT NULL DEFAULT 1;

-- Reactions over time: counts per stream in five-second buckets (`at`: the bucket's start).
CREATE TABLE stream_reactions (
  stream_id TEXT NOT NULL REFERENCES live_streams(id) ON DELETE CASCADE,
  at BIGINT NOT NULL,
  count BIGINT NOT NULL,
  PRIMARY KEY (stream_id, at)
);
