// The embedded binaries' library links (native/pg-symlinks.json) are checked before a server of a major is started.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { missingLibraryLinks } from '../../src/db/embedded-version.js';

const root = mkdtempSync(join(tmpdir(), 'aura-embedded-version-'));
after(() => rmSync(root, { recursive: true, force: true }));

function fakePackage(name: string, links: boolean): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'dist'), { recursive: true });
  mkdirSync(join(dir, 'native', 'lib'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{}');
  writeFileSync(join(dir, 'dist', 'index.js'), '');
  writeFileSync(join(dir, 'native', 'lib', 'libicuuc.so.60.2'), '');
  writeFileSync(join(dir, 'native', 'pg-symlinks.json'), JSON.stringify([{ source: 'native/lib/libicuuc.so.60.2', target: 'native/lib/libicuuc.so.60' }]));
  if (links) symlinkSync('libicuuc.so.60.2', join(dir, 'native', 'lib', 'libicuuc.so.60'));
  return join(dir, 'dist', 'index.js');
}

test('a binaries package whose install script did not link its libraries is named with the missing link', () => {
  assert.equal(missingLibraryLinks(fakePackage('unlinked', false)), 'native/lib/libicuuc.so.60');
  assert.equal(missingLibraryLinks(fakePackage('linked', true)), undefined);
});
