-- text_sentiment_scores and user_text_negativity: removes the stored scores ($1 = model) of the texts in the
-- stage table {{stage}} (a code constant) and takes them off their users' sums, so the sums always equal
-- the stored scores. Returns how many, and whose sums moved ({{users}}: the list, or an empty array when
-- the caller does not need it).
WITH changed AS (
  DELETE FROM text_sentiment_scores s USING {{stage}} t
  WHERE s.model_id = $1 AND s.source_id = t.source_id AND s.text_id = t.text_id
  RETURNING s.user_id, s.score),
deltas AS (
  INSERT INTO user_text_negativity (model_id, user_id, score_sum_micro, texts)
  SELECT $1, user_id, - sum(round(score * 1e6))::bigint, - count(*) FROM changed GROUP BY user_id
  ON CONFLICT (model_id, user_id) DO UPDATE SET
    score_sum_micro = user_text_negativity.score_sum_micro + EXCLUDED.score_sum_micro,
    texts = user_text_negativity.texts + EXCLUDED.texts
  RETURNING 1)
SELECT count(*) AS n, {{users}} AS users FROM changed
