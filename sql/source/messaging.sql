-- aura_messaging source schema (contract: sql/source-schema.sql), idempotent: safe to run on every seed/demo.
CREATE TABLE IF NOT EXISTS users (
  id            bigserial PRIMARY KEY,        -- the MESSAGING user id
  profile_id    bigint UNIQUE NOT NULL,       -- = aura_social.user_profiles.id
  last_seen_at  timestamptz,                  -- NULL = never seen
  is_active     boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS conversations (
  id          bigserial PRIMARY KEY,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS messages (
  id                 bigserial PRIMARY KEY,
  conversation_id    bigint NOT NULL REFERENCES conversations(id),
  sender_profile_id  bigint NOT NULL REFERENCES users(id),   -- NB: a MESSAGING users.id, despite the name
  content            text,
  is_deleted         boolean NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Named as PostgreSQL names the contract's anonymous `CREATE INDEX ON ...`, so both forms meet.
CREATE INDEX IF NOT EXISTS messages_updated_at_idx ON messages (updated_at);
CREATE INDEX IF NOT EXISTS messages_sender_profile_id_idx ON messages (sender_profile_id);
