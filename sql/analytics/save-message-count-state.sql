-- message_count_state: what the stored counts include (messages up to an id, edits up to an updated_at, the
-- timezone).
INSERT INTO message_count_state (id, timezone, counted_through_id, counted_since_us, run_id, updated_at)
  VALUES (1, $1, $2, $3, $4, now())
  ON CONFLICT (id) DO UPDATE SET timezone = EXCLUDED.timezone, counted_through_id = EXCLUDED.counted_through_id,
    counted_since_us = EXCLUDED.counted_since_us, run_id = EXCLUDED.run_id, updated_at = EXCLUDED.updated_at
