-- serve_jobs: drops the jobs submitted more than $1 days ago (JOB_RETENTION_DAYS), when a new job is
-- submitted.
DELETE FROM serve_jobs WHERE submitted_at < now() - make_interval(days => $1)
