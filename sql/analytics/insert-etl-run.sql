-- etl_runs: an etl, load or score run's row ($1 = kind), `running`, written once its lock is held; returns its
-- id.
INSERT INTO etl_runs (kind, status, reference_time, parameters, nlp_model) VALUES ($1, 'running', $2, $3, $4) RETURNING run_id AS id
