-- user_risk_results: a cluster run's verdicts ($1 = its id), from its stage table stage_risk.
INSERT INTO user_risk_results (user_id_raiz, cluster_run_id, kmeans_cluster, dbscan_label, forest_score, votes, risk_level, asi, severity, reasons)
  SELECT user_id_raiz, $1, kmeans_cluster, dbscan_label, forest_score, votes, risk_level, asi, severity, reasons FROM stage_risk
