// Every built .wasm compiles in the kernels government users have: Chromium 90 (信创 PCs),
// Firefox ESR 115 and Safari 15 (WeChat on iPhones). Each module is validated by wasm-tools with
// exactly the features all three have; a toolchain upgrade that turns another one back on (Rust
// 1.82 turned on reference types, and wasm-bindgen then emitted externref, which Chromium 90
// cannot compile) fails here instead of in a portal. The controls check that the restricted
// validator does refuse what those kernels refuse.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What Chromium 90, Firefox ESR 115 and Safari 15 all compile (.cargo/config.toml builds for it). */
const FEATURES = 'mvp,mutable-global,sign-extension,saturating-float-to-int,bulk-memory,multi-value';

const root = fileURLToPath(new URL('../../', import.meta.url));

function wasmFiles(dir) {
  return readdirSync(join(root, dir), { recursive: true })
    .filter((f) => f.endsWith('.wasm'))
    .map((f) => join(dir, f));
}

function validate(path) {
  return spawnSync('wasm-tools', ['validate', `--features=${FEATURES}`, path], { encoding: 'utf8', cwd: root });
}

/** A module from WAT text, written to a temporary file. */
function moduleFile(name, wat) {
  const dir = mkdtempSync(join(tmpdir(), 'wasm-features-'));
  const wasm = join(dir, `${name}.wasm`);
  const parsed = spawnSync('wasm-tools', ['parse', '-o', wasm], { input: wat, encoding: 'utf8' });
  assert.equal(parsed.status, 0, parsed.stderr);
  return wasm;
}

describe('the built modules use only the features every supported kernel has', () => {
  const files = [...wasmFiles('pkg'), ...wasmFiles('pkg-node')];

  test('the packages hold the modules the page and the tests load', () => {
    for (const f of ['pkg/workrelief_bg.wasm', 'pkg/workrelief_plans_bg.wasm', 'pkg/workrelief_export_bg.wasm', 'pkg/workrelief_xls_bg.wasm', 'pkg-node/workrelief_bg.wasm']) {
      assert.ok(files.includes(f), `${f} is built`);
    }
  });

  for (const file of files) {
    test(`${file} validates with --features=${FEATURES}`, () => {
      const { status, stderr } = validate(file);
      assert.equal(status, 0, stderr);
    });
  }

  const refused = {
    'reference types (externref)': '(module (func (export "f") (param externref)))',
    'SIMD': '(module (func (export "f") (result v128) v128.const i64x2 0 0))',
    'tail calls': '(module (func $f (return_call $f)))',
    'exception handling': '(module (tag $t) (func (throw $t)))',
  };
  for (const [feature, wat] of Object.entries(refused)) {
    test(`control: a module using ${feature} is refused by the same validator`, () => {
      const { status, stderr } = validate(moduleFile(feature.replace(/\W+/g, '-'), wat));
      assert.notEqual(status, 0, `${feature} must not validate`);
      assert.match(stderr, /proposal|feature|not enabled|support/i);
    });
  }

  test('control: the validator accepts what those kernels have (bulk memory, sign extension, saturating truncation)', () => {
    const wat = `(module (memory 1)
      (func (export "f") (param i32 f64) (result i32)
        (memory.fill (i32.const 0) (i32.const 0) (i32.const 8))
        (i32.add (i32.extend8_s (local.get 0)) (i32.trunc_sat_f64_s (local.get 1)))))`;
    const { status, stderr } = validate(moduleFile('allowed', wat));
    assert.equal(status, 0, stderr);
  });
});
