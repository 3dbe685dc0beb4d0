// etl --nlp transformer end to end on the project's tiny model; scores are stored per model.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveConfig } from '../../src/config.js';
import { migrate } from '../../src/db/migrate.js';
import { runEtl } from '../../src/etl/pipeline.js';
import { createLogger } from '../../src/log.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { silentProgress } from '../../src/progress.js';
import { createTestDatabases, stopTestServer, type TestDatabases } from '../support/databases.js';
import { insertCraftedUsers, REFERENCE_TIME, U1, U2, withClient } from '../support/crafted-sources.js';
import { dbEnv, runCli } from '../support/run-cli.js';

const logger = createLogger({ level: 'silent' });
const TINY = join(PACKAGE_ROOT, 'models', 'tiny-sentiment-es');
let dbs: TestDatabases;

const etlWith = (env: Record<string, string>) => {
  const config = resolveConfig({ env: { ...dbEnv(dbs), ...env }, cwd: '/' });
  return runEtl({ config, urls: config.databases!, logger, progress: silentProgress }, { referenceTime: REFERENCE_TIME });
};
const negativity = async () =>
  withClient(dbs.analytics, async (c) => Object.fromEntries((await c.query('SELECT user_id_raiz, sentiment_negativity_index AS n FROM user_feature_vector')).rows.map((r) => [r.user_id_raiz, r.n as number])));

describe('transformer backend in the pipeline', () => {
  before(async () => {
    dbs = await createTestDatabases();
    await insertCraftedUsers(dbs);
    await migrate(dbs.analytics, logger);
  });
  after(async () => {
    await dbs.drop();
    await stopTestServer();
  });

  test('lexicon run, then the tiny transformer re-scores every text once; both rank the sad user above the happy one', async () => {
    const lexicon = await etlWith({});
    assert.ok(lexicon.texts.scored > 0);
    const lex = await negativity();
    assert.equal((await etlWith({})).texts.scored, 0, 're-running the same model scores nothing');

    const cli = await runCli(['etl', '--nlp', 'transformer', '--json', '--reference-time', REFERENCE_TIME.toISOString()], { ...dbEnv(dbs), NLP_MODEL_PATH: TINY });
    assert.equal(cli.code, 0, cli.stderr);
    const first = JSON.parse(cli.stdout);
    assert.match(first.nlpModel, /^local:tiny-sentiment-es@[0-9a-f]{12}$/);
    assert.equal(first.texts.scored, lexicon.texts.scored, 'a new model scores every text again');
    const tr = await negativity();
    assert.ok(tr[U1] > tr[U2], 'the transformer ranks the sad user above the happy one');
    assert.equal(Math.sign(tr[U1] - 0.5), Math.sign(lex[U1] - 0.5), 'and agrees in sign with the lexicon');
    assert.equal(Math.sign(tr[U2] - 0.5), Math.sign(lex[U2] - 0.5));

    const again = await etlWith({ NLP_BACKEND: 'transformer', NLP_MODEL_PATH: TINY });
    assert.equal(again.texts.scored, 0, 're-running the transformer scores nothing');
    const stored = await withClient(dbs.analytics, (c) => c.query('SELECT m.name, count(*)::int AS n FROM text_sentiment_scores s JOIN nlp_models m USING (model_id) GROUP BY 1 ORDER BY 1'));
    assert.equal(stored.rows.length, 2, 'scores are kept per model');
    assert.equal(stored.rows[0].n, stored.rows[1].n);
  });

  test('a model folder with missing files is exit 2 naming them', async () => {
    const r = await runCli(['etl', '--nlp', 'transformer'], { ...dbEnv(dbs), NLP_MODEL_PATH: join(PACKAGE_ROOT, 'models') });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /config\.json/);
  });
});
