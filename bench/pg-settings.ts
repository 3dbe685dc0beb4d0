// A/B of PostgreSQL session settings on the etl's own database work, back to back in one run: each source query
// of a full run streamed to nowhere (as etl reads it) and the scores' store (binary COPY into a new table, then its
// primary key, rolled back), alternating the variants round by round, with the server's CPU seconds (which a
// loaded machine inflates far less than wall seconds) and the 1-minute load of every round.
// Usage: node dist/bench/pg-settings.js URL DATA_DIR [rounds=5] [--a 'name=value,...'] [--b 'name=value,...'] [--only name,...]
// URL: postgres://user:pw@host:port/ of a server holding the etl benchmark's databases (bench/etl.ts, after a run);
// DATA_DIR: its data directory. Default A: the server's own defaults; B: what aura-miner sets per session.
// Writes bench/results/pg-settings-<tag>.json (AURA_BENCH_SERVER_TAG, default "server").
import { loadavg } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { SESSION_SETTINGS } from '../src/db/connections.js';
import { applySettings, copyOutRaw } from '../src/db/copy.js';
import { DATASETS, USER_DATASETS } from '../src/model/datasets.js';
import { datasetSql, textDatasetSettings, userDatasetSettings } from '../src/etl/extract.js';
import { measured, type CpuSeconds } from './cpu-seconds.js';
import { describeServer } from './text-heavy.js';
import { writeResult } from './results-file.js';

const args = process.argv.slice(2);
const [baseUrl, dataDir] = args;
if (!baseUrl || !dataDir) {
  console.error('usage: pg-settings.js URL DATA_DIR [rounds] [--a k=v,...] [--b k=v,...]');
  process.exit(2);
}
const rounds = Number(args[2] && !args[2].startsWith('--') ? args[2] : 5);
const variant = (flag: string, fallback: Record<string, string>) => {
  const i = args.indexOf(flag);
  return i < 0 ? fallback : Object.fromEntries(args[i + 1].split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
};
const variants = { A: variant('--a', {}), B: variant('--b', SESSION_SETTINGS) };
const DB = { auth: 'aura_auth', social: 'aura_social', messaging: 'aura_messaging', analytics: 'aura_data_miner' } as const;
const url = (db: string) => Object.assign(new URL(baseUrl), { pathname: '/' + db }).toString();

interface Job {
  name: string;
  run(settings: Record<string, string>): Promise<void>;
}

/** One query streamed to nowhere on its own connection, with the session settings and the query's aura.* settings. */
const copyJob = (name: string, db: string, sql: string, aura: Record<string, string>, format: 'csv' | 'binary'): Job => ({
  name,
  async run(settings) {
    const c = new pg.Client({ connectionString: url(db) });
    await c.connect();
    try {
      for (const [k, v] of Object.entries(settings)) await c.query('SELECT set_config($1, $2, false)', [k, v]);
      await applySettings(c, aura);
      for await (const chunk of copyOutRaw(c, sql, format)) void chunk;
    } finally {
      await c.end();
    }
  },
});

const storeJob = async (): Promise<Job> => {
  const c = new pg.Client({ connectionString: url(DB.analytics) });
  await c.connect();
  const chunks: Buffer[] = [];
  for await (const chunk of copyOutRaw(c, 'SELECT * FROM text_sentiment_scores', 'binary')) chunks.push(chunk as Buffer);
  await c.end();
  return {
    name: 'store scores (COPY + primary key)',
    async run(settings) {
      const w = new pg.Client({ connectionString: url(DB.analytics) });
      await w.connect();
      try {
        for (const [k, v] of Object.entries(settings)) await w.query('SELECT set_config($1, $2, false)', [k, v]);
        await w.query('BEGIN');
        await w.query('CREATE TABLE bench_ab_store (LIKE text_sentiment_scores INCLUDING DEFAULTS INCLUDING CONSTRAINTS)');
        await pipeline(Readable.from(chunks), w.query(copyFrom('COPY bench_ab_store FROM STDIN WITH (FORMAT binary)')));
        await w.query('ALTER TABLE bench_ab_store ADD PRIMARY KEY (text_id, source_id, model_id)');
        await w.query('ROLLBACK');
      } finally {
        await w.end();
      }
    },
  };
};

const user = userDatasetSettings({ timezone: 'America/Lima' });
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : undefined;
const jobs: Job[] = [
  ...USER_DATASETS.map((d) => copyJob(d.name, DB[d.source], datasetSql(d), user, 'binary')),
  ...DATASETS.filter((d) => d.kind === 'texts').map((d) => copyJob(d.name, DB[d.source], datasetSql(d), textDatasetSettings(undefined), 'binary')),
  ...(!only || only.includes('store') ? [await storeJob()] : []),
].filter((j) => !only || only.some((o) => j.name.startsWith(o)));

type Sample = { seconds: number; cpu: CpuSeconds; load1: number };
const samples: Record<string, Record<string, Sample[]>> = {};
for (let r = 0; r < rounds; r++) {
  // Alternate which variant goes first, so a drift in load does not favour one.
  const order = r % 2 ? (['B', 'A'] as const) : (['A', 'B'] as const);
  for (const job of jobs) {
    for (const v of order) {
      const m = await measured(dataDir, () => job.run(variants[v]));
      ((samples[job.name] ??= {})[v] ??= []).push({ seconds: m.seconds, cpu: m.cpuSeconds, load1: loadavg()[0] });
    }
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const r2 = (x: number) => Math.round(x * 100) / 100;
const summary = Object.fromEntries(
  Object.entries(samples).map(([name, byVariant]) => [
    name,
    Object.fromEntries(
      Object.entries(byVariant).map(([v, s]) => [v, { medianSeconds: r2(median(s.map((x) => x.seconds))), medianPostgresCpu: r2(median(s.map((x) => x.cpu.postgres))), samples: s }]),
    ),
  ]),
);
const report = { server: await describeServer(url(DB.social)), variants, rounds, summary, loadAverage: loadavg(), date: new Date().toISOString() };
writeResult(`pg-settings-${process.env.AURA_BENCH_SERVER_TAG ?? 'server'}.json`, report);
console.log(`\nPostgreSQL ${report.server.server_version}, A = ${JSON.stringify(variants.A)}, B = ${JSON.stringify(variants.B)}, ${rounds} rounds, medians`);
console.log('| query | A s | B s | A CPU s PostgreSQL | B CPU s PostgreSQL | load during |');
console.log('|---|---|---|---|---|---|');
let tot = { a: 0, b: 0, ac: 0, bc: 0 };
for (const [name, s] of Object.entries(summary)) {
  const loads = [...s.A.samples, ...s.B.samples].map((x) => x.load1);
  console.log(`| ${name} | ${s.A.medianSeconds} | ${s.B.medianSeconds} | ${s.A.medianPostgresCpu} | ${s.B.medianPostgresCpu} | ${r2(Math.min(...loads))}-${r2(Math.max(...loads))} |`);
  tot = { a: tot.a + s.A.medianSeconds, b: tot.b + s.B.medianSeconds, ac: tot.ac + s.A.medianPostgresCpu, bc: tot.bc + s.B.medianPostgresCpu };
}
console.log(`| sum | ${r2(tot.a)} | ${r2(tot.b)} | ${r2(tot.ac)} | ${r2(tot.bc)} | |`);
