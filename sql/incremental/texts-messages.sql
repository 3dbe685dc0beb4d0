-- aura_messaging messages: the texts one watch batch scores: every row changed since the watermark (inclusive
-- lower bound aura.since; rows already read at exactly the watermark are dropped by key in TS) plus the
-- rows named by notifications (aura.text_ids, bigint[]), which a watermark alone misses when a
-- transaction commits after a later one was read. Inactive rows are read too, so their scores are removed.
-- Same columns as sql/extract/texts-*.sql, streamed as binary COPY.
-- user_ref is the sender's MESSAGING users.id, mapped to the auth user through messaging-profiles.sql.
SELECT
  t.id,
  t.sender_profile_id AS user_ref,
  t.updated_at,
  NOT t.is_deleted AS active,
  t.content
FROM messages t
WHERE t.updated_at >= current_setting('aura.since')::timestamptz
   OR t.id = ANY (current_setting('aura.text_ids')::bigint[])
