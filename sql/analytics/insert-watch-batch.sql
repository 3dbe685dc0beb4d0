-- watch_batches: the record of one watch batch, inside its transaction (its batch_id is the history run_id of
-- its rows).
INSERT INTO watch_batches (batch_id, instance, norm_run_id, cluster_run_id, catch_up, started_at, changes, users, removed, texts_scored, texts_removed, alerts)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
