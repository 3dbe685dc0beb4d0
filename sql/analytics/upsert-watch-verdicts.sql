-- user_risk_results: a watch batch's verdicts, from its stage table watch_stage_vectors, replacing the users'
-- previous ones.
INSERT INTO user_risk_results (user_id_raiz, cluster_run_id, kmeans_cluster, dbscan_label, forest_score, votes, risk_level, asi, severity, reasons, updated_at)
  SELECT s.user_id_raiz, $1, s.kmeans_cluster, s.dbscan_label, s.forest_score, s.votes, s.risk_level, s.asi, s.severity, s.reasons, $2 FROM watch_stage_vectors s
  ON CONFLICT (user_id_raiz) DO UPDATE SET cluster_run_id = EXCLUDED.cluster_run_id, kmeans_cluster = EXCLUDED.kmeans_cluster,
    dbscan_label = EXCLUDED.dbscan_label, forest_score = EXCLUDED.forest_score, votes = EXCLUDED.votes,
    risk_level = EXCLUDED.risk_level, asi = EXCLUDED.asi, severity = EXCLUDED.severity, reasons = EXCLUDED.reasons, updated_at = EXCLUDED.updated_at
