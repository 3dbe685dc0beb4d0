-- aura_messaging: one row per messaging user with its message counts, aggregated in the source.
-- KPI 3 counts non-deleted messages sent between 01:00 and 05:59 local time (aura.timezone,
-- an IANA zone, so daylight-saving shifts are applied per message). date_part (double precision) rather than
-- extract (numeric since PostgreSQL 14), and the zone read once (a scalar subquery): 2 M messages 1.15 s -> 0.79 s.
-- last_seen_epoch is double precision (date_part, not extract's numeric): etl reads this query as binary COPY.
-- NB: messages.sender_profile_id holds a MESSAGING users.id (source-schema.sql).
-- Read in full by etl (one aggregation over every message); watch keeps the `-- @keys` lines: the users
-- of the social profiles aura.profile_ids (bigint[]), their messages read through messages(sender_profile_id).
SELECT
  u.id AS messaging_user_id,
  u.profile_id,
  date_part('epoch', u.last_seen_at) AS last_seen_epoch,
  coalesce(m.messages, 0) AS messages_count,
  coalesce(m.night_messages, 0) AS night_messages_count
FROM users u
LEFT JOIN (
  SELECT
    sender_profile_id,
    count(*) AS messages,
    count(*) FILTER (
      WHERE date_part('hour', created_at AT TIME ZONE (SELECT current_setting('aura.timezone'))) BETWEEN 1 AND 5
    ) AS night_messages
  FROM messages
  WHERE NOT is_deleted
    AND sender_profile_id IN (SELECT f.id FROM users f WHERE f.profile_id = ANY (current_setting('aura.profile_ids')::bigint[])) -- @keys
  GROUP BY sender_profile_id
) m ON m.sender_profile_id = u.id
WHERE u.profile_id = ANY (current_setting('aura.profile_ids')::bigint[]) -- @keys
