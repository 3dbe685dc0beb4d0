-- watch_state: the active watcher's state.
INSERT INTO watch_state (id, instance, state, updated_at) VALUES (1, $1, $2, now())
  ON CONFLICT (id) DO UPDATE SET instance = EXCLUDED.instance, state = EXCLUDED.state, updated_at = now()
