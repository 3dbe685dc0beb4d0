-- aura-miner analytics schema, version 13: a run row can say `abandoned`. A process that died (kill -9, a
-- lost node) leaves its row `running`; the next run that takes the same lock knows no such run is alive any
-- more and marks it `abandoned` (src/db/locked-run.ts). `failed` stays for runs that saw their own error.
ALTER TABLE etl_runs DROP CONSTRAINT etl_runs_status_check,
  ADD CONSTRAINT etl_runs_status_check CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned'));
ALTER TABLE cluster_runs DROP CONSTRAINT cluster_runs_status_check,
  ADD CONSTRAINT cluster_runs_status_check CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned'));
