-- aura-miner analytics schema, version 4: the state of `watch` (SPEC §8), read by `serve`'s status endpoint.

-- One row: the active watcher (a hot standby never writes it). state is one of
-- starting | catching-up | running | waiting-for-full-run | stopped; lag_seconds is the age of the oldest
-- change not yet written, throughput the users written per second over the last interval.
CREATE TABLE watch_state (
  id             smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  instance       text,
  state          text,
  last_batch_at  timestamptz,
  lag_seconds    double precision,
  throughput     double precision,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- One row per committed watch batch. batch_id comes from etl_runs' sequence (without an etl_runs row):
-- it is the run_id of the user_feature_history rows the batch appends, so history keys never collide
-- with a full run's. Vectors written by a batch keep run_id = norm_run_id, the full run whose
-- normalisation parameters place them on the same scale as every other vector.
CREATE TABLE watch_batches (
  batch_id        bigint PRIMARY KEY,
  instance        text NOT NULL,
  norm_run_id     bigint NOT NULL,
  cluster_run_id  bigint NOT NULL,
  catch_up        boolean NOT NULL DEFAULT false,
  started_at      timestamptz NOT NULL,
  finished_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  changes         integer NOT NULL,
  users           integer NOT NULL,
  removed         integer NOT NULL,
  texts_scored    integer NOT NULL,
  texts_removed   integer NOT NULL,
  alerts          integer NOT NULL
);
CREATE INDEX watch_batches_finished_at ON watch_batches (finished_at);
