-- The ban evasion check (docs/API-NOTES.md "Moderation"): the addresses an account used lately,
-- and the addresses a channel's bans cover with them.

-- Where an account signed in or chatted from; rows older than a day are forgotten.
CREATE TABLE account_addresses (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  address TEXT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, address)
);
CREATE INDEX account_addresses_seen ON account_addresses (last_seen_at);

-- A channel's ban of `user_id` also covers `address` until `until`: visitors' joins and new
-- accounts' chat from it are refused.
CREATE TABLE channel_address_bans (
  creator_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  address TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  until BIGINT NOT NULL,
  PRIMARY KEY (creator_id, address, user_id)
);
CREATE INDEX channel_address_bans_user ON channel_address_bans (creator_id, user_id);
