-- text_sentiment_scores: the new scores in stage_scores (rows with a NULL score only removed a text).
INSERT INTO text_sentiment_scores (model_id, source_id, text_id, user_id, score, text_updated_at, crisis)
  SELECT $1, source_id, text_id, user_id, score, text_updated_at, crisis FROM stage_scores WHERE score IS NOT NULL
