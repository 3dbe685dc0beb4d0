-- aura_messaging: messages changed since the watermark (inclusive lower bound; rows already read at
-- exactly the watermark are dropped by key in TS). A full run reads only non-deleted messages; an
-- incremental run also reads deleted ones so their stored scores can be removed.
-- user_ref is the sender's MESSAGING users.id (messages.sender_profile_id, despite its name), mapped to the
-- auth user in TS (messaging-senders.sql, then the social profiles): a join to users here cost 4-9 s of the
-- 20 M messages of 1M users.
-- With --shard i/n only texts whose id mod n = i are read (each shard scores its own share).
-- Streamed as binary COPY (src/db/copy-binary.ts): columns and types as the text columns in src/etl/datasets.ts.
-- Two branches, of which the settings switch one off before it runs (a one-time filter): a full run scans the
-- table with no bound at all, a re-run reads through the updated_at index. The bound stays a plain
-- current_setting() there, which the planner evaluates to estimate the rows (1M users, 1% new: an index read
-- of 0.27 s where a bound hidden in a subquery made it scan for 2.1 s); in a scan, a current_setting() cast to
-- timestamptz would be parsed again for every row (20 M messages: 11.5 s against 6.5 s). The other settings
-- are read once each, in scalar subqueries (InitPlans).
-- watch reads one batch's texts: the `-- @all` lines are left out and the `-- @keys` line kept, so every
-- row changed since the watermark (deactivated ones too) plus the rows named by notifications
-- (aura.text_ids, bigint[]), which a watermark alone misses when a transaction commits after a later one
-- was read: a BitmapOr of the updated_at index and the primary key.
SELECT t.id, t.sender_profile_id AS user_ref, t.updated_at, NOT t.is_deleted AS active, t.content -- @all
FROM messages t -- @all
WHERE (SELECT current_setting('aura.full_run') = 'on') -- @all
  AND NOT t.is_deleted -- @all
  AND ((SELECT current_setting('aura.shard_count') = '1') -- @all
       OR mod(t.id, (SELECT current_setting('aura.shard_count')::bigint)) = (SELECT current_setting('aura.shard_index')::bigint)) -- @all
UNION ALL -- @all
SELECT t.id, t.sender_profile_id AS user_ref, t.updated_at, NOT t.is_deleted AS active, t.content
FROM messages t
WHERE (t.updated_at >= current_setting('aura.since')::timestamptz
    OR t.id = ANY (current_setting('aura.text_ids')::bigint[]) -- @keys
  )
  AND (SELECT current_setting('aura.full_run') = 'off') -- @all
  AND ((SELECT current_setting('aura.shard_count') = '1') -- @all
       OR mod(t.id, (SELECT current_setting('aura.shard_count')::bigint)) = (SELECT current_setting('aura.shard_index')::bigint)) -- @all
