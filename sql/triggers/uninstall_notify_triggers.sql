-- Removes what notify_triggers.sql installed (run on each source database; idempotent).
-- Privilege: the owner of the tables and of the functions.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT DISTINCT c.relname
    FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
    WHERE g.tgname = 'aura_notify_change' AND c.relnamespace = current_schema()::regnamespace
  LOOP
    EXECUTE format('DROP TRIGGER IF EXISTS aura_notify_change ON %I', t.relname);
  END LOOP;
END
$$;
DROP FUNCTION IF EXISTS aura_notify_change();
DROP FUNCTION IF EXISTS aura_change_payload(text, text, jsonb, text, text, text, text);
