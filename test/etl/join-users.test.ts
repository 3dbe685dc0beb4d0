// joinUsers against arquero's join (the package it replaced, kept as the reference): the same joined rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as aq from 'arquero';
import type { Columns } from '../../src/model/datasets.js';
import { joinUsers } from '../../src/etl/join-users.js';
import { createSeededRandom } from '../../src/cluster/seeded-random.js';

/** Users missing in either side, duplicate keys on both sides, NULL messaging profile ids. */
function datasets(seed: number): { population: string[]; profiles: Columns; messaging: Columns } {
  const r = createSeededRandom(seed);
  const user = (i: number) => `u${i}`;
  const population = Array.from({ length: 300 }, (_, i) => user(i));
  const profiles: Columns = { user_id: [], profile_id: [], followers_count: [] };
  for (let i = 0; i < 320; i++) {
    profiles.user_id.push(user(Math.floor(r() * 360)));
    profiles.profile_id.push(1000 + i);
    profiles.followers_count.push(Math.floor(r() * 50));
  }
  const messaging: Columns = { profile_id: [], messages_count: [] };
  for (let i = 0; i < 340; i++) {
    messaging.profile_id.push(r() < 0.05 ? null : 1000 + Math.floor(r() * 380));
    messaging.messages_count.push(i);
  }
  return { population, profiles, messaging };
}

const rowsOf = (cols: ArrayLike<unknown>[], n: number) =>
  Array.from({ length: n }, (_, i) => JSON.stringify(cols.map((c) => c[i] ?? null))).sort();

for (const seed of [1, 2, 3]) {
  test(`the joined rows equal arquero's join and left join (seed ${seed})`, () => {
    const { population, profiles, messaging } = datasets(seed);
    const ours = joinUsers(population, profiles, messaging);
    const names = ['user_id', 'profile_id', 'followers_count', 'messages_count'];
    const reference = aq.table({ user_id: population }).join(aq.table(profiles), 'user_id').join_left(aq.table(messaging), 'profile_id');
    assert.ok(ours.rows > 250, 'most users join');
    assert.equal(ours.rows, reference.numRows());
    assert.deepEqual(
      rowsOf(names.map((c) => ours.column(c)), ours.rows),
      rowsOf(names.map((c) => reference.array(c) as ArrayLike<unknown>), reference.numRows()),
    );
  });
}

test('a user with no messaging row gets undefined messaging columns; a user with no profile is left out', () => {
  const j = joinUsers(['a', 'b'], { user_id: ['a'], profile_id: [1] }, { profile_id: [2], messages_count: [5] });
  assert.equal(j.rows, 1);
  assert.deepEqual(Array.from(j.column('user_id')), ['a']);
  assert.deepEqual(Array.from(j.column('messages_count')), [undefined]);
  assert.throws(() => j.column('nope'), /no column nope/);
});
