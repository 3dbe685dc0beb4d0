-- crisis_alerts: the users with a crisis text newer than their last alert (in the 30 days before $3, of the
-- users $4 or all when NULL) who have a vector: moves their alerted_through and returns them with their
-- verdicts, one CRITICAL_ALERT each.
WITH latest AS (
    SELECT user_id, max(text_updated_at) AS latest FROM text_sentiment_scores
    WHERE model_id = $1 AND crisis AND text_updated_at > $2 AND text_updated_at <= $3 AND ($4::uuid[] IS NULL OR user_id = ANY($4::uuid[]))
    GROUP BY user_id),
  due AS (
    SELECT l.user_id, l.latest FROM latest l
    JOIN user_feature_vector v ON v.user_id_raiz = l.user_id
    LEFT JOIN crisis_alerts a ON a.user_id = l.user_id
    WHERE a.user_id IS NULL OR l.latest > a.alerted_through),
  moved AS (
    INSERT INTO crisis_alerts (user_id, alerted_through, alerted_at) SELECT user_id, latest, $3 FROM due
    ON CONFLICT (user_id) DO UPDATE SET alerted_through = EXCLUDED.alerted_through, alerted_at = EXCLUDED.alerted_at
    RETURNING 1)
  SELECT d.user_id::text AS user_id, d.latest, r.risk_level, r.asi, r.severity, r.votes
  FROM due d LEFT JOIN user_risk_results r ON r.user_id_raiz = d.user_id
  ORDER BY d.user_id
