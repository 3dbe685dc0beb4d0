-- aura_messaging: sql/extract/messaging-users.sql for a re-run that keeps the previous counts
-- (analytics table message_counts). Same columns and night rule (aura.timezone) plus counts_mode:
--   recount: a message of this sender at or below aura.counted_through (counted before) was edited or
--            deleted after aura.counted_since (the largest updated_at of the previous count's snapshot):
--            its counts are recounted in full;
--   add:     the counts of its messages above aura.counted_through, to add to the stored counts;
--   kept:    nothing changed: the stored counts stand.
-- Runs in the same REPEATABLE READ snapshot as the bounds query that becomes the next state. As with the
-- text watermarks, a change committed after a snapshot with an updated_at before it is not seen (deleting
-- the row of message_count_state forces a full count).
-- NB: messages.sender_profile_id holds a MESSAGING users.id (source-schema.sql).
WITH recount AS (
  SELECT DISTINCT sender_profile_id
  FROM messages
  WHERE updated_at > current_setting('aura.counted_since')::timestamptz
    AND id <= current_setting('aura.counted_through')::bigint
),
counted_messages AS (
  SELECT t.sender_profile_id, t.created_at
  FROM messages t
  WHERE t.id > current_setting('aura.counted_through')::bigint
    AND NOT t.is_deleted
    AND t.sender_profile_id NOT IN (SELECT sender_profile_id FROM recount)
  UNION ALL
  SELECT r.sender_profile_id, t.created_at
  FROM recount r
  CROSS JOIN LATERAL (
    -- OFFSET 0 keeps this a per-sender index lookup (messages(sender_profile_id)) rather than a scan of all messages
    SELECT created_at FROM messages WHERE sender_profile_id = r.sender_profile_id AND NOT is_deleted OFFSET 0
  ) t
),
counts AS (
  SELECT
    sender_profile_id,
    count(*) AS messages,
    count(*) FILTER (
      WHERE date_part('hour', created_at AT TIME ZONE (SELECT current_setting('aura.timezone'))) BETWEEN 1 AND 5
    ) AS night_messages
  FROM counted_messages
  GROUP BY sender_profile_id
)
SELECT
  u.id AS messaging_user_id,
  u.profile_id,
  date_part('epoch', u.last_seen_at) AS last_seen_epoch,
  coalesce(c.messages, 0) AS messages_count,
  coalesce(c.night_messages, 0) AS night_messages_count,
  CASE WHEN r.sender_profile_id IS NOT NULL THEN 'recount' WHEN c.sender_profile_id IS NOT NULL THEN 'add' ELSE 'kept' END AS counts_mode
FROM users u
LEFT JOIN recount r ON r.sender_profile_id = u.id
LEFT JOIN counts c ON c.sender_profile_id = u.id
