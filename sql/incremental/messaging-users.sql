-- aura_messaging: sql/extract/messaging-users.sql restricted to the profiles aura.profile_ids (bigint[]):
-- same columns and night rule (aura.timezone), counted per user through messages(sender_profile_id).
-- NB: messages.sender_profile_id holds a MESSAGING users.id (source-schema.sql).
SELECT
  u.id AS messaging_user_id,
  u.profile_id,
  date_part('epoch', u.last_seen_at) AS last_seen_epoch,
  m.messages AS messages_count,
  m.night_messages AS night_messages_count
FROM users u
CROSS JOIN LATERAL (
  SELECT
    count(*) AS messages,
    count(*) FILTER (
      WHERE date_part('hour', t.created_at AT TIME ZONE (SELECT current_setting('aura.timezone'))) BETWEEN 1 AND 5
    ) AS night_messages
  FROM messages t
  WHERE t.sender_profile_id = u.id AND NOT t.is_deleted
) m
WHERE u.profile_id = ANY (current_setting('aura.profile_ids')::bigint[])
