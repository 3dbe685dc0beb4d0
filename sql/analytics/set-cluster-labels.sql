-- user_feature_vector: each vector's cluster_label becomes its user's new risk level (stage_risk), written
-- only where it changed.
UPDATE user_feature_vector v SET cluster_label = s.risk_level FROM stage_risk s
  WHERE v.user_id_raiz = s.user_id_raiz AND v.cluster_label IS DISTINCT FROM s.risk_level
