-- aura_auth: the population of SPEC §2 — normal users (id_role = 2) that are active.
-- Emails are PII and are never selected.
SELECT u.user_id
FROM users u
WHERE u.id_role = 2 AND u.is_active
