-- aura-miner analytics schema, version 10: severity and reasons per verdict (issue 15, SPEC §5).
-- severity: 0-100, how broadly and how strongly the user is at risk (src/cluster/risk-severity.ts), beside
-- the seed's asi. reasons: the KPIs beyond their risk fences, [{"kpi", "value", "fence"}], strongest first.
-- Verdicts written before this migration get 0 and [] until the next `cluster` run (watch refuses the
-- older stored model and asks for that run).
ALTER TABLE user_risk_results
  ADD COLUMN severity double precision NOT NULL DEFAULT 0,
  ADD COLUMN reasons  jsonb NOT NULL DEFAULT '[]';
-- Per-user lists read highest severity first, one keyset page at a time (as the asi index does for ?sort=asi).
CREATE INDEX user_risk_results_level_severity ON user_risk_results (risk_level, severity DESC, user_id_raiz);

-- The run's risk fences per KPI, [{"kpi", "fence", "risk_side": "above"|"below"}], in the units of the reasons:
-- what a user's KPI values are read against in the per-user view. mean_severity: per level, like mean_asi.
ALTER TABLE cluster_runs
  ADD COLUMN risk_fences   jsonb,
  ADD COLUMN mean_severity jsonb NOT NULL DEFAULT '{}';
