-- cluster_runs: a cluster run's row, `running`, written once its lock is held; returns its id.
INSERT INTO cluster_runs (etl_run_id, status, seed, parameters) VALUES ($1, 'running', $2, $3) RETURNING cluster_run_id AS id
