-- etl_runs: marks `abandoned` the rows left `running` by dead score runs of one shard ($2, jsonb {index,
-- count}).
UPDATE etl_runs SET status = 'abandoned', finished_at = clock_timestamp(), error = $1
  WHERE status = 'running' AND kind = 'score' AND parameters->'shard' = $2::jsonb
