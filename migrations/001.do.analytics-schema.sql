-- aura-miner analytics schema, version 1: feature vectors, runs, normalisation, history,
-- watermarks and per-text sentiment scores (SPEC §3-§4). Applied by `aura-miner migrate`.

-- One row per ETL (or load) run, written before the work starts and finished atomically with it.
CREATE TABLE etl_runs (
  run_id          bigserial PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('etl', 'load', 'score')),
  status          text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  started_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  reference_time  timestamptz NOT NULL,
  users           integer,
  texts_read      integer,
  texts_scored    integer,
  texts_removed   integer,
  nlp_model       text,
  parameters      jsonb NOT NULL DEFAULT '{}',
  stage_seconds   jsonb NOT NULL DEFAULT '{}',
  error           text
);

-- Bulk tables (vectors, history, scores) carry no foreign keys: a per-row RI check costs more than
-- the COPY itself at millions of rows (measured: 2.7M scores, 35 s with FKs, 7 s without); `load`
-- writes them in one transaction with the rows they refer to.

-- The current feature vector: one row per population user (SPEC §3), replaced atomically by `load`.
-- One-hot columns for configured tags beyond these defaults are added by `load` (ADD COLUMN IF NOT EXISTS).
CREATE TABLE user_feature_vector (
  user_id_raiz                   uuid PRIMARY KEY,
  run_id                         bigint NOT NULL,
  extraction_date                timestamptz NOT NULL,
  reciprocity_ratio_norm         double precision NOT NULL,
  days_since_last_seen_norm      double precision NOT NULL,
  ratio_night_messages           double precision NOT NULL,
  is_profile_incomplete          boolean NOT NULL,
  sentiment_negativity_index     double precision NOT NULL,
  num_community_categories_norm  double precision NOT NULL,
  int_gaming_one_hot             boolean,
  comm_voluntariado_one_hot      boolean,
  -- raw KPI values in real units
  followers_count                integer NOT NULL,
  following_count                integer NOT NULL,
  reciprocity_ratio_raw          double precision NOT NULL,
  last_seen_at                   timestamptz,
  days_since_last_seen_raw       double precision NOT NULL,
  messages_count                 integer NOT NULL,
  night_messages_count           integer NOT NULL,
  num_community_categories_raw   integer NOT NULL,
  texts_scored                   integer NOT NULL DEFAULT 0,
  cluster_label                  text CHECK (cluster_label IN ('high', 'moderate', 'low'))
);
CREATE INDEX user_feature_vector_cluster_label ON user_feature_vector (cluster_label);

-- Every run's vectors, append-only: what `kpi-trends` reads.
CREATE TABLE user_feature_history (
  run_id                         bigint NOT NULL,
  user_id_raiz                   uuid NOT NULL,
  extraction_date                timestamptz NOT NULL,
  reciprocity_ratio_norm         double precision NOT NULL,
  days_since_last_seen_norm      double precision NOT NULL,
  ratio_night_messages           double precision NOT NULL,
  is_profile_incomplete          boolean NOT NULL,
  sentiment_negativity_index     double precision NOT NULL,
  num_community_categories_norm  double precision NOT NULL,
  reciprocity_ratio_raw          double precision NOT NULL,
  days_since_last_seen_raw       double precision NOT NULL,
  num_community_categories_raw   integer NOT NULL,
  one_hot                        jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (run_id, user_id_raiz)
);
CREATE INDEX user_feature_history_extraction_date ON user_feature_history (extraction_date);

-- Normalisation parameters per run and KPI, so one changed user can be placed on the same scale.
CREATE TABLE normalization_params (
  run_id     bigint NOT NULL REFERENCES etl_runs(run_id),
  kpi        text NOT NULL,
  min_value  double precision NOT NULL,
  max_value  double precision NOT NULL,
  clip_value double precision NOT NULL,
  quantile   double precision NOT NULL,
  PRIMARY KEY (run_id, kpi)
);

-- Incremental text extraction position per text source: the largest updated_at actually read,
-- with the keys read at exactly that instant (inclusive lower bound + de-duplication by key).
-- Kept per NLP model: switching the model re-reads (and re-scores) every text.
CREATE TABLE etl_watermarks (
  source      text NOT NULL,
  model       text NOT NULL,
  last_value  timestamptz NOT NULL,
  last_keys   bigint[] NOT NULL DEFAULT '{}',
  run_id      bigint REFERENCES etl_runs(run_id),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, model)
);

CREATE TABLE nlp_models (
  model_id    smallserial PRIMARY KEY,
  name        text UNIQUE NOT NULL,
  -- Set by sharded `score` runs (which store scores only); the next etl rebuilds user_text_negativity.
  sums_stale  boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE text_sources (
  source_id  smallint PRIMARY KEY,
  name       text UNIQUE NOT NULL
);
INSERT INTO text_sources VALUES (1, 'post'), (2, 'comment'), (3, 'message');

-- One stored score per (source, text, model): texts are scored once (SPEC §4).
-- The per-user negativity index is an aggregate of these rows computed in SQL.
-- model_id defaults to the session's aura.model_id so a first run can COPY straight into this table
-- (COPY cannot add a constant column); load sets it with SET LOCAL inside its transaction.
CREATE TABLE text_sentiment_scores (
  model_id         smallint NOT NULL DEFAULT current_setting('aura.model_id', true)::smallint,
  source_id        smallint NOT NULL CHECK (source_id IN (1, 2, 3)),
  text_id          bigint NOT NULL,
  user_id          uuid NOT NULL,
  score            real NOT NULL CHECK (score >= 0 AND score <= 1),
  text_updated_at  timestamptz NOT NULL,
  PRIMARY KEY (model_id, source_id, text_id)
);

-- Per-user sum and count of stored scores, kept in step with text_sentiment_scores by every load
-- (deltas of removed and added scores), so the negativity index of one user or of all users is a
-- lookup, not a scan of every text. Sums are in exact integer micro-units (scores have 6 decimals).
CREATE TABLE user_text_negativity (
  model_id        smallint NOT NULL,
  user_id         uuid NOT NULL,
  score_sum_micro bigint NOT NULL,
  texts           integer NOT NULL,
  PRIMARY KEY (model_id, user_id)
);
