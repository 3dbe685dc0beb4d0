// How many texts a run is about to read, estimated from the sources' statistics, so progress bars can show
// percent and ETA. Catalog and EXPLAIN only (no table is read); never exact, and never in the way: a failed or
// slow estimate leaves the bar a running count, and a bar whose count passes its estimate grows with it.
import { escapeLiteral } from 'pg';
import type { SourcePools } from '../db/connections.js';
import { TEXT_DATASETS, type DatasetDef } from '../model/datasets.js';
import { formatMicros } from './micros.js';
import { WHOLE, type Shard, type Watermark, type Watermarks } from './watermarks.js';

/**
 * Estimated texts of one text dataset: the planner's row count of its table (a full run), or of the rows
 * changed since the watermark (a re-run, through the updated_at index's statistics), divided among shards.
 * Undefined when the statistics cannot be read (no ANALYZE yet, a failed query).
 */
export async function estimateTextDataset(sources: SourcePools, def: DatasetDef, previous: Watermark | undefined, shard: Shard = WHOLE): Promise<number | undefined> {
  const table = def.table!;
  try {
    const where = previous ? ` WHERE updated_at >= ${escapeLiteral(formatMicros(previous.lastUs))}::timestamptz` : '';
    const { rows } = await sources[def.source].query(`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${table}${where}`);
    const plan = (rows[0]['QUERY PLAN'] as { Plan: { 'Plan Rows': number } }[])[0].Plan;
    const estimate = Math.round(plan['Plan Rows'] / shard.count);
    // An unanalysed empty-looking table is estimated at a handful of rows: no better than no estimate.
    return estimate > 1 ? estimate : undefined;
  } catch {
    return undefined;
  }
}

/** The sum of every text dataset's estimate, or undefined if any of them is unknown. */
export async function estimateChangedTexts(sources: SourcePools, previous: Watermarks, shard: Shard = WHOLE): Promise<number | undefined> {
  const parts = await Promise.all(TEXT_DATASETS.map((def) => estimateTextDataset(sources, def, previous[def.textSource!], shard)));
  return parts.some((p) => p === undefined) ? undefined : parts.reduce<number>((s, p) => s + p!, 0);
}
