// The analytics tables of bench/export.ts, filled by SQL (generate_series) with N users' vectors, one history run,
// verdicts and the run rows: not by etl, so the bench measures the export alone.
import pg from 'pg';

export async function fillExportTables(url: string, users: number): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`TRUNCATE user_feature_vector, user_feature_history, user_risk_results, cluster_runs, etl_runs, export_watermarks CASCADE`);
    await c.query(`INSERT INTO etl_runs (run_id, kind, status, reference_time, finished_at, users, texts_read, texts_scored, nlp_model, parameters)
                   VALUES (1, 'etl', 'succeeded', '2026-12-07T03:00:00Z', now(), $1, $1 * 20, $1 * 20, 'lexicon', '{"bench": true, "tags": ["gaming"]}')`, [users]);
    await c.query(`SELECT setseed(0.42)`);
    await c.query(`INSERT INTO user_feature_vector (user_id_raiz, run_id, extraction_date, reciprocity_ratio_norm, days_since_last_seen_norm, ratio_night_messages,
        is_profile_incomplete, sentiment_negativity_index, num_community_categories_norm, int_gaming_one_hot, comm_voluntariado_one_hot, followers_count,
        following_count, reciprocity_ratio_raw, last_seen_at, days_since_last_seen_raw, messages_count, night_messages_count, num_community_categories_raw,
        texts_scored, cluster_label)
      SELECT gen_random_uuid(), 1, '2026-12-07T03:00:00Z', random(), random(), random(), random() < 0.2, random(), random(), random() < 0.3, random() < 0.1,
        (random() * 500)::int, (random() * 500)::int, random() * 5, CASE WHEN random() < 0.9 THEN '2026-12-07T03:00:00Z'::timestamptz - random() * interval '300 days' END,
        random() * 365, (random() * 400)::int, (random() * 40)::int, (random() * 6)::int, (random() * 60)::int, (ARRAY['high', 'moderate', 'low'])[1 + (random() * 2)::int]
      FROM generate_series(1, $1)`, [users]);
    await c.query(`INSERT INTO user_feature_history (run_id, user_id_raiz, extraction_date, reciprocity_ratio_norm, days_since_last_seen_norm, ratio_night_messages,
        is_profile_incomplete, sentiment_negativity_index, num_community_categories_norm, reciprocity_ratio_raw, days_since_last_seen_raw, num_community_categories_raw, one_hot)
      SELECT run_id, user_id_raiz, extraction_date, reciprocity_ratio_norm, days_since_last_seen_norm, ratio_night_messages, is_profile_incomplete,
        sentiment_negativity_index, num_community_categories_norm, reciprocity_ratio_raw, days_since_last_seen_raw, num_community_categories_raw,
        jsonb_build_object('int_gaming_one_hot', int_gaming_one_hot, 'comm_voluntariado_one_hot', comm_voluntariado_one_hot)
      FROM user_feature_vector`);
    await c.query(`INSERT INTO cluster_runs (cluster_run_id, etl_run_id, status, finished_at, users, seed, level_counts) VALUES (1, 1, 'succeeded', now(), $1, 42, '{"high": 1}')`, [users]);
    await c.query(`INSERT INTO user_risk_results (user_id_raiz, cluster_run_id, kmeans_cluster, dbscan_label, forest_score, votes, risk_level, asi)
      SELECT user_id_raiz, 1, (random() * 3)::int, CASE WHEN random() < 0.05 THEN -1 ELSE (random() * 4)::int END, random(), v, (ARRAY['low', 'moderate', 'high', 'high'])[v + 1], random() * 100
      FROM (SELECT user_id_raiz, (random() * 3)::int AS v FROM user_feature_vector) x`);
    await c.query('VACUUM ANALYZE');
  } finally {
    await c.end();
  }
}
