-- aura-miner analytics schema, version 12: background jobs of `serve` (execute-etl-async), shared by every replica.
-- A job row holds what exists before its run row (queued, refused because another run holds the lock,
-- its parameters) and the response it ended with; once linked, the run row (etl_runs / cluster_runs)
-- says how the run went. The serve process owning a job renews lease_until while the job is in flight:
-- a job whose lease ran out is reported `abandoned` (its server died), by any replica.
CREATE TABLE serve_jobs (
  job_id          uuid PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('etl', 'cluster')),
  status          text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  parameters      jsonb NOT NULL DEFAULT '{}',
  instance        text NOT NULL,
  submitted_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  started_at      timestamptz,
  finished_at     timestamptz,
  lease_until     timestamptz NOT NULL,
  etl_run_id      bigint,
  cluster_run_id  bigint,
  result          jsonb,
  error           text
);
-- Old finished jobs are deleted by submitted_at.
CREATE INDEX serve_jobs_submitted_at ON serve_jobs (submitted_at);
