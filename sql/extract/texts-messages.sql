-- aura_messaging: messages changed since the watermark (inclusive lower bound; rows already read at
-- exactly the watermark are dropped by key in TS). A full run reads only non-deleted messages; an
-- incremental run also reads deleted ones so their stored scores can be removed.
-- user_ref is the sender's MESSAGING users.id; it is mapped to the auth user id when loading.
-- With --shard i/n only texts whose id mod n = i are read (each shard scores its own share).
SELECT
  t.id,
  t.sender_profile_id::text AS user_ref,
  (extract(epoch FROM t.updated_at) * 1000000)::bigint AS updated_us,
  t.updated_at,
  NOT t.is_deleted AS active,
  t.content
FROM messages t
WHERE t.updated_at >= current_setting('aura.since')::timestamptz
  AND (NOT t.is_deleted OR current_setting('aura.full_run') = 'off')
  AND mod(t.id, current_setting('aura.shard_count')::bigint) = current_setting('aura.shard_index')::bigint
