-- user_feature_vector: after an etl run rewrote every vector of its population, the vectors still on another
-- run id are users who left it.
DELETE FROM user_feature_vector WHERE run_id <> $1
