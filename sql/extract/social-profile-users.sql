-- aura_social: active social profile -> auth user, the small read that lets messages (whose sender is a
-- messaging user, mapped to a profile by messaging-senders.sql) be attributed before the full profiles
-- dataset (social-profiles.sql, with its community aggregation) has arrived.
SELECT p.id AS profile_id, p.user_id
FROM user_profiles p
WHERE p.is_active
