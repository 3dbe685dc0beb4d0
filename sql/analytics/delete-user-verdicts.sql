-- user_risk_results: removes the verdicts of users who left the population ($1, uuid[]).
DELETE FROM user_risk_results WHERE user_id_raiz = ANY($1::uuid[])
