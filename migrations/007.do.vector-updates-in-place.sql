-- aura-miner analytics schema, version 7: every run updates each user's vector in place (src/etl/replace-vectors.ts).
-- Half of each page is left free so the new row version fits beside the old one, and no index covers a column a run
-- changes, so PostgreSQL writes heap-only tuples and touches no index. The cluster_label index went for that
-- reason: no query filters on it (serve reads user_risk_results), and a scan of the vectors is fast anyway.
ALTER TABLE user_feature_vector SET (fillfactor = 50);
DROP INDEX user_feature_vector_cluster_label;
