-- text_sentiment_scores: the stored scores of the texts in stage_scores (a sharded score run: the per-user
-- sums are rebuilt later).
DELETE FROM text_sentiment_scores s USING stage_scores t WHERE s.model_id = $1 AND s.source_id = t.source_id AND s.text_id = t.text_id
