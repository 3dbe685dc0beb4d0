-- aura_social source schema (contract: sql/source-schema.sql), idempotent: safe to run on every seed/demo.
CREATE TABLE IF NOT EXISTS user_profiles (
  id               bigserial PRIMARY KEY,   -- the SOCIAL PROFILE id
  user_id          uuid UNIQUE NOT NULL,    -- = aura_auth.users.user_id (no FK: other database)
  followers_count  integer NOT NULL DEFAULT 0,
  following_count  integer NOT NULL DEFAULT 0,
  bio              text,                    -- NULL or blank = missing
  is_active        boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- One row when the user finished the long profile form.
CREATE TABLE IF NOT EXISTS complete_profiles (
  id          bigserial PRIMARY KEY,
  user_id     bigint UNIQUE NOT NULL REFERENCES user_profiles(id),  -- NB: a PROFILE id, despite the name
  interests   text[] NOT NULL DEFAULT '{}',   -- free tags, e.g. {gaming,musica,deporte}
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS communities (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL,
  category    text NOT NULL,                  -- e.g. 'Voluntariado', 'Gaming', 'Arte', 'Deporte'
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS community_members (
  user_id       bigint NOT NULL REFERENCES user_profiles(id),       -- NB: a PROFILE id
  community_id  bigint NOT NULL REFERENCES communities(id),
  joined_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, community_id)
);

CREATE TABLE IF NOT EXISTS posts (
  id          bigserial PRIMARY KEY,
  user_id     uuid NOT NULL,                  -- = aura_auth.users.user_id
  content     text,
  is_active   boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS comments (
  id          bigserial PRIMARY KEY,
  post_id     bigint NOT NULL REFERENCES posts(id),
  user_id     uuid NOT NULL,                  -- = aura_auth.users.user_id
  content     text,
  is_active   boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Named as PostgreSQL names the contract's anonymous `CREATE INDEX ON ...`, so both forms meet.
CREATE INDEX IF NOT EXISTS posts_updated_at_idx ON posts (updated_at);
CREATE INDEX IF NOT EXISTS comments_updated_at_idx ON comments (updated_at);
