-- user_text_negativity: a model's first run's per-user sums, added up while scoring (binary COPY tuples).
COPY user_text_negativity (model_id, user_id, score_sum_micro, texts) FROM STDIN WITH (FORMAT binary)
