-- watch_state: the watcher's figures of the last interval: lag in seconds, users written per second.
INSERT INTO watch_state (id, instance, state, lag_seconds, throughput, updated_at) VALUES (1, $1, 'running', $2, $3, now())
  ON CONFLICT (id) DO UPDATE SET instance = EXCLUDED.instance, lag_seconds = EXCLUDED.lag_seconds,
    throughput = EXCLUDED.throughput, updated_at = now()
