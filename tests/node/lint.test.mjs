// The old-kernels lint (scripts/lint) can fail: the project's eslint.config.js and
// stylelint.config.js, through the ESLint and stylelint Node APIs, report what Chromium 90,
// Firefox ESR 115 or Safari 15 lacks, each by the check meant to catch it, and let through what all
// three have. Snippets are linted as if they were files of www/ (or pkg/js/, www/no-module.js), so
// the same config blocks apply; nothing here needs pkg/ to be built.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import stylelint from 'stylelint';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let eslint;
before(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The rule ids (or 'parse error') ESLint reports for `code` as the file `path`. */
async function jsRules(code, path = 'www/lint-probe.js') {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${path}` });
  return result.messages.map((m) => m.ruleId ?? 'parse error');
}

/** The rules stylelint reports for `code` as a file of www/. */
async function cssRules(code) {
  const { results: [result] } = await stylelint.lint({
    code, codeFilename: `${ROOT}www/lint-probe.css`, configFile: `${ROOT}stylelint.config.js`,
  });
  assert.deepEqual(result.invalidOptionWarnings, []);
  return result.warnings.map((w) => w.rule);
}

describe('JavaScript (eslint.config.js)', () => {
  const reported = [
    ['Array.prototype.at (Safari 15.4, Chrome 92)', '[1, 2].at(-1);', 'es-x/no-array-prototype-at'],
    ['.at() on a receiver of unknown type', 'export const last = (xs) => xs.at(-1);', 'es-x/no-array-prototype-at'],
    ['Object.hasOwn (Safari 15.4, Chrome 93)', "export const has = (o) => Object.hasOwn(o, 'a');", 'es-x/no-object-hasown'],
    ['structuredClone (Safari 15.4, Chrome 98)', 'export const copy = (x) => structuredClone(x);', 'compat/compat'],
    ['a class static block (Safari 16.4, Chrome 94)', 'export class A { static { this.b = 1; } }', 'es-x/no-class-static-block'],
    ['adoptedStyleSheets (Safari 16.4)', 'export function f(el) { el.shadowRoot.adoptedStyleSheets = []; }', 'no-restricted-properties'],
    ['new CSSStyleSheet() (Safari 16.4)', 'export const sheet = new CSSStyleSheet();', 'no-restricted-syntax'],
    ['<dialog> showModal() (Safari 15.4)', 'export const open = (d) => d.showModal();', 'no-restricted-properties'],
    ['Error cause (Chrome 93)', "throw new Error('x', { cause: 1 });", 'es-x/no-error-cause'],
    ['#x in obj (Chrome 91)', 'export class A { #x = 1; static has(o) { return #x in o; } }', 'es-x/no-private-in'],
    ['top-level await (WebKit bug 242740)', 'await Promise.resolve(1);', 'es-x/no-top-level-await'],
    ['findLast (Safari 15.4, Chrome 97)', 'export const f = (xs) => xs.findLast(Boolean);', 'es-x/no-array-prototype-findlast-findlastindex'],
    ['a regular expression lookbehind (Safari 16.4: the module would not load)', "export const f = (s) => s.replace(/(?<=\\d)x/g, '');", 'es-x/no-regexp-lookbehind-assertions'],
    ['import.meta.resolve (Safari 16.4, Chrome 105)', "export const u = import.meta.resolve('./a.js');", 'no-restricted-syntax'],
    ['requestIdleCallback (never in Safari)', 'requestIdleCallback(() => {});', 'compat/compat'],
    ['a class field with parentheses naming a variable (WebKit bug 236843)', 'const a = [1]; export class A { b = a[(0)]; }', 'old-kernels/class-field-parens'],
  ];
  for (const [what, code, rule] of reported) {
    test(`reports ${what}`, async () => {
      assert.ok((await jsRules(code)).includes(rule), `${rule} for ${code}`);
    });
  }

  test('lets through what Chromium 90, Firefox 115 and Safari 15 all run', async () => {
    const code = `
      const made = new WeakRef({});
      export class Counter {
        #count = 0;
        static instances = 0;
        label = '';
        #bump() { this.#count += 1_000; }
        tick(options) {
          this.#bump();
          options.limit ??= 10;
          options.seen ||= true;
          this.label = options?.name?.replaceAll('_', ' ') ?? '';
          const years = [...'2025-06-30'.matchAll(/(?<y>\\d{4})/dg)].map((m) => m.indices[0]);
          return { count: this.#count, years, big: 2n ** 64n, made, first: Promise.any([Promise.resolve(1)]) };
        }
      }
      export const sheet = (root) => root.querySelectorAll('link').length;
    `;
    assert.deepEqual(await jsRules(code), []);
  });

  test('a feature test of a static property lets its use through', async () => {
    assert.deepEqual(await jsRules('export class C {} if (Symbol.dispose) C.prototype[Symbol.dispose] = () => {};'), []);
  });

  test('the JavaScript build (pkg/js/) is held to the same kernels, method names included', async () => {
    assert.ok((await jsRules('export const f = (a) => a.at(-1);', 'pkg/js/lint-probe.js')).includes('no-restricted-properties'));
    assert.ok((await jsRules('export class A { static { } }', 'pkg/js/lint-probe.js')).includes('es-x/no-class-static-block'));
    assert.deepEqual(await jsRules('export const f = (a) => a.map((x) => x | 0);', 'pkg/js/lint-probe.js'), []);
  });

  test("no function of www/ is over 150 lines, blank lines and comments not counted", async () => {
    // A function of `n` statements, each on its own line, between a blank line and a comment.
    const fn = (n) => `export function f() {\n${Array.from({ length: n }, (_, i) => `  globalThis.x = ${i};\n\n  // ${i}\n`).join('')}}\n`;
    // 148 statements and the function's first and last lines are 150 lines; 149 are 151.
    assert.deepEqual(await jsRules(fn(148)), []);
    assert.deepEqual(await jsRules(fn(149)), ['max-lines-per-function']);
    assert.deepEqual(await jsRules(fn(149), 'src/js/lint-probe.js'), [], 'the rule is the page\'s, not the bindings\'');
  });

  test('the classic script for old browsers (www/no-module.js) is ES5', async () => {
    assert.ok((await jsRules('var f = () => 1;', 'www/no-module.js')).includes('es-x/no-arrow-functions'));
    assert.deepEqual(await jsRules('(function () { var box = document.getElementById("x"); })();', 'www/no-module.js'), []);
  });
});

describe('CSS (stylelint.config.js)', () => {
  const reported = [
    [':has() (Safari 15.4, Chrome 105, Firefox 121)', 'a:has(b) { color: red; }', ['old-kernels/css-compat', 'plugin/no-unsupported-browser-features']],
    ['nesting with & (Chrome 112)', '.a { & .b { color: red; } }', ['old-kernels/css-compat', 'plugin/no-unsupported-browser-features']],
    ['nesting without &', '.a { .b { color: red; } }', ['old-kernels/css-compat']],
    ['@container (Safari 16, Chrome 105)', '@container (min-width: 1px) { a { color: red; } }', ['old-kernels/css-compat', 'plugin/no-unsupported-browser-features']],
    ['@layer (Safari 15.4, Chrome 99)', '@layer base { a { color: red; } }', ['old-kernels/css-compat', 'plugin/no-unsupported-browser-features']],
    ['color-mix() (Safari 16.2, Chrome 111)', 'a { color: color-mix(in srgb, red, blue); }', ['old-kernels/css-compat']],
    ['overflow-wrap: anywhere (Safari 15.4)', 'a { overflow-wrap: anywhere; }', ['old-kernels/css-compat']],
    ['@property (Safari 16.4, Firefox 128)', '@property --x { syntax: "<length>"; inherits: false; initial-value: 0px; }', ['old-kernels/css-compat']],
    [':focus-visible grouped with another selector (Safari 15.0 drops both)', 'a:hover, a:focus-visible { color: red; }', ['selector-disallowed-list']],
    ['content with alternative text (Firefox 128, Safari 17.4)', 'a::after { content: "▲" / ""; }', ['old-kernels/css-compat']],
  ];
  for (const [what, code, rules] of reported) {
    test(`reports ${what}`, async () => {
      const got = await cssRules(code);
      for (const rule of rules) assert.ok(got.includes(rule), `${rule} for ${code}: got ${got.join(', ') || 'nothing'}`);
    });
  }

  test('lets through what Chromium 90, Firefox 115 and Safari 15 all apply', async () => {
    const code = `
      :host { display: block; }
      .a { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: .5rem 1rem; inset: 0; }
      .b { width: min(56rem, 94vw); aspect-ratio: 16 / 9; color: rgb(0 0 0 / .5); word-break: break-word; }
      :is(.a, .b) > .c:focus-within { outline: 3px solid #c2410c; }
      .d:focus-visible { outline-offset: 2px; }
      @media print { .a { break-inside: avoid; } }
      @supports (display: grid) { .e { position: sticky; top: 0; } }
      .f::after { content: "▲"; content: "▲" / ""; }
    `;
    assert.deepEqual(await cssRules(code), []);
  });
});
