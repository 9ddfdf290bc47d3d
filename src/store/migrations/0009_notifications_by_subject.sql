-- A stream's reach (notifications sent, emailed, opened) for its creator's analytics. The
-- recipient is last so the fan-out's per-batch reads (one subject, a range of recipients) use
-- this index too; with (subject_id, type) alone they scanned every row of the subject per batch.
CREATE INDEX notifications_subject ON notifications (subject_id, type, recipient_id);
