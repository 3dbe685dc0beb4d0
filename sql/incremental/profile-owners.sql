-- aura_social: the auth user of each social profile in aura.profile_ids (bigint[]), active or not
-- (an inactive profile takes its user out of the population, which is a change too).
SELECT p.id AS profile_id, p.user_id, p.is_active
FROM user_profiles p
WHERE p.id = ANY (current_setting('aura.profile_ids')::bigint[])
