-- aura_social: comments changed since the watermark (inclusive lower bound; rows already read at exactly
-- the watermark are dropped by key in TS). A full run reads only active rows; an incremental run also
-- reads deactivated ones so their stored scores can be removed.
-- With --shard i/n only texts whose id mod n = i are read (each shard scores its own share).
SELECT
  t.id,
  t.user_id::text AS user_ref,
  (extract(epoch FROM t.updated_at) * 1000000)::bigint AS updated_us,
  t.updated_at,
  t.is_active AS active,
  t.content
FROM comments t
WHERE t.updated_at >= current_setting('aura.since')::timestamptz
  AND (t.is_active OR current_setting('aura.full_run') = 'off')
  AND mod(t.id, current_setting('aura.shard_count')::bigint) = current_setting('aura.shard_index')::bigint
