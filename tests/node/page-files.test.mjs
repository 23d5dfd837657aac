// Every file www/index.html preloads or loads exists in the built page (www/ with pkg/), so
// that a renamed module or a new crate version (which renames wasm-bindgen's snippets folder)
// fails here instead of making the page wait for a file that is not there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const WWW = new URL('../../www/', import.meta.url);
const ROOT = new URL('../../', import.meta.url);

test('every file index.html links to exists', () => {
  const html = readFileSync(new URL('index.html', WWW), 'utf8');
  const refs = [...html.matchAll(/<(?:link|script)\b[^>]*\b(?:href|src)="([^"#?]+)"/g)].map((m) => m[1]);
  assert.ok(refs.length >= 8, `${refs.length} references`);
  const missing = refs.filter((r) => {
    // pkg/ is served from the top of the repository (www/pkg is a link to it in the served tree).
    const where = r.startsWith('pkg/') ? new URL(r, ROOT) : new URL(r, WWW);
    return !existsSync(where);
  });
  assert.deepEqual(missing, []);
  const glue = readFileSync(new URL('pkg/workrelief.js', ROOT), 'utf8');
  for (const [, snippet] of glue.matchAll(/from '\.\/(snippets\/[^']+)'/g)) {
    assert.ok(refs.includes(`pkg/${snippet}`), `index.html preloads pkg/${snippet}, the glue's import`);
  }
});
