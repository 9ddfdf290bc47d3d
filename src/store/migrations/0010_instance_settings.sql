-- Values every instance on one database must agree on, set by whichever instance comes first
-- (the secret that signs media tokens and unsubscribe links, when ONAIR_SECRET is not set).
CREATE TABLE instance_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
