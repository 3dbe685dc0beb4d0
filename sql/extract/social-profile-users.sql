-- aura_social: social profile -> auth user. etl reads the active profiles, the small read that lets messages
-- (whose sender is a messaging user, mapped to a profile by messaging-senders.sql) be attributed before the
-- full profiles dataset (social-profiles.sql, with its community aggregation) has arrived. watch reads the
-- profiles aura.profile_ids (bigint[]) active or not (an inactive profile takes its user out of the
-- population, which is a change too), by primary key. `-- @all` lines are etl's only, `-- @keys` watch's.
SELECT p.id AS profile_id, p.user_id, p.is_active
FROM user_profiles p
WHERE p.is_active -- @all
WHERE p.id = ANY (current_setting('aura.profile_ids')::bigint[]) -- @keys
