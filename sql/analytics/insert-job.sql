-- serve_jobs: a new job, queued, owned by this serve process ($4) with its lease ($5 seconds).
INSERT INTO serve_jobs (job_id, kind, status, parameters, instance, lease_until) VALUES ($1, $2, 'queued', $3, $4, clock_timestamp() + make_interval(secs => $5))
