-- normalization_params: one KPI's winsorised min-max parameters of an etl run.
INSERT INTO normalization_params (run_id, kpi, min_value, max_value, clip_value, quantile) VALUES ($1, $2, $3, $4, $5, $6)
