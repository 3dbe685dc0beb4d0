-- cluster_runs: marks `abandoned` every row left `running` (with the exclusive ETL lock held, no run can be
-- alive).
UPDATE cluster_runs SET status = 'abandoned', finished_at = clock_timestamp(), error = $1 WHERE status = 'running'
