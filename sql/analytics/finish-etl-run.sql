-- etl_runs: a run succeeded, with its figures, inside the load transaction (the status commits with the data).
UPDATE etl_runs SET status = 'succeeded', finished_at = clock_timestamp(), users = $2, texts_read = $3, texts_scored = $4,
  texts_removed = $5, stage_seconds = $6, parameters = $7 WHERE run_id = $1
