-- aura_social comments: the texts one watch batch scores: every row changed since the watermark (inclusive
-- lower bound aura.since; rows already read at exactly the watermark are dropped by key in TS) plus the
-- rows named by notifications (aura.text_ids, bigint[]), which a watermark alone misses when a
-- transaction commits after a later one was read. Inactive rows are read too, so their scores are removed.
SELECT
  t.id,
  t.user_id::text AS user_ref,
  (extract(epoch FROM t.updated_at) * 1000000)::bigint AS updated_us,
  t.updated_at,
  t.is_active AS active,
  t.content
FROM comments t
WHERE t.updated_at >= current_setting('aura.since')::timestamptz
   OR t.id = ANY (current_setting('aura.text_ids')::bigint[])
