-- nlp_models: the model's per-user sums are (being) rebuilt from its stored scores in this transaction.
UPDATE nlp_models SET sums_stale = false WHERE model_id = $1
