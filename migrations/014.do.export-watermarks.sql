-- aura-miner analytics schema, version 14: where `export` stands per target (SPEC §9, src/export/).
-- history_run_id is the largest user_feature_history run whose rows the target holds; it moves only after that
-- export's _manifest.json is written, in one statement, and never backwards (--since re-exports older runs
-- without moving it back). Keyed by target (s3://bucket/prefix or the folder's absolute path): a second lake
-- gets every history row again.
CREATE TABLE export_watermarks (
  target          text PRIMARY KEY,
  history_run_id  bigint NOT NULL,
  manifest        text NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
