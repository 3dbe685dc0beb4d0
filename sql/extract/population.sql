-- aura_auth: the population of SPEC §2 — normal users (id_role = 2) that are active.
-- Emails are PII and are never selected.
-- Read in full by etl; watch keeps the `-- @keys` line: the users of one batch, aura.user_ids (a uuid[]
-- literal passed as a setting, never spliced into the SQL), looked up by primary key.
SELECT u.user_id
FROM users u
WHERE u.id_role = 2 AND u.is_active
  AND u.user_id = ANY (current_setting('aura.user_ids')::uuid[]) -- @keys
