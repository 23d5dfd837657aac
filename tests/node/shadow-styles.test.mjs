// The shadow roots' stylesheets exist twice: as the .css files in www/ (what stylelint checks,
// and what Safari before 16.4 links) and as text in www/shadow-styles.js (what other browsers
// construct sheets from, without a request). scripts/shadow-styles.mjs writes the second from the
// first; this fails while they differ, and when a styleShadow() call names a file it does not
// cover.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { FILES, MODULE, WWW, render } from '../../scripts/shadow-styles.mjs';

test('www/shadow-styles.js is the .css files as they are (else run node scripts/shadow-styles.mjs)', async () => {
  assert.equal(readFileSync(MODULE, 'utf8'), render());
  const { SHADOW_STYLES } = await import(MODULE.href);
  assert.deepEqual(Object.keys(SHADOW_STYLES), FILES);
  for (const name of FILES) assert.equal(SHADOW_STYLES[name], readFileSync(new URL(name, WWW), 'utf8'), name);
});

test('every stylesheet a styleShadow() call names is covered', () => {
  const named = [];
  for (const file of readdirSync(WWW).filter((f) => f.endsWith('.js'))) {
    const code = readFileSync(new URL(file, WWW), 'utf8');
    for (const [, list] of code.matchAll(/styleShadow\([^,]+,\s*\[([^\]]*)\]\)/g)) {
      named.push(...[...list.matchAll(/'([^']+)'/g)].map((m) => m[1]));
    }
  }
  assert.ok(named.length >= 4, `${named.length} names found`);
  assert.deepEqual(named.filter((n) => !FILES.includes(n)), []);
});
