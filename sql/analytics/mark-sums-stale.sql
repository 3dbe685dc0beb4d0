-- nlp_models: a sharded score run changed stored scores without moving the per-user sums: the next etl
-- rebuilds them.
UPDATE nlp_models SET sums_stale = true WHERE model_id = $1
