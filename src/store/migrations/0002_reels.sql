-- Reels: short videos, uploaded or kept from a live stream (source_stream_id).

CREATE TABLE reels (
  id TEXT PRIMARY KEY,
  author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  duration_ms BIGINT NOT NULL,
  media_path TEXT NOT NULL,
  media_type TEXT NOT NULL,
  thumbnail_path TEXT,
  source_stream_id TEXT UNIQUE,
  sensitivity TEXT NOT NULL,
  gating TEXT NOT NULL,
  price_credits BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (sensitivity IN ('none', 'sensitive')),
  CHECK (gating IN ('public', 'followers', 'paid'))
);
CREATE INDEX reels_author_created ON reels (author_id, created_at);
CREATE INDEX reels_created ON reels (created_at);
