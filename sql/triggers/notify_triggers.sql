-- Change capture for `aura-miner watch` (SPEC §8): AFTER INSERT/UPDATE/DELETE row triggers that send
-- pg_notify('aura_changes', payload) on the AURA source tables that feed a KPI or a text score.
--
-- Run the same file on each source database (aura_auth, aura_social, aura_messaging): it creates the
-- function everywhere and a trigger only on the tables that exist there. Idempotent: re-running it
-- replaces the function and the triggers. Undo with uninstall_notify_triggers.sql.
-- Privilege: the owner of the tables (or a role with TRIGGER on them and CREATE on the schema).
--
-- Payload, always far under NOTIFY's 8,000-byte limit (about 120 bytes; never a text or an email):
--   {"table":"messages","op":"INSERT","key":"123","ref":"messaging_user","id":"45"}
-- ref says how `watch` resolves the user: auth_user (aura_auth users.user_id, a uuid), profile
-- (aura_social user_profiles.id) or messaging_user (aura_messaging users.id). When an UPDATE moves a row
-- to another user, both users are notified. NOTIFY is delivered on COMMIT, and only to sessions that
-- were listening then: `watch` catches up from its watermarks for anything sent while it was away.

-- Builds the small JSON payload from a row: table, operation, row key, and the user reference.
CREATE OR REPLACE FUNCTION aura_change_payload(tbl text, op text, r jsonb, ref_kind text, ref_col text, key1 text, key2 text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT json_build_object(
    'table', tbl,
    'op', op,
    'key', CASE WHEN key2 IS NULL THEN r ->> key1 ELSE (r ->> key1) || ':' || (r ->> key2) END,
    'ref', ref_kind,
    'id', r ->> ref_col
  )::text
$$;

-- Trigger arguments: ref kind, the column holding the user reference, then one or two key columns.
CREATE OR REPLACE FUNCTION aura_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  new_row jsonb;
  old_row jsonb;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW IS NOT DISTINCT FROM OLD THEN
    RETURN NULL; -- a no-op UPDATE changes no KPI
  END IF;
  IF TG_OP <> 'DELETE' THEN
    new_row := to_jsonb(NEW);
    PERFORM pg_notify('aura_changes', aura_change_payload(TG_TABLE_NAME, TG_OP, new_row, TG_ARGV[0], TG_ARGV[1], TG_ARGV[2], TG_ARGV[3]));
  END IF;
  IF TG_OP <> 'INSERT' THEN
    old_row := to_jsonb(OLD);
    -- The old user too when the row was deleted or moved to another user (their KPIs change as well).
    IF new_row IS NULL OR (old_row ->> TG_ARGV[1]) IS DISTINCT FROM (new_row ->> TG_ARGV[1]) THEN
      PERFORM pg_notify('aura_changes', aura_change_payload(TG_TABLE_NAME, TG_OP, old_row, TG_ARGV[0], TG_ARGV[1], TG_ARGV[2], TG_ARGV[3]));
    END IF;
  END IF;
  RETURN NULL;
END
$$;

DO $$
DECLARE
  t record;
BEGIN
  -- table, a column that tells this table apart (both aura_auth and aura_messaging have `users`),
  -- ref kind, ref column, key columns.
  FOR t IN
    SELECT * FROM (VALUES
      ('users',             'email',             'auth_user',      'user_id',           'user_id', NULL),
      ('user_profiles',     'followers_count',   'auth_user',      'user_id',           'id',      NULL),
      ('complete_profiles', 'interests',         'profile',        'user_id',           'id',      NULL),
      ('community_members', 'community_id',      'profile',        'user_id',           'user_id', 'community_id'),
      ('posts',             'content',           'auth_user',      'user_id',           'id',      NULL),
      ('comments',          'post_id',           'auth_user',      'user_id',           'id',      NULL),
      ('users',             'profile_id',        'messaging_user', 'id',                'id',      NULL),
      ('messages',          'sender_profile_id', 'messaging_user', 'sender_profile_id', 'id',      NULL)
    ) AS x(tbl, marker, ref_kind, ref_col, key1, key2)
  LOOP
    IF EXISTS (
      SELECT 1 FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = t.tbl AND column_name = t.marker
    ) THEN
      EXECUTE format('DROP TRIGGER IF EXISTS aura_notify_change ON %I', t.tbl);
      EXECUTE format(
        'CREATE TRIGGER aura_notify_change AFTER INSERT OR UPDATE OR DELETE ON %I
           FOR EACH ROW EXECUTE FUNCTION aura_notify_change(%L, %L, %L%s)',
        t.tbl, t.ref_kind, t.ref_col, t.key1, CASE WHEN t.key2 IS NULL THEN '' ELSE format(', %L', t.key2) END
      );
    END IF;
  END LOOP;
END
$$;
