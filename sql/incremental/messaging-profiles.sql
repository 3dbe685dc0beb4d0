-- aura_messaging: the social profile of each messaging user of one watch batch: the notified ones
-- (aura.messaging_user_ids, bigint[]) and the senders of the messages the batch reads (same window as
-- texts-messages.sql), so every message can be attributed. Two arms of a UNION, so each one looks
-- users up by primary key (an OR of the two would scan every user).
SELECT u.id AS messaging_user_id, u.profile_id
FROM users u
WHERE u.id = ANY (current_setting('aura.messaging_user_ids')::bigint[])
UNION
SELECT u.id, u.profile_id
FROM users u
WHERE u.id IN (
  SELECT t.sender_profile_id
  FROM messages t
  WHERE t.updated_at >= current_setting('aura.since')::timestamptz
     OR t.id = ANY (current_setting('aura.text_ids')::bigint[])
)
