-- aura-miner analytics schema, version 9: a re-run moves the per-user sums of every user with new texts
-- (ON CONFLICT DO UPDATE, src/etl/store-scores.ts). With free space on each page the new row version stays
-- on its page and the primary key is not touched (a heap-only tuple). Measured at 1M users, 147k sums moved:
-- 1.08 s with full pages, 0.81 s with 30% free. Pages written before this migration fill up as they were;
-- a model's first run, which stores its sums whole, writes them all anew.
ALTER TABLE user_text_negativity SET (fillfactor = 70);
