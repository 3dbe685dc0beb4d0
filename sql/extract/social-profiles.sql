-- aura_social: one row per active social profile, aggregated in the source (SPEC §2-§3).
-- KPI 4 (profile incomplete) is decided here; interests and distinct community categories travel
-- as small JSON arrays so tag matching (accent- and case-insensitive) happens in one place in TS.
-- NB: complete_profiles.user_id and community_members.user_id hold a PROFILE id (source-schema.sql).
-- Read in full by etl (hash joins over every profile); watch keeps the `-- @keys` lines: the profiles of
-- the users aura.user_ids (uuid[]), and only their complete profiles and memberships, read through the
-- unique indexes (restricting the profiles alone left a hash join over every complete profile).
SELECT
  p.user_id,
  p.id AS profile_id,
  p.followers_count,
  p.following_count,
  ((p.bio IS NULL OR btrim(p.bio) = '') AND cp.id IS NULL) AS is_profile_incomplete,
  coalesce(to_json(cp.interests), '[]'::json) AS interests,
  coalesce(cm.categories, '[]'::json) AS categories
FROM user_profiles p
LEFT JOIN complete_profiles cp ON cp.user_id = p.id
  AND cp.user_id IN (SELECT f.id FROM user_profiles f WHERE f.user_id = ANY (current_setting('aura.user_ids')::uuid[])) -- @keys
LEFT JOIN (
  SELECT m.user_id AS profile_id, json_agg(DISTINCT c.category) AS categories
  FROM community_members m
  JOIN communities c ON c.id = m.community_id
  WHERE m.user_id IN (SELECT f.id FROM user_profiles f WHERE f.user_id = ANY (current_setting('aura.user_ids')::uuid[])) -- @keys
  GROUP BY m.user_id
) cm ON cm.profile_id = p.id
WHERE p.is_active
  AND p.user_id = ANY (current_setting('aura.user_ids')::uuid[]) -- @keys
