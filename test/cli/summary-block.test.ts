// Summary blocks: grouped stage times, the fixed layout, the context's filling of time and place.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatSeconds, formatSummaries, formatSummary, groupSeconds } from '../../src/cli/summary-block.js';

describe('summary blocks', () => {
  test('stage seconds grouped as read, score, write (prefixes ignored, missing groups left out)', () => {
    const etl = { extract_users: 0.5, transform: 0.1, score_texts: 0.6, load_scores: 0.05, load_score_index: 0.02, load_counts: 0.01, load_stage_vectors: 0.04, load: 0.1, total: 1.1 };
    const groups = groupSeconds(etl).map(([g, s]) => [g, Math.round(s * 1000) / 1000]);
    assert.deepEqual(groups, [['read', 0.5], ['score', 0.7], ['write', 0.18]]);
    assert.deepEqual(groupSeconds({ 'cluster.read': 1, 'cluster.ensemble': 2, 'cluster.write': 3, seed: 4 }), [['setup', 4], ['read', 1], ['score', 2], ['write', 3]]);
    assert.deepEqual(groupSeconds({ total: 3 }), []);
  });

  test('layout: a title line, then aligned labelled lines, next steps last', () => {
    const text = formatSummary({
      title: 'load run 3',
      seconds: 2.345,
      read: 'the transform files in out/transform',
      wrote: '10 feature vectors',
      stages: [['write', 1.2]],
      where: 'analytics database a on h:5432',
      next: ['aura-miner cluster', 'aura-miner serve'],
    });
    assert.equal(
      text,
      [
        'load run 3: done in 2.3 s',
        '  read   the transform files in out/transform',
        '  wrote  10 feature vectors',
        '  time   write 1.2 s',
        '  where  analytics database a on h:5432',
        '  next   aura-miner cluster',
        '         aura-miner serve',
      ].join('\n'),
    );
    assert.equal(formatSummaries([{ title: 'a' }, { title: 'b' }]), 'a: done\nb: done');
  });

  test('seconds read as people read them', () => {
    assert.equal(formatSeconds(0.04), '0.0 s');
    assert.equal(formatSeconds(9.96), '10.0 s');
    assert.equal(formatSeconds(42.4), '42 s');
    assert.equal(formatSeconds(125), '2 min 05 s');
  });
});
