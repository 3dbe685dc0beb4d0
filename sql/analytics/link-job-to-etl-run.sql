-- serve_jobs: the etl run ($2) a job started, once its run row exists.
UPDATE serve_jobs SET etl_run_id = $2 WHERE job_id = $1
