// The texts a run is about to read, estimated from the sources' statistics for the progress bars' percent and ETA.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSourcePools, endPools, type SourcePools } from '../../src/db/connections.js';
import { seedDatabases } from '../../src/demo/seed-databases.js';
import { estimateChangedTexts } from '../../src/etl/text-estimates.js';
import { parseMicros } from '../../src/etl/micros.js';
import type { Watermarks } from '../../src/etl/watermarks.js';
import { createTestDatabases, stopTestServer, type TestDatabases } from '../support/databases.js';
import { withClient } from '../support/crafted-sources.js';

const REFERENCE = new Date('2026-06-01T12:00:00Z');
let dbs: TestDatabases;
let sources: SourcePools;

const count = (url: string, sql: string) => withClient(url, async (c) => Number((await c.query(sql)).rows[0].n));

describe('text estimates', () => {
  before(async () => {
    dbs = await createTestDatabases();
    await seedDatabases(dbs, { users: 800, seed: 3, referenceTime: REFERENCE });
    sources = createSourcePools(dbs, 2);
  });
  after(async () => {
    await endPools(sources);
    await dbs.drop();
    await stopTestServer();
  });

  test('a full run: close to the texts in the three tables, split among shards', async () => {
    const texts =
      (await count(dbs.social, 'SELECT count(*) AS n FROM posts')) +
      (await count(dbs.social, 'SELECT count(*) AS n FROM comments')) +
      (await count(dbs.messaging, 'SELECT count(*) AS n FROM messages'));
    const whole = await estimateChangedTexts(sources, {});
    assert.ok(whole !== undefined && Math.abs(whole / texts - 1) < 0.1, `estimate ${whole} for ${texts} texts`);
    const third = await estimateChangedTexts(sources, {}, { index: 1, count: 3 });
    assert.ok(third !== undefined && Math.abs(third / (texts / 3) - 1) < 0.1, `estimate ${third} for a third of ${texts}`);
  });

  test('a re-run: only the texts changed since the watermarks', async () => {
    const latest = async (url: string, table: string) =>
      withClient(url, async (c) => (await c.query(`SELECT to_char(max(updated_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t FROM ${table}`)).rows[0].t as string);
    const mark = async (url: string, table: string) => ({ lastUs: parseMicros(await latest(url, table)), keys: [] });
    const previous: Watermarks = { post: await mark(dbs.social, 'posts'), comment: await mark(dbs.social, 'comments'), message: await mark(dbs.messaging, 'messages') };
    const full = (await estimateChangedTexts(sources, {}))!;
    const rerun = await estimateChangedTexts(sources, previous);
    // Nothing newer than the watermarks: the planner's few-rows guess is no estimate, or a tiny one.
    assert.ok(rerun === undefined || rerun < full / 20, `re-run estimate ${rerun} against ${full} for a full run`);
  });
});
