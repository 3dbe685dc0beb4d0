-- text_sentiment_scores and user_text_negativity: stores the new scores ($1 = model) of the stage table
-- {{stage}} (a code constant; rows with a NULL score only removed a text, see move-scores-out.sql) and adds
-- them to their users' sums. Returns how many, and whose sums moved ({{users}}, as in move-scores-out.sql).
WITH changed AS (
  INSERT INTO text_sentiment_scores (model_id, source_id, text_id, user_id, score, text_updated_at, crisis)
  SELECT $1, t.source_id, t.text_id, t.user_id, t.score, t.text_updated_at, t.crisis
  FROM {{stage}} t WHERE t.score IS NOT NULL
  RETURNING user_id, score),
deltas AS (
  INSERT INTO user_text_negativity (model_id, user_id, score_sum_micro, texts)
  SELECT $1, user_id, sum(round(score * 1e6))::bigint, count(*) FROM changed GROUP BY user_id
  ON CONFLICT (model_id, user_id) DO UPDATE SET
    score_sum_micro = user_text_negativity.score_sum_micro + EXCLUDED.score_sum_micro,
    texts = user_text_negativity.texts + EXCLUDED.texts
  RETURNING 1)
SELECT count(*) AS n, {{users}} AS users FROM changed
