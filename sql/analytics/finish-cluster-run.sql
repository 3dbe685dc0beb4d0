-- cluster_runs: a cluster run succeeded, with its figures and chart data, inside the transaction that writes
-- its verdicts.
UPDATE cluster_runs SET status = 'succeeded', finished_at = clock_timestamp(), users = $2, timings = $3, level_counts = $4,
  mean_asi = $5, silhouette = $6, eps = $7, chart_data = $8, mean_severity = $9, risk_fences = $10 WHERE cluster_run_id = $1
