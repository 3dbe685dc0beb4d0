// etl stores scores and message counts while its transform still runs; when the run fails meanwhile and the load
// transaction rolls back, a step still in flight must not go on outside it (in autocommit).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { migrate } from '../../src/db/migrate.js';
import { TransactionEndedError } from '../../src/db/transaction-guard.js';
import { beginLoad } from '../../src/etl/load.js';
import { createLogger } from '../../src/log.js';
import { createTestDatabases, stopTestServer, type TestDatabases } from '../support/databases.js';

let dbs: TestDatabases;

const counts = {
  mode: 'full' as const,
  changed: { ids: [7], messages: [3], night: [1] },
  next: { timezone: 'America/Lima', countedThroughId: 99, countedSinceUs: 1_700_000_000_000_000 },
};

async function tableCounts(c: pg.Client) {
  const { rows } = await c.query(`SELECT
      (SELECT count(*)::int FROM text_sentiment_scores) AS scores,
      (SELECT count(*)::int FROM user_text_negativity) AS sums,
      (SELECT count(*)::int FROM message_counts) AS counts,
      (SELECT count(*)::int FROM message_count_state) AS state`);
  return rows[0];
}

describe('a load session after its transaction ended', () => {
  before(async () => {
    dbs = await createTestDatabases();
    await migrate(dbs.analytics, createLogger({ level: 'silent' }));
  });
  after(async () => {
    await dbs.drop();
    await stopTestServer();
  });

  test('steps started before an abort stop at it; steps after it are refused; nothing is written', async () => {
    const c = new pg.Client({ connectionString: dbs.analytics });
    await c.connect();
    try {
      const before = await tableCounts(c);
      const session = await beginLoad(c, 'abort-test');
      const staged = await session.copyScores(['1,10,54acea80-8ea2-4b54-846f-73fe2ef53f50,0.75,2026-01-01T00:00:00Z,f\n'], { format: 'csv', header: false });
      assert.equal(staged, 1);
      // The score store issues its first statement now; the abort lands behind it.
      const storing = assert.rejects(session.storeScores(undefined, {}), (err: Error) => err.cause instanceof TransactionEndedError);
      await session.abort();
      await storing;
      await assert.rejects(session.storeMessageCounts(counts, 1, {}), (err: Error) => err.cause instanceof TransactionEndedError);
      assert.deepEqual(await tableCounts(c), before);
      // The connection is usable, and outside any transaction.
      assert.equal((await c.query(`SELECT pg_current_xact_id_if_assigned() IS NULL AS idle`)).rows[0].idle, true);
    } finally {
      await c.end();
    }
  });
});
