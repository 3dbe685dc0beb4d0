-- message_counts: every sender's counts after a full count (CSV).
COPY message_counts (messaging_user_id, messages, night_messages) FROM STDIN WITH (FORMAT csv)
