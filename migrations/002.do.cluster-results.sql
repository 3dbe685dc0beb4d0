-- aura-miner analytics schema, version 2: risk ensemble runs, fitted models and per-user results (SPEC §5).

-- One row per `cluster` run; chart_data holds the precomputed chart series (distribution, PCA scatter
-- sample, radar, ASI histogram) that `svg` and the dashboard endpoints read without refitting.
CREATE TABLE cluster_runs (
  cluster_run_id  bigserial PRIMARY KEY,
  etl_run_id      bigint,
  status          text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  started_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  users           integer,
  parameters      jsonb NOT NULL DEFAULT '{}',
  seed            integer NOT NULL,
  timings         jsonb NOT NULL DEFAULT '{}',
  level_counts    jsonb NOT NULL DEFAULT '{}',
  mean_asi        jsonb NOT NULL DEFAULT '{}',
  silhouette      double precision,
  eps             jsonb,
  chart_data      jsonb,
  error           text
);

-- The fitted ensemble (centroids, DBSCAN core points and eps, the forest, calibration) and the
-- normalisation run it was fitted on, so `watch` can score one new vector without refitting.
-- Stored as gzip-compressed JSON: at 1M vectors the DBSCAN core points are tens of MB.
CREATE TABLE cluster_models (
  cluster_run_id   bigint PRIMARY KEY REFERENCES cluster_runs(cluster_run_id),
  etl_run_id       bigint,
  model_gzip       bytea NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);

-- Per-user verdicts of the latest successful run (replaced atomically by each run).
CREATE TABLE user_risk_results (
  user_id_raiz     uuid PRIMARY KEY,
  cluster_run_id   bigint NOT NULL,
  kmeans_cluster   smallint NOT NULL,
  dbscan_label     integer NOT NULL,
  forest_score     double precision NOT NULL,
  votes            smallint NOT NULL,
  risk_level       text NOT NULL CHECK (risk_level IN ('high', 'moderate', 'low')),
  asi              double precision NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_risk_results_level_asi ON user_risk_results (risk_level, asi DESC, user_id_raiz);
