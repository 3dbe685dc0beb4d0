-- user_risk_results: every verdict, before a cluster run writes its own (same transaction).
DELETE FROM user_risk_results
