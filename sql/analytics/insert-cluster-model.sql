-- cluster_models: a cluster run's fitted ensemble, gzip-compressed JSON.
INSERT INTO cluster_models (cluster_run_id, etl_run_id, model_gzip) VALUES ($1, $2, $3)
