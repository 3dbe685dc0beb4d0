-- aura_messaging: messages changed since the watermark (inclusive lower bound; rows already read at
-- exactly the watermark are dropped by key in TS). A full run reads only non-deleted messages; an
-- incremental run also reads deleted ones so their stored scores can be removed.
-- user_ref is the sender's SOCIAL profile id (messages.sender_profile_id is a messaging users.id,
-- resolved here): the profile -> auth user map comes from the social dataset alone, so messages can
-- stream as soon as it is read, without waiting for the messaging aggregation.
-- With --shard i/n only texts whose id mod n = i are read (each shard scores its own share).
-- Streamed as binary COPY; settings read once each in scalar subqueries (see texts-posts.sql).
SELECT
  t.id,
  u.profile_id AS user_ref,
  t.updated_at,
  NOT t.is_deleted AS active,
  t.content
FROM messages t
JOIN users u ON u.id = t.sender_profile_id
WHERE t.updated_at >= (SELECT current_setting('aura.since')::timestamptz)
  AND (NOT t.is_deleted OR (SELECT current_setting('aura.full_run') = 'off'))
  AND ((SELECT current_setting('aura.shard_count') = '1')
       OR mod(t.id, (SELECT current_setting('aura.shard_count')::bigint)) = (SELECT current_setting('aura.shard_index')::bigint))
