// The etl benchmark's second data shape and what it records about the data and the server.
// Text-heavy: the seed generator's data, then more texts per user (copies of a fifth of each table's texts, by
// the same authors, at the same times) and longer texts (every third text carries the next one's content after
// its own): about 1.2x the texts and 1.6x the text bytes, with a longer tail of long texts. Same users and KPIs
// shape, so the two runs differ in the texts only.
import pg from 'pg';

const TABLES = [
  { db: 'social', table: 'posts', cols: 'user_id, content, is_active, created_at, updated_at' },
  { db: 'social', table: 'comments', cols: 'post_id, user_id, content, is_active, created_at, updated_at' },
  { db: 'messaging', table: 'messages', cols: 'conversation_id, sender_profile_id, content, is_deleted, created_at, updated_at' },
] as const;

type Urls = { social: string; messaging: string };

async function withClient<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

export async function makeTextHeavy(urls: Urls): Promise<void> {
  for (const t of TABLES) {
    await withClient(urls[t.db], async (c) => {
      await c.query(`INSERT INTO ${t.table} (${t.cols}) SELECT ${t.cols} FROM ${t.table} TABLESAMPLE BERNOULLI (20) REPEATABLE (2)`);
      await c.query(`UPDATE ${t.table} p SET content = p.content || ' ' || o.content FROM ${t.table} o WHERE o.id = p.id + 1 AND p.id % 3 = 0`);
      await c.query(`VACUUM (FULL, ANALYZE) ${t.table}`);
    });
  }
}

/** Count and size of the texts a full run reads. */
export async function textShape(urls: Urls): Promise<{ texts: number; megabytes: number; meanBytes: number; p99Chars: number }> {
  let texts = 0;
  let bytes = 0;
  let p99 = 0;
  for (const t of TABLES) {
    const live = t.table === 'messages' ? 'NOT is_deleted' : 'is_active';
    const r = await withClient(urls[t.db], (c) =>
      c.query<{ n: string; b: string; p99: number }>(
        `SELECT count(*) AS n, coalesce(sum(octet_length(content)), 0) AS b, percentile_disc(0.99) WITHIN GROUP (ORDER BY length(content)) AS p99 FROM ${t.table} WHERE ${live}`,
      ),
    );
    texts += Number(r.rows[0].n);
    bytes += Number(r.rows[0].b);
    p99 = Math.max(p99, r.rows[0].p99 ?? 0);
  }
  return { texts, megabytes: Math.round(bytes / 1e4) / 100, meanBytes: Math.round((bytes / Math.max(1, texts)) * 10) / 10, p99Chars: p99 };
}

/** The server's version and the settings the etl's plans depend on, as a new session sees them. */
export async function describeServer(url: string): Promise<Record<string, string>> {
  return withClient(url, async (c) => {
    const names = ['server_version', 'jit', 'max_parallel_workers_per_gather', 'max_parallel_workers', 'shared_buffers', 'work_mem', 'hash_mem_multiplier', 'maintenance_work_mem', 'random_page_cost', 'effective_io_concurrency', 'wal_level', 'synchronous_commit'];
    const { rows } = await c.query<{ name: string; setting: string }>(`SELECT name, current_setting(name) AS setting FROM unnest($1::text[]) AS name`, [names]);
    const jitAvailable = (await c.query<{ ok: boolean }>(`SELECT pg_jit_available() AS ok`)).rows[0].ok;
    return { ...Object.fromEntries(rows.map((r) => [r.name, r.setting])), jit_available: String(jitAvailable) };
  });
}
