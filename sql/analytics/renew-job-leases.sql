-- serve_jobs: renews the lease ($2 seconds) of this process's jobs in flight.
UPDATE serve_jobs SET lease_until = clock_timestamp() + make_interval(secs => $2) WHERE job_id = ANY($1::uuid[]) AND status IN ('queued', 'running')
