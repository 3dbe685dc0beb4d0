-- aura_messaging: messaging user -> social profile, so a message (texts-messages.sql gives its sender's
-- messaging users.id) can be attributed to its auth user as soon as the social profiles are read.
-- etl reads every user. watch keeps the `-- @keys` lines: the notified messaging users
-- (aura.messaging_user_ids, bigint[]) and the senders of the messages the batch reads (the window of
-- texts-messages.sql: aura.since, aura.text_ids), gathered into one array first so every user is looked up
-- by primary key (an OR of the two would scan every user).
SELECT u.id AS messaging_user_id, u.profile_id
FROM users u
WHERE u.id = ANY (ARRAY( -- @keys
  SELECT unnest(current_setting('aura.messaging_user_ids')::bigint[]) -- @keys
  UNION -- @keys
  SELECT t.sender_profile_id FROM messages t -- @keys
  WHERE t.updated_at >= current_setting('aura.since')::timestamptz OR t.id = ANY (current_setting('aura.text_ids')::bigint[]) -- @keys
)) -- @keys
