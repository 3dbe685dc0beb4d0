-- user_text_negativity: every per-user sum of one model ($1), before they are stored or rebuilt whole.
DELETE FROM user_text_negativity WHERE model_id = $1
