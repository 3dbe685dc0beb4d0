-- text_sentiment_scores: the scores of an etl or score run as they are computed, into {{table}}: the score
-- table itself (a model's first run), the detached partition a first run builds (score-partitions.ts), or
-- the stage table stage_scores (later runs: replaced by key, then moved into the scores). {{columns}} are
-- STAGE_SCORE_COLUMNS, {{format}} `binary`, `csv` or `csv, HEADER true` (stage files).
COPY {{table}} ({{columns}}) FROM STDIN WITH (FORMAT {{format}})
