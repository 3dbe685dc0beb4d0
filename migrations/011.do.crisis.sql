-- aura-miner analytics schema, version 11: crisis language (issue 16). Each stored score carries the text's
-- crisis flag (self-harm, suicidal ideation, hopelessness; src/nlp/lexicon.ts decides); the current vector and
-- its history carry the raw count of the user's crisis texts in the 30 days before the run's reference time
-- (beside the raw KPI values; the six-KPI vector of SPEC §3 is unchanged). crisis_alerts remembers, per user,
-- the newest crisis text already announced, so a CRITICAL_ALERT is sent once per new crisis text, not every
-- night for the same old one.
ALTER TABLE text_sentiment_scores ADD COLUMN crisis boolean NOT NULL DEFAULT false;
-- Crisis texts are a tiny share of all texts: a partial index finds them without reading the others.
CREATE INDEX text_sentiment_scores_crisis ON text_sentiment_scores (user_id, text_updated_at) WHERE crisis;

ALTER TABLE user_feature_vector ADD COLUMN crisis_texts_30d integer NOT NULL DEFAULT 0;
ALTER TABLE user_feature_history ADD COLUMN crisis_texts_30d integer NOT NULL DEFAULT 0;

CREATE TABLE crisis_alerts (
  user_id          uuid PRIMARY KEY,
  -- text_updated_at of the newest crisis text an alert was sent for
  alerted_through  timestamptz NOT NULL,
  alerted_at       timestamptz NOT NULL DEFAULT now()
);

-- The high-risk list starts with the users who have crisis texts (src/server/read/risk-users.ts).
CREATE INDEX user_feature_vector_crisis ON user_feature_vector (user_id_raiz) WHERE crisis_texts_30d > 0;
