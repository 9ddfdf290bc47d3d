-- A stream's reach (notifications sent, emailed, opened) for its creator's analytics.
CREATE INDEX notifications_subject ON notifications (subject_id, type);
