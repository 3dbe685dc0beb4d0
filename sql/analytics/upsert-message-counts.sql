-- message_counts: the changed senders of an incremental count, from the stage table stage_message_counts.
INSERT INTO message_counts (messaging_user_id, messages, night_messages)
  SELECT messaging_user_id, messages, night_messages FROM stage_message_counts
  ON CONFLICT (messaging_user_id) DO UPDATE SET messages = EXCLUDED.messages, night_messages = EXCLUDED.night_messages
