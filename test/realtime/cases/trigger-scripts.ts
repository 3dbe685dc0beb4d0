// The trigger scripts on fresh source databases: idempotent install, small payloads without text, clean uninstall.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import { parseChangePayload } from '../../../src/realtime/change-event.js';
import { applyNotifyTriggers } from '../../../src/realtime/install-triggers.js';
import { applySourceSchemaFiles, withClient } from '../../support/crafted-sources.js';
import { logger, waitUntil, type WatchEnv } from '../watch-fixture.js';

export function describeTriggerScripts(getEnv: () => WatchEnv): void {
  describe('trigger scripts', () => {
    test('idempotent install, one small payload per row change (never the text), clean uninstall', async () => {
      const { server } = getEnv();
      const names = { auth: 't_auth', social: 't_social', messaging: 't_messaging' };
      await withClient(server.url('postgres'), async (c) => {
        for (const n of Object.values(names)) await c.query(`CREATE DATABASE ${n}`);
      });
      const src = { auth: server.url(names.auth), social: server.url(names.social), messaging: server.url(names.messaging) };
      await applySourceSchemaFiles(src);
      await applyNotifyTriggers(src, 'install', logger);
      const report = await applyNotifyTriggers(src, 'install', logger);
      assert.deepEqual(Object.fromEntries(report.map((r) => [r.source, r.tables])), {
        auth: ['users'],
        social: ['comments', 'community_members', 'complete_profiles', 'posts', 'user_profiles'],
        messaging: ['messages', 'users'],
      });

      const listener = new pg.Client({ connectionString: src.messaging });
      await listener.connect();
      const payloads: string[] = [];
      listener.on('notification', (n) => payloads.push(n.payload ?? ''));
      await listener.query('LISTEN aura_changes');
      const secret = 'texto secreto '.repeat(600); // 8,400 characters: a NOTIFY carrying it would fail
      await withClient(src.messaging, async (c) => {
        await c.query(`INSERT INTO users (id, profile_id) VALUES (7, 70), (8, 80)`);
        await c.query(`INSERT INTO conversations (id) VALUES (1)`);
        await c.query(`INSERT INTO messages (id, conversation_id, sender_profile_id, content) VALUES (5, 1, 7, $1)`, [secret]);
        await c.query(`UPDATE messages SET content = content WHERE id = 5`); // a no-op: no notification
        await c.query(`UPDATE messages SET sender_profile_id = 8 WHERE id = 5`); // moved: both users
        await c.query(`DELETE FROM messages WHERE id = 5`);
      });
      await waitUntil('the notifications', () => payloads.length >= 6 || undefined);
      await new Promise((r) => setTimeout(r, 200));
      await listener.end();
      const events = payloads.map((p) => parseChangePayload('messaging', p));
      assert.deepEqual(
        events.map((e) => ('error' in e ? e.error : `${e.table}:${e.id}:${e.text?.id ?? ''}`)),
        ['users:7:', 'users:8:', 'messages:7:5', 'messages:8:5', 'messages:7:5', 'messages:8:5'],
      );
      assert.deepEqual(JSON.parse(payloads[2]), { table: 'messages', op: 'INSERT', key: '5', ref: 'messaging_user', id: '7' });
      for (const p of payloads) {
        assert.ok(Buffer.byteLength(p) < 200, `${p.length} bytes`);
        assert.ok(!p.includes('secreto'));
      }

      await applyNotifyTriggers(src, 'uninstall', logger);
      const gone = await applyNotifyTriggers(src, 'uninstall', logger);
      assert.ok(gone.every((r) => r.tables.length === 0));
      const functions = await withClient(src.social, async (c) => (await c.query(`SELECT count(*)::int AS n FROM pg_proc WHERE proname IN ('aura_notify_change', 'aura_change_payload')`)).rows[0].n);
      assert.equal(functions, 0);
    });
  });
}
