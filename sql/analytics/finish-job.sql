-- serve_jobs: records how a job ended (its result, or its error).
UPDATE serve_jobs SET status = $2, finished_at = clock_timestamp(), result = $3, error = $4 WHERE job_id = $1
