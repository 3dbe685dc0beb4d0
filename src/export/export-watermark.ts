// The history watermark of one target (migration 014): read inside the export's snapshot, moved (never back)
// only after the manifest is written.
import type pg from 'pg';
import { analyticsSql } from '../db/sql-file.js';

export async function readHistoryWatermark(client: pg.ClientBase, target: string): Promise<number> {
  const { rows } = await client.query<{ history_run_id: string }>('SELECT history_run_id FROM export_watermarks WHERE target = $1', [target]);
  return rows.length ? Number(rows[0].history_run_id) : 0;
}

export async function moveHistoryWatermark(client: pg.ClientBase, target: string, runId: number, manifest: string): Promise<void> {
  await client.query(analyticsSql('move-export-watermark'), [target, runId, manifest]);
}
