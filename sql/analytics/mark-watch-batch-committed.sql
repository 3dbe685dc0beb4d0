-- watch_state: the last batch time, inside the batch transaction (it moves exactly when a batch commits).
INSERT INTO watch_state (id, instance, state, last_batch_at, updated_at) VALUES (1, $1, 'running', $2, now())
  ON CONFLICT (id) DO UPDATE SET instance = EXCLUDED.instance, state = 'running', last_batch_at = EXCLUDED.last_batch_at, updated_at = now()
