-- aura_auth source schema (contract: sql/source-schema.sql), idempotent: safe to run on every seed/demo.
CREATE TABLE IF NOT EXISTS roles (
  id    smallint PRIMARY KEY,          -- 1 = admin, 2 = normal user
  name  text NOT NULL
);

CREATE TABLE IF NOT EXISTS users (
  user_id     uuid PRIMARY KEY,        -- "user_id_raiz": the identity every KPI is keyed on
  email       text UNIQUE NOT NULL,    -- PII: never extracted, never logged
  id_role     smallint NOT NULL REFERENCES roles(id),
  is_active   boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

INSERT INTO roles (id, name) VALUES (1, 'admin'), (2, 'user') ON CONFLICT (id) DO NOTHING;
