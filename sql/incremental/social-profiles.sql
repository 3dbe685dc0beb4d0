-- aura_social: sql/extract/social-profiles.sql restricted to aura.user_ids (uuid[]): same columns, same
-- rules. The joins are LATERAL so each profile is looked up through the unique indexes (a plain join was
-- planned as a hash join over every complete profile).
SELECT
  p.user_id,
  p.id AS profile_id,
  p.followers_count,
  p.following_count,
  ((p.bio IS NULL OR btrim(p.bio) = '') AND cp.id IS NULL) AS is_profile_incomplete,
  coalesce(to_json(cp.interests), '[]'::json) AS interests,
  coalesce(cm.categories, '[]'::json) AS categories
FROM user_profiles p
LEFT JOIN LATERAL (SELECT c.id, c.interests FROM complete_profiles c WHERE c.user_id = p.id) cp ON true
LEFT JOIN LATERAL (
  SELECT json_agg(DISTINCT c.category) AS categories
  FROM community_members m
  JOIN communities c ON c.id = m.community_id
  WHERE m.user_id = p.id
) cm ON true
WHERE p.user_id = ANY (current_setting('aura.user_ids')::uuid[])
  AND p.is_active
