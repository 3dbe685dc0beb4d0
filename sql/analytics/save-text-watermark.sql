-- etl_watermarks: one text source's watermark (per model, and per shard for a sharded score run); run_id is
-- NULL for a watch batch.
INSERT INTO etl_watermarks (source, model, last_value, last_keys, run_id, updated_at)
  VALUES ($1, $5, $2::timestamptz, $3::bigint[], $4, now())
  ON CONFLICT (source, model) DO UPDATE SET last_value = EXCLUDED.last_value, last_keys = EXCLUDED.last_keys,
    run_id = EXCLUDED.run_id, updated_at = now()
