-- Live chat. Message ids are increasing numbers (as strings on the wire) so clients page with
-- "after this message".
CREATE TABLE chat_messages (
  id {{AUTO_ID}},
  stream_id TEXT NOT NULL REFERENCES live_streams(id) ON DELETE CASCADE,
  author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX chat_messages_stream ON chat_messages (stream_id, id);
