-- A notification row also carries the email of a follower who switched in-app off: in_app says
-- whether it shows in the app.
ALTER TABLE notifications ADD COLUMN in_app BIGINT NOT NULL DEFAULT 1;
