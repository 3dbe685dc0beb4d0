-- aura-miner analytics schema, version 5: per-sender message counts kept between runs (KPI 3).
-- A re-run counts only the messages added since the last count (id above counted_through_id) and
-- recounts in full the senders of older messages edited or deleted since (updated_at at or after
-- counted_since); everyone else keeps these numbers. The first run, or a run with another timezone,
-- counts everything again. Written in the load transaction, so a failed run changes nothing.
CREATE TABLE message_counts (
  messaging_user_id  bigint PRIMARY KEY,   -- aura_messaging.users.id
  messages           integer NOT NULL,     -- non-deleted messages sent
  night_messages     integer NOT NULL      -- of those, sent 01:00-05:59 in timezone
);

CREATE TABLE message_count_state (
  id                  smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  timezone            text NOT NULL,
  counted_through_id  bigint NOT NULL,     -- largest messages.id the counts include
  counted_since_us    bigint,              -- largest messages.updated_at seen (epoch microseconds); NULL: no message yet
  run_id              bigint REFERENCES etl_runs(run_id),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
