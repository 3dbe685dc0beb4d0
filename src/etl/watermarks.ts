// Incremental text extraction positions: inclusive lower bound on updated_at, de-duplicated by key.
import type pg from 'pg';
import { formatMicros } from './micros.js';
import type { TextSource } from '../model/datasets.js';
import { analyticsSql } from '../db/sql-file.js';

/** Largest updated_at actually read (epoch microseconds) and the keys read at exactly that instant. */
export interface Watermark {
  lastUs: number;
  keys: number[];
}
export type Watermarks = Partial<Record<TextSource, Watermark>>;

/**
 * Tracks one text source during a run: `accept` drops rows already read at exactly the previous
 * watermark (inclusive bound, de-duplicated by key) and records the largest cursor value seen.
 * The new watermark is only written when the whole run commits.
 */
export class WatermarkTracker {
  private maxUs: number;
  private keysAtMax: number[];
  private readonly seenKeys: Set<number>;
  private readonly previousUs: number | undefined;

  constructor(previous: Watermark | undefined) {
    this.previousUs = previous?.lastUs;
    this.seenKeys = new Set(previous?.keys ?? []);
    this.maxUs = previous?.lastUs ?? -Infinity;
    this.keysAtMax = previous ? [...previous.keys] : [];
  }

  /** False when the row was already read by an earlier run. */
  accept(id: number, updatedUs: number): boolean {
    if (this.previousUs !== undefined && updatedUs === this.previousUs && this.seenKeys.has(id)) return false;
    if (updatedUs > this.maxUs) {
      this.maxUs = updatedUs;
      this.keysAtMax = [id];
    } else if (updatedUs === this.maxUs) {
      this.keysAtMax.push(id);
    }
    return true;
  }

  /** The watermark to store if the run succeeds; undefined when nothing was ever read. */
  next(): Watermark | undefined {
    return Number.isFinite(this.maxUs) ? { lastUs: this.maxUs, keys: this.keysAtMax } : undefined;
  }
}

/** Which share of the texts a run scores: texts whose id mod count = index. */
export interface Shard {
  index: number;
  count: number;
}
export const WHOLE: Shard = Object.freeze({ index: 0, count: 1 });

/** Watermark row name: the source alone, or `post@2/4` for shard 2 of 4 (each shard reads its own share). */
export function watermarkKey(source: TextSource, shard: Shard): string {
  return shard.count === 1 ? source : `${source}@${shard.index}/${shard.count}`;
}

/** The watermarks of one NLP model and shard (a new model starts from nothing, so every text is re-scored). */
export async function readWatermarks(client: pg.ClientBase, model: string, shard: Shard = WHOLE): Promise<Watermarks> {
  const { rows } = await client.query<{ source: string; last_us: string; last_keys: string[] }>(
    `SELECT source, (extract(epoch FROM last_value) * 1000000)::bigint AS last_us, last_keys FROM etl_watermarks WHERE model = $1`,
    [model],
  );
  const out: Watermarks = {};
  for (const source of ['post', 'comment', 'message'] as const) {
    const r = rows.find((x) => x.source === watermarkKey(source, shard));
    if (r) out[source] = { lastUs: Number(r.last_us), keys: r.last_keys.map(Number) };
  }
  return out;
}

/** runId is null for a watch batch (no etl run moved them). */
export async function writeWatermarks(client: pg.ClientBase, marks: Watermarks, runId: number | null, model: string, shard: Shard = WHOLE): Promise<void> {
  for (const [source, wm] of Object.entries(marks)) {
    if (!wm) continue;
    await client.query(
      analyticsSql('save-text-watermark'),
      [watermarkKey(source as TextSource, shard), formatMicros(wm.lastUs), wm.keys, runId, model],
    );
  }
}
