-- In-app notifications, per-user preferences, muted creators and email deliveries.

CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  recipient_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  actor_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  subject_id TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  link TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  read_at BIGINT,
  -- One notification per recipient, type and subject, however often a fan-out is retried.
  UNIQUE (recipient_id, type, subject_id)
);
CREATE INDEX notifications_recipient_created ON notifications (recipient_id, created_at);
CREATE INDEX notifications_unread ON notifications (recipient_id) WHERE read_at IS NULL;

CREATE TABLE notification_preferences (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  channel TEXT NOT NULL,
  enabled BIGINT NOT NULL,
  PRIMARY KEY (user_id, type, channel),
  CHECK (channel IN ('in_app', 'email'))
);

CREATE TABLE muted_creators (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  creator_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, creator_id)
);

CREATE TABLE notification_deliveries (
  notification_id TEXT NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
  channel TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts BIGINT NOT NULL DEFAULT 0,
  last_error TEXT,
  sent_at BIGINT,
  next_attempt_at BIGINT NOT NULL,
  PRIMARY KEY (notification_id, channel),
  CHECK (status IN ('pending', 'sent', 'failed'))
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (status, next_attempt_at);
