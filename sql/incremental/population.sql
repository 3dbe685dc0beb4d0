-- aura_auth: the population of SPEC §2 (sql/extract/population.sql) restricted to the users of one watch
-- batch, aura.user_ids (a uuid[] literal passed as a setting, never spliced into the SQL).
SELECT u.user_id
FROM users u
WHERE u.user_id = ANY (current_setting('aura.user_ids')::uuid[])
  AND u.id_role = 2 AND u.is_active
