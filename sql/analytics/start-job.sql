-- serve_jobs: a queued job starts running.
UPDATE serve_jobs SET status = 'running', started_at = clock_timestamp() WHERE job_id = $1 AND status = 'queued'
