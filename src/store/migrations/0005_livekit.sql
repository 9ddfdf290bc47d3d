-- LiveKit mode: the room behind each stream, its recording (egress), and the webhooks already
-- handled. No foreign key to live_streams: a room whose stream row is gone must still be found
-- and deleted by the reconcile.

CREATE TABLE livekit_rooms (
  stream_id TEXT PRIMARY KEY,
  room TEXT NOT NULL,
  -- createdAt (Unix seconds) of the newest publisher join/leave/publish event applied: older
  -- events arriving late never move the stream backwards.
  publisher_event_at BIGINT NOT NULL DEFAULT 0,
  egress_id TEXT,
  egress_status TEXT NOT NULL DEFAULT 'none',
  egress_file TEXT,
  egress_error TEXT,
  -- Unknown (NULL) until the stream ends; then 1 keep the recording, 0 discard it.
  keep_recording BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX livekit_rooms_egress ON livekit_rooms (egress_id);

CREATE TABLE livekit_webhook_events (
  id TEXT PRIMARY KEY,
  event TEXT NOT NULL,
  room TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL
);
CREATE INDEX livekit_webhook_events_received ON livekit_webhook_events (received_at);
