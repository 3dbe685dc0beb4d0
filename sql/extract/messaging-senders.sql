-- aura_messaging: messaging user -> social profile, so a message (texts-messages.sql gives its sender's
-- messaging users.id) can be attributed to its auth user as soon as the social profiles are read.
SELECT u.id AS messaging_user_id, u.profile_id
FROM users u
