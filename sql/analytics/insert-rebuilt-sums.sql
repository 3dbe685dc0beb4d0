-- user_text_negativity: one model's ($1) per-user sums, from the temporary table rebuilt_sums (aggregated in
-- parallel by CREATE TABLE AS); returns the texts counted.
WITH sums AS (
  INSERT INTO user_text_negativity (model_id, user_id, score_sum_micro, texts)
  SELECT $1, user_id, score_sum_micro, texts FROM rebuilt_sums
  RETURNING texts)
SELECT coalesce(sum(texts), 0) AS n FROM sums
