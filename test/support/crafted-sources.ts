// Hand-crafted users in real source databases, with the exact KPI values SPEC §3 gives them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { SQL_DIR } from '../../src/paths.js';

export const REFERENCE_TIME = new Date('2026-06-10T12:00:00.000Z');
export const U1 = '11111111-1111-4111-8111-111111111111';
export const U2 = '22222222-2222-4222-8222-222222222222';
export const U3_ADMIN = '33333333-3333-4333-8333-333333333333';
export const U4_INACTIVE = '44444444-4444-4444-8444-444444444444';
export const U5_NO_PROFILE = '55555555-5555-4555-8555-555555555555';
export const U6_PROFILE_INACTIVE = '66666666-6666-4666-8666-666666666666';
export const U7 = '77777777-7777-4777-8777-777777777777';

/** The scorable texts of each population user (what the negativity index averages). */
export const TEXTS = {
  u1: ['Me siento muy triste y sola, nadie me entiende', 'odio todo, estoy cansada de llorar', 'hola qué tal', 'tengo mucho miedo y ansiedad'],
  u2: ['¡Qué día tan genial! Gracias amigos 😊'],
  u7: [] as string[],
};

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function applySourceSchemaFiles(urls: { auth: string; social: string; messaging: string }): Promise<void> {
  for (const db of ['auth', 'social', 'messaging'] as const) {
    await withClient(urls[db], (c) => c.query(readFileSync(join(SQL_DIR, 'source', `${db}.sql`), 'utf8')));
  }
}

/** Lima is UTC-5 all year: local 02:00 = 07:00 UTC, local 15:00 = 20:00 UTC. */
export async function insertCraftedUsers(urls: { auth: string; social: string; messaging: string }): Promise<void> {
  await applySourceSchemaFiles(urls);
  await withClient(urls.auth, (c) =>
    c.query(
      `INSERT INTO users (user_id, email, id_role, is_active) VALUES
       ($1, 'a@example.test', 2, true), ($2, 'b@example.test', 2, true), ($3, 'c@example.test', 1, true),
       ($4, 'd@example.test', 2, false), ($5, 'e@example.test', 2, true), ($6, 'f@example.test', 2, true),
       ($7, 'g@example.test', 2, true)`,
      [U1, U2, U3_ADMIN, U4_INACTIVE, U5_NO_PROFILE, U6_PROFILE_INACTIVE, U7],
    ),
  );
  await withClient(urls.social, async (c) => {
    await c.query(
      `INSERT INTO user_profiles (id, user_id, followers_count, following_count, bio, is_active) VALUES
       (1, $1, 0, 10, NULL, true), (2, $2, 10, 5, 'hola', true), (3, $3, 1, 1, 'admin', true),
       (4, $4, 1, 1, 'x', true), (6, $5, 1, 1, 'x', false), (7, $6, 4, 4, '   ', true)`,
      [U1, U2, U3_ADMIN, U4_INACTIVE, U6_PROFILE_INACTIVE, U7],
    );
    await c.query(`INSERT INTO complete_profiles (user_id, interests) VALUES (2, '{Gaming,musica}'), (7, '{arte}')`);
    await c.query(`INSERT INTO communities (id, name, category) VALUES (1, 'Ayuda', 'Voluntariado'), (2, 'Pinta', 'Arte'), (3, 'Dibujo', 'arte')`);
    await c.query(`INSERT INTO community_members (user_id, community_id) VALUES (1, 1), (1, 2), (1, 3), (7, 1)`);
    await c.query(
      `INSERT INTO posts (id, user_id, content, is_active, created_at, updated_at) VALUES
       (1, $1, $2, true, '2026-06-01T10:00:00Z', '2026-06-01T10:00:00Z'),
       (2, $1, 'publicación borrada muy triste', false, '2026-06-01T10:00:00Z', '2026-06-01T10:00:00Z'),
       (3, $3, $4, true, '2026-06-02T10:00:00Z', '2026-06-02T10:00:00Z'),
       (4, $5, 'post de un admin triste', true, '2026-06-02T10:00:00Z', '2026-06-02T10:00:00Z')`,
      [U1, TEXTS.u1[0], U2, TEXTS.u2[0], U3_ADMIN],
    );
    await c.query(
      `INSERT INTO comments (id, post_id, user_id, content, is_active, created_at, updated_at) VALUES
       (1, 3, $1, $2, true, '2026-06-03T10:00:00Z', '2026-06-03T10:00:00Z'),
       (2, 3, $1, '  ', true, '2026-06-03T10:00:00Z', '2026-06-03T10:00:00Z'),
       (3, 3, $1, 'ok', true, '2026-06-03T10:00:00Z', '2026-06-03T10:00:00Z'),
       (4, 3, $1, NULL, true, '2026-06-03T10:00:00Z', '2026-06-03T10:00:00Z')`,
      [U1, TEXTS.u1[1]],
    );
    await bumpSequences(c, ['user_profiles', 'communities', 'posts', 'comments']);
  });
  await withClient(urls.messaging, async (c) => {
    await c.query(
      `INSERT INTO users (id, profile_id, last_seen_at) VALUES (101, 1, $1), (107, 7, NULL), (199, 999, now())`,
      [new Date(REFERENCE_TIME.getTime() - 2 * 86400_000)],
    );
    await c.query(`INSERT INTO conversations (id) VALUES (1)`);
    await c.query(
      `INSERT INTO messages (id, conversation_id, sender_profile_id, content, is_deleted, created_at, updated_at) VALUES
       (1, 1, 101, $1, false, '2026-06-05T07:00:00Z', '2026-06-05T07:00:00Z'),
       (2, 1, 101, $2, false, '2026-06-05T07:30:00Z', '2026-06-05T07:30:00Z'),
       (3, 1, 101, 'xd', false, '2026-06-05T20:00:00Z', '2026-06-05T20:00:00Z'),
       (4, 1, 101, NULL, false, '2026-06-05T21:00:00Z', '2026-06-05T21:00:00Z'),
       (5, 1, 101, 'mensaje borrado de noche, triste', true, '2026-06-05T08:00:00Z', '2026-06-05T08:00:00Z'),
       (6, 1, 199, 'mensaje de un usuario huérfano', false, '2026-06-05T08:00:00Z', '2026-06-05T08:00:00Z')`,
      [TEXTS.u1[2], TEXTS.u1[3]],
    );
    await bumpSequences(c, ['users', 'conversations', 'messages']);
  });
}

/** Rows above were inserted with explicit ids: move the sequences past them. */
async function bumpSequences(c: pg.Client, tables: string[]): Promise<void> {
  for (const t of tables) await c.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), 1000)`, [t]);
}
