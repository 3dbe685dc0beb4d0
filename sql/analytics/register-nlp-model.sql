-- nlp_models: registers a scoring model by name (once; its model_id keys the scores).
INSERT INTO nlp_models (name) VALUES ($1) ON CONFLICT (name) DO NOTHING
