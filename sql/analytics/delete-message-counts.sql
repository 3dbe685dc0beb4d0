-- message_counts: every stored per-sender count, before a full count is stored.
DELETE FROM message_counts
