// checkProposal crosses the JS boundary its own way (src/js/: boundary.js `snapshot` and
// tokens.rs in; wire.rs and boundary.js `buildVerdict`, generated from wire.rs's shape, out)
// instead of through serde-wasm-bindgen. These tests hold it to serde-wasm-bindgen's results: the input read from a
// class instance (the reader's branch for objects that are not plain, as serde-wasm-bindgen read
// them: own enumerable properties) gives the same verdict as from a plain object, and the
// verdict object equals, key order included, the one the plan module serialises with
// serde-wasm-bindgen for the same proposal.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { FLAVOURS, load, loadPlans } from './load.mjs';

/** The same own properties on a class instance: the reader's path for objects that are not plain. */
class Boxed {}
const boxed = (value) => Object.assign(new Boxed(), value);

/** Deterministic random proposals over awkward values (as in api.test.mjs). */
function* proposals(count) {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const values = [
    0, 1, 0.1, 0.3, 1e15, -3, -0, NaN, Infinity, 2 ** 53, 2 ** 53 + 2, 1.5e-7, 5e-324, 123456.789, 1499999.99, 5000000,
    '', ' ', '1,000', '１２万', '-5', 'abc', '1e3', null, undefined, [], {}, [1, '2'], true,
    '160.1234567万', '9999999999999.99', '10000000000000', '¥1,600,000', '150万元', '\ud800x', 'a\u{1F600}b',
  ];
  const kinds = ['central_budget', '中央预算内', '以工代赈中央预算内投资项目', 'key_project', 'rural_infrastructure',
    'provincial_linkage', 'central_linkage', 'CENTRAL_BUDGET', ' central budget ', 'nope', '', 1];
  for (let i = 0; i < count; i++) {
    const p = {
      name: pick(['某村道路硬化', '', '  x  ', undefined, 5, '名'.repeat(201), '\ud83d']),
      kind: pick(kinds),
      province: pick(['62', '甘肃', '贵州省', '620000', '99', '', 35, undefined]),
      unit: pick(['元', '万元', '万', 'x', undefined]),
      funds: pick([undefined, 'x', { central: pick(values), provincial: pick(values), municipal: pick(values), county: pick(values), other: pick(values), zzz: pick(values) }]),
      labourRemuneration: pick(values),
      workers: pick([undefined, { total: pick([40, '40人', -1, 1.5, 'x']), povertyAlleviated: pick([12, 50, undefined]) }]),
      date: pick(['2025-06-30', '2025/6/30', '2031-01-01', '1990-01-01', '2024-02-30', 'x', undefined, 20250630]),
    };
    if (rnd() < 0.1) p.extra = { nested: [1, { deeper: 'y' }] };
    yield p;
  }
}

const OPTIONS = [undefined, null, { asOf: '2025-06-30' }, { asOf: '2030-01-01', zzz: 1 }, { asOf: 5 }, 'x'];

for (const flavour of FLAVOURS) {
  describe(`${flavour}: the fast JS boundary of checkProposal`, async () => {
    const wr = await load(flavour);

    test('reads plain objects exactly as serde-wasm-bindgen reads the same properties', () => {
      let i = 0;
      for (const p of proposals(3000)) {
        const options = OPTIONS[i++ % OPTIONS.length];
        const fast = wr.checkProposal(p, options);
        const slow = wr.checkProposal(boxed(p), options);
        if (typeof options === 'object' && options !== null) {
          assert.deepEqual(wr.checkProposal(p, boxed(options)), fast, JSON.stringify(options));
        }
        // Today's date may differ between the two calls only across midnight in China.
        assert.deepEqual(slow, fast, JSON.stringify(p));
      }
    });

    test('a cycle or very deep nesting is invalid input, not a crash', () => {
      const p = { kind: 'central_budget', labourRemuneration: 1 };
      p.self = p;
      let deep = { kind: 'central_budget', labourRemuneration: 1 };
      for (let i = 0; i < 100; i++) deep = { kind: 'central_budget', labourRemuneration: 1, more: deep };
      for (const input of [p, deep]) {
        const v = wr.checkProposal(input);
        assert.equal(v.status, 'invalid');
        assert.deepEqual(v.errors.map((e) => e.code), ['input.unreadable']);
      }
      const o = { asOf: '2025-06-30' };
      o.o = o;
      assert.deepEqual(wr.checkProposal({ kind: 'key_project', labourRemuneration: 1 }, o).errors.map((e) => [e.field, e.code]), [['options.o', 'input.unreadable']]);
      assert.equal(wr.checkProposal({ kind: 'central_budget', funds: { central: 10 }, labourRemuneration: 3, date: '2025-06-30' }).status, 'pass');
    });

    test('the verdict object is the one serde-wasm-bindgen builds, key order included', async () => {
      const plans = await loadPlans(flavour);
      // serde_json reads 5e-324 differently from JavaScript and refuses unpaired surrogates; the
      // plan reader is not under test here.
      const all = [...proposals(600)].filter((p) => p.date !== undefined && !/e-324|\\ud[89a-f]/i.test(JSON.stringify(p)));
      // JSON carries every value the plan reader needs except undefined (dropped) and NaN and
      // the infinities (null): both sides get the JSON.
      assert.ok(all.length > 300, `${all.length} proposals`);
      const viaJson = all.map((p) => JSON.parse(JSON.stringify(p)));
      const report = plans.checkPlans(new TextEncoder().encode(JSON.stringify(viaJson)), 'p.json', { asOf: '2025-06-30' });
      assert.equal(report.rows.length, viaJson.length, JSON.stringify(report.errors));
      const strip = (v) => {
        for (const p of [...v.errors, ...v.warnings]) {
          delete p.row;
          delete p.column;
        }
        return v;
      };
      for (const round of [1, 2]) {
        viaJson.forEach((p, i) => {
          const want = strip(report.rows[i].verdict);
          const got = wr.checkProposal(p, { asOf: '2025-06-30' });
          assert.equal(JSON.stringify(got), JSON.stringify(want), `round ${round}: ${JSON.stringify(p)}`);
          assert.deepEqual(got, want);
        });
      }
    });

    test('a replaced rule book is sent afresh, and the old strings are not reused', () => {
      const p = { kind: 'central_budget', funds: { central: 100 }, labourRemuneration: 30, date: '2025-06-30' };
      const before = wr.checkProposal(p);
      const book = wr.ruleBook();
      book.version = 'test-strings';
      book.rules[0].title = '改过的标题';
      book.documents[0].title = '改过的文件标题';
      wr.setRules(JSON.stringify(book));
      try {
        const after = wr.checkProposal(p);
        assert.equal(after.ruleBookVersion, 'test-strings');
        assert.equal(after.findings[0].title, '改过的标题');
        assert.equal(after.findings[0].citation.title, '改过的文件标题');
        assert.equal(after.findings[1].citation.title, '改过的文件标题');
      } finally {
        wr.resetRules();
      }
      assert.deepEqual(wr.checkProposal(p), before);
    });
  });
}
