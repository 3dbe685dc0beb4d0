-- export_watermarks: moves a target's history watermark forward (never back) with the manifest just written.
INSERT INTO export_watermarks (target, history_run_id, manifest) VALUES ($1, $2, $3)
  ON CONFLICT (target) DO UPDATE SET history_run_id = GREATEST(export_watermarks.history_run_id, EXCLUDED.history_run_id),
    manifest = EXCLUDED.manifest, updated_at = now()
