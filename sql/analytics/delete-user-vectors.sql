-- user_feature_vector: removes the vectors of users who left the population ($1, uuid[]).
DELETE FROM user_feature_vector WHERE user_id_raiz = ANY($1::uuid[])
