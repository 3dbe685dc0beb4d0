-- aura_social: comments changed since the watermark (inclusive lower bound; rows already read at exactly
-- the watermark are dropped by key in TS). A full run reads only active rows; an incremental run also
-- reads deactivated ones so their stored scores can be removed.
-- With --shard i/n only texts whose id mod n = i are read (each shard scores its own share).
-- Streamed as binary COPY (src/db/copy-binary.ts): columns and types as TEXT columns in src/etl/datasets.ts.
-- Each setting is read once, in a scalar subquery (an InitPlan): current_setting() in the WHERE clause itself
-- is called again for every row (measured on 2 M messages: 1.13 s against 0.81 s).
SELECT
  t.id,
  t.user_id AS user_ref,
  t.updated_at,
  t.is_active AS active,
  t.content
FROM comments t
WHERE t.updated_at >= (SELECT current_setting('aura.since')::timestamptz)
  AND (t.is_active OR (SELECT current_setting('aura.full_run') = 'off'))
  AND ((SELECT current_setting('aura.shard_count') = '1')
       OR mod(t.id, (SELECT current_setting('aura.shard_count')::bigint)) = (SELECT current_setting('aura.shard_index')::bigint))
