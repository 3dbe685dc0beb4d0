// The history watermark of one target (migration 014): read inside the export's snapshot, moved (never back)
// only after the manifest is written.
import type pg from 'pg';

export async function readHistoryWatermark(client: pg.ClientBase, target: string): Promise<number> {
  const { rows } = await client.query<{ history_run_id: string }>('SELECT history_run_id FROM export_watermarks WHERE target = $1', [target]);
  return rows.length ? Number(rows[0].history_run_id) : 0;
}

export async function moveHistoryWatermark(client: pg.ClientBase, target: string, runId: number, manifest: string): Promise<void> {
  await client.query(
    `INSERT INTO export_watermarks (target, history_run_id, manifest) VALUES ($1, $2, $3)
     ON CONFLICT (target) DO UPDATE SET history_run_id = GREATEST(export_watermarks.history_run_id, EXCLUDED.history_run_id),
       manifest = EXCLUDED.manifest, updated_at = now()`,
    [target, runId, manifest],
  );
}
