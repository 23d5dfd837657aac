// Overlays through the JS API, in every build: addRules() puts the example 示例县 overlay
// (examples/rules/example-county-2026.json: 42% of central funds from 2026-01-01, county
// 629901) on the book in use, setRules() with an overlay puts it on the compiled-in book, the
// plans module takes it too, and a broken overlay throws every problem at its path in the
// overlay while the book in use stays.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FLAVOURS, load, loadPlans } from './load.mjs';

const overlay = readFileSync(new URL('../../examples/rules/example-county-2026.json', import.meta.url), 'utf8');
const national = readFileSync(new URL('../../examples/rules/example-national-2026.json', import.meta.url), 'utf8');
const proposal = (labour, extra = {}) => ({
  kind: 'central_linkage', county: '629901', funds: { central: '375万' }, labourRemuneration: labour, ...extra,
});
const rule = (v, id) => v.findings.find((f) => f.rule === id);
const COUNTY = 'work_relief.central_linkage.example_county';

for (const flavour of FLAVOURS) {
  describe(`${flavour}: overlays`, async () => {
    const wr = await load(flavour);
    const plans = await loadPlans(flavour);

    test('addRules: 157.50万 of 375万 passes on 2026-06-01, 157.49万 fails by 100.00; before 2026 the county rule is not in force', () => {
      wr.resetRules();
      const plain = wr.rulesVersion();
      wr.addRules(overlay);
      try {
        assert.equal(wr.rulesVersion(), `${plain}+示例县-2026.1`);
        const pass = wr.checkProposal(proposal('157.50万'), { asOf: '2026-06-01' });
        assert.equal(pass.status, 'pass');
        assert.equal(rule(pass, COUNTY).status, 'pass');
        assert.equal(rule(pass, 'work_relief.central_linkage').status, 'pass');
        assert.equal(pass.proposal.county, '629901');
        const fail = wr.checkProposal(proposal('157.49万'), { asOf: '2026-06-01' });
        assert.equal(fail.status, 'fail');
        assert.equal(rule(fail, COUNTY).shortfall, '100.00');
        assert.equal(rule(fail, COUNTY).citation.document, 'example-county-2026');
        const before = wr.checkProposal(proposal('157.49万'), { asOf: '2025-12-31' });
        assert.equal(before.status, 'pass');
        assert.equal(rule(before, COUNTY).status, 'not_applicable');
        const noCounty = wr.checkProposal(proposal('100万', { county: undefined, province: '甘肃' }), { asOf: '2026-06-01' });
        assert.equal(noCounty.status, 'review');
        // Overlays stack: the national 40% example on top of the county one.
        wr.addRules(national);
        assert.equal(wr.rulesVersion(), `${plain}+示例县-2026.1+示例-2026.1`);
        const budget = wr.checkProposal({ kind: 'central_budget', funds: { central: '500万' }, labourRemuneration: '175万' }, { asOf: '2026-06-01' });
        assert.equal(budget.status, 'fail');
        assert.deepEqual(rule(budget, 'work_relief.central_budget').version, { index: 2, count: 2 });
      } finally {
        wr.resetRules();
      }
      assert.equal(wr.rulesVersion(), plain);
      assert.equal(wr.checkProposal(proposal('157.49万'), { asOf: '2026-06-01' }).status, 'pass');
    });

    test('setRules with an overlay puts it on the compiled-in book; a broken one throws with its paths and the book stays', () => {
      wr.resetRules();
      // The option says what the file's own "extends" says: the same book either way.
      const bare = JSON.stringify({ ...JSON.parse(overlay), extends: undefined });
      assert.doesNotMatch(bare, /extends/);
      assert.throws(() => wr.setRules(bare), (err) => err.code === 'rules.invalid');
      assert.throws(() => wr.setRules(bare, { extends: 'elsewhere' }), (err) => err.problems[0].path === 'extends');
      wr.setRules(bare, { extends: 'builtin' });
      assert.equal(wr.checkProposal(proposal('157.49万'), { asOf: '2026-06-01' }).status, 'fail');
      wr.resetRules();
      wr.setRules(overlay);
      try {
        assert.equal(wr.checkProposal(proposal('157.49万'), { asOf: '2026-06-01' }).status, 'fail');
        const broken = overlay.replace('42%（不低于157.50万元）"', '45%（不低于157.50万元）"');
        assert.notEqual(broken, overlay);
        let thrown = null;
        try {
          wr.addRules(broken);
        } catch (err) {
          thrown = err;
        }
        assert.ok(thrown, 'a broken overlay throws');
        assert.equal(thrown.code, 'rules.invalid');
        const paths = thrown.problems.map((p) => `${p.path} ${p.code}`);
        assert.ok(paths.includes('rules[0].versions[0].citation.quote rules.quote_not_in_text'), paths.join('\n'));
        assert.ok(thrown.problems.every((p) => /[\u4e00-\u9fff]/.test(p.message)));
        // The book in use is still the good overlay.
        assert.equal(wr.checkProposal(proposal('157.49万'), { asOf: '2026-06-01' }).status, 'fail');
      } finally {
        wr.resetRules();
      }
    });

    test('the plans module takes the same overlay: a plan with a 区县代码 column', () => {
      const csv = '项目名称,区县代码,项目类型,中央资金（万元）,劳务报酬（万元）,核算日期\n甲,629901,中央衔接资金,375,157.50,2026-06-01\n乙,629901,中央衔接资金,375,157.49,2026-06-01\n丙,620102,中央衔接资金,375,100,2026-06-01\n';
      plans.resetRules();
      plans.addRules(overlay);
      try {
        const r = plans.checkPlans(new TextEncoder().encode(csv), 'p.csv');
        assert.deepEqual(r.rows.map((row) => row.status), ['pass', 'fail', 'pass']);
        assert.match(r.ruleBookVersion, /\+示例县-2026\.1$/);
      } finally {
        plans.resetRules();
      }
      const r = plans.checkPlans(new TextEncoder().encode(csv), 'p.csv');
      assert.deepEqual(r.rows.map((row) => row.status), ['pass', 'pass', 'pass']);
    });
  });
}
