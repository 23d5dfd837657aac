// The JS API beyond the case files: the acceptance proposals, the rule book calls,
// defaults, and that no input whatsoever makes the module throw or die.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { FLAVOURS, load, readJson } from './load.mjs';

const rulesJson = readJson('../../rules.json');

/** Today's date in China (UTC+8), as the module computes it. */
function chinaToday() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

for (const flavour of FLAVOURS) {
  describe(`${flavour}: JS API`, async () => {
    const wr = await load(flavour);
    const floor = (v) => v.findings.find((f) => f.kind === 'labour_share_floor');

    test('acceptance: central budget 5,000,000 with labour 1,500,000 passes, shortfall 0.00', () => {
      const v = wr.checkProposal({ kind: 'central_budget', funds: { central: 5000000 }, labourRemuneration: 1500000 });
      assert.equal(v.status, 'pass');
      assert.equal(floor(v).shortfall, '0.00');
      assert.equal(floor(v).ratio, '0.3000');
      assert.match(floor(v).citation.quote, /30%以上/);
    });

    test('acceptance: the same with 1,499,999.99 fails, shortfall 0.01', () => {
      const v = wr.checkProposal({ kind: 'central_budget', funds: { central: 5000000 }, labourRemuneration: 1499999.99 });
      assert.equal(v.status, 'fail');
      assert.equal(floor(v).shortfall, '0.01');
      assert.match(floor(v).message, /还需增加劳务报酬 0\.01 元/);
    });

    test('yuan typed under 万元 is amount.unit_suspect on its field, both readings named; the summary says to check the unit', () => {
      const v = wr.checkProposal({ kind: 'central_budget', unit: '万元', funds: { central: 5000000 }, labourRemuneration: 1600000 }, { asOf: '2025-06-30' });
      assert.equal(v.status, 'pass');
      const w = v.warnings.filter((x) => x.code === 'amount.unit_suspect');
      assert.deepEqual(w.map((x) => x.field), ['funds.central', 'labourRemuneration']);
      assert.equal(w[0].message, '中央资金填写的 5000000 按万元计为 500 亿元，若是元则为 500 万元，是否应选“元”？');
      assert.match(v.summary, /^请先核对金额单位/);
      const six = wr.checkProposal({ kind: 'central_budget', unit: '万元', funds: { central: 999999 }, labourRemuneration: 300000 }, { asOf: '2025-06-30' });
      assert.deepEqual(six.warnings.filter((x) => x.code === 'amount.unit_suspect'), []);
      const small = wr.checkProposal({ kind: 'central_budget', funds: { central: 500 }, labourRemuneration: 150 }, { asOf: '2025-06-30' });
      assert.deepEqual(small.warnings.filter((x) => x.code === 'amount.unit_suspect').map((x) => x.field), ['funds.central']);
      const bad = wr.checkProposal({ kind: 'central_budget', unit: '万元', funds: { central: '12abc' }, labourRemuneration: 150 });
      assert.match(bad.errors[0].message, /如 160、160\.5（单位为万元）/);
    });

    test('an estimate gives the province\'s policies as soon as the province is read', () => {
      const e = wr.estimateSubsidies({ province: '贵州' }, { asOf: '2026-12-04' });
      assert.deepEqual(e.errors.map((x) => x.field).sort(), ['group', 'work']);
      assert.equal(e.policies.inForce, 0);
      assert.equal(e.policies.ended, '2025-12-31');
      assert.match(e.policies.notice, /已于 2025-12-31 到期.*12333/);
      const full = wr.estimateSubsidies({ province: '贵州', group: '脱贫人口', work: 'out_of_province', organized: true, firstTime: true }, { asOf: '2026-12-04' });
      const byId = Object.fromEntries(full.items.map((i) => [i.id, i]));
      assert.equal(byId['subsidy.guizhou.job_seeking_out_of_province'].applicable, true);
      assert.equal(byId['subsidy.guizhou.job_seeking_in_province'].applicable, false);
      assert.equal(byId['subsidy.guizhou.job_seeking_in_province'].ended, '2025-12-31');
      assert.equal(wr.estimateSubsidies({ province: '甘肃' }, { asOf: '2026-12-04' }).policies, undefined);
    });

    test('acceptance: rural infrastructure, 2,000,000 fiscal and 3,000,000 self-raised: floor 200,000', () => {
      const v = wr.checkProposal({
        kind: 'rural_infrastructure',
        funds: { central: 2000000, other: 3000000 },
        labourRemuneration: 150000,
      });
      assert.equal(v.status, 'fail');
      assert.equal(floor(v).base, '2000000.00');
      assert.equal(floor(v).threshold, '200000.00');
      assert.equal(floor(v).shortfall, '50000.00');
    });

    test('acceptance: a negative amount is invalid with its field named, not thrown', () => {
      const v = wr.checkProposal({ kind: 'central_budget', funds: { central: -1 }, labourRemuneration: 1 });
      assert.equal(v.status, 'invalid');
      assert.deepEqual(v.errors.map((e) => [e.field, e.code]), [['funds.central', 'money.negative']]);
      assert.match(v.errors[0].message, /负数/);
      assert.deepEqual(v.findings, []);
    });

    test('without a date the rules in force today (China time) are used', () => {
      const v = wr.checkProposal({ kind: 'key_project', labourRemuneration: 1 });
      assert.equal(v.asOf, chinaToday());
    });

    test('ruleBook() returns the compiled-in rules.json, version and all', () => {
      const book = wr.ruleBook();
      assert.equal(book.version, rulesJson.version);
      assert.deepEqual(book.rules.map((r) => r.id), rulesJson.rules.map((r) => r.id));
      assert.equal(book.rules[0].params.floor, '0.30');
      assert.deepEqual(book.documents.map((d) => d.file), rulesJson.documents.map((d) => d.file));
    });

    test('rulesVersion() is the version of the book in use', () => {
      assert.equal(wr.rulesVersion(), rulesJson.version);
      const edited = structuredClone(rulesJson);
      edited.version = `${rulesJson.version}-测试`;
      try {
        wr.setRules(JSON.stringify(edited));
        assert.equal(wr.rulesVersion(), edited.version);
      } finally {
        wr.resetRules();
      }
      assert.equal(wr.rulesVersion(), rulesJson.version);
    });

    test('projectKinds() lists the kinds of the book in use, as rules.json has them', () => {
      assert.deepEqual(wr.projectKinds(), rulesJson.projectKinds);
      const edited = structuredClone(rulesJson);
      edited.projectKinds[0].name = '测试项目类型';
      try {
        wr.setRules(JSON.stringify(edited));
        assert.equal(wr.projectKinds()[0].name, '测试项目类型');
        assert.deepEqual(wr.projectKinds().map((k) => k.id), rulesJson.projectKinds.map((k) => k.id));
      } finally {
        wr.resetRules();
      }
      assert.equal(wr.projectKinds()[0].name, rulesJson.projectKinds[0].name);
    });

    test('proposalFields() names every field the checker reports a problem on', () => {
      const fields = wr.proposalFields();
      const label = Object.fromEntries(fields.map((f) => [f.path, f.label]));
      assert.equal(Object.keys(label).length, fields.length, 'paths are distinct');
      assert.equal(label['funds.central'], '中央资金');
      assert.equal(label.labourRemuneration, '劳务报酬');
      const bad = 'x';
      const v = wr.checkProposal({
        name: {}, province: '火星', county: bad, kind: bad, unit: '斤',
        funds: { central: bad, provincial: bad, municipal: bad, county: bad, other: bad },
        labourRemuneration: bad, workers: { total: bad, povertyAlleviated: bad }, date: bad,
      });
      const named = new Set(v.errors.map((e) => e.field));
      for (const field of named) assert.ok(label[field], `${field} has a label`);
      assert.ok(named.size >= 14, [...named].join(' '));
    });

    test('setRules() replaces the book; an invalid one throws with every problem and keeps the old', () => {
      const edited = structuredClone(rulesJson);
      edited.version = 'test-1';
      edited.rules[0].params.floor = '0.35';
      // A floor must agree with its quote (see the next test).
      edited.rules[0].citation.quote = edited.rules[0].citation.quote.replace('30%', '35%');
      wr.setRules(JSON.stringify(edited));
      try {
        assert.equal(wr.ruleBook().version, 'test-1');
        const v = wr.checkProposal({ kind: 'central_budget', funds: { central: 100 }, labourRemuneration: 30, date: '2025-06-30' });
        assert.equal(v.status, 'fail');
        assert.equal(v.ruleBookVersion, 'test-1');

        const broken = structuredClone(rulesJson);
        broken.rules[0].params.floor = 0.3;
        delete broken.rules[1].citation;
        assert.throws(() => wr.setRules(JSON.stringify(broken)), (err) => {
          assert.ok(err instanceof Error);
          assert.match(err.message, /规则库无效/);
          assert.deepEqual(err.problems.map((p) => [p.path, p.code]).sort(), [
            ['rules[0].params.floor', 'rules.wrong_type'],
            ['rules[1].citation', 'rules.missing'],
          ]);
          return true;
        });
        assert.throws(() => wr.setRules('{not json'), (err) => err.problems[0].code === 'rules.syntax');
        assert.equal(wr.ruleBook().version, 'test-1', 'the old book stays in use');
      } finally {
        wr.resetRules();
      }
      assert.equal(wr.ruleBook().version, rulesJson.version);
    });

    test('setRules() refuses a floor that contradicts its own quote, with its path', () => {
      const edited = structuredClone(rulesJson);
      assert.match(edited.rules[0].citation.quote, /达30%以上/);
      edited.rules[0].params.floor = '0.20';
      assert.throws(() => wr.setRules(JSON.stringify(edited)), (err) => {
        assert.ok(err instanceof Error);
        assert.deepEqual(err.problems.map((p) => [p.path, p.code]), [
          ['rules[0].params.floor', 'rules.floor_not_in_quote'],
        ]);
        assert.match(err.problems[0].message, /20%.*30%/);
        assert.match(err.message, /rules\[0\]\.params\.floor/);
        return true;
      });
      // Still the compiled-in book: a central-budget project at 20% fails.
      assert.equal(wr.ruleBook().rules[0].params.floor, '0.30');
      const v = wr.checkProposal({ kind: 'central_budget', funds: { central: 100 }, labourRemuneration: 20, date: '2025-06-30' });
      assert.equal(v.status, 'fail');
    });

    test('no input makes it throw or die', () => {
      const junk = [
        undefined, null, 0, -1, NaN, '', 'x', true, [], [1, 2], {}, Symbol('s'), () => 1, 10n ** 30n,
        new Date(), new Map([['kind', 'central_budget']]), new Uint8Array([1, 2]),
        { kind: {} }, { kind: 'central_budget', funds: [] }, { kind: 'central_budget', funds: { central: {} } },
        { kind: 'central_budget', labourRemuneration: 10n ** 40n }, { kind: 'central_budget', labourRemuneration: -0 },
        { kind: 'central_budget', labourRemuneration: Number.MAX_VALUE }, { kind: 'central_budget', labourRemuneration: 5e-324 },
        { kind: 'central_budget', funds: { central: '9'.repeat(5000) }, labourRemuneration: '1'.repeat(100000) },
        { kind: 'x'.repeat(100000), name: '名'.repeat(300), province: '\u0000' },
        { kind: 'central_budget', workers: { total: 1e300, povertyAlleviated: -Infinity }, labourRemuneration: 1 },
      ];
      for (const input of junk) {
        for (const options of [undefined, null, {}, { asOf: 5 }, { asOf: '2025-13-45' }, 'x', { asOf: '2025-06-30', zzz: 1 }]) {
          const v = wr.checkProposal(input, options);
          assert.ok(['pass', 'fail', 'review', 'invalid'].includes(v.status));
          if (v.status === 'invalid') assert.ok(v.errors.length > 0 && v.errors.every((e) => e.code && e.message));
        }
      }
      // A deterministic random walk over field values (a small in-process fuzz).
      let seed = 42;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
      const values = [
        0, 1, 0.1, 1e15, -3, NaN, '', ' ', '1,000', '１２万', '-5', 'abc', '1e3', null, undefined, [], {},
        '160.1234567万', '9999999999999.99', '10000000000000', '1,2,3', '¥', '万', '元', '.', '0.', '.0',
      ];
      const kinds = ['central_budget', '中央预算内', 'key_project', 'rural_infrastructure', 'provincial_linkage', 'nope', '', 1];
      for (let i = 0; i < 3000; i++) {
        const p = {
          kind: pick(kinds), province: pick(['62', '甘肃', '贵州省', '99', '', 35, undefined]), unit: pick(['元', '万元', '万', 'x', undefined]),
          funds: { central: pick(values), provincial: pick(values), municipal: pick(values), county: pick(values), other: pick(values) },
          labourRemuneration: pick(values), date: pick(['2025-06-30', '2024-02-30', 'x', undefined, 20250630]),
        };
        const v = wr.checkProposal(p);
        assert.ok(['pass', 'fail', 'review', 'invalid'].includes(v.status), JSON.stringify(p));
        for (const f of v.findings) {
          if (f.status === 'fail' && f.ratio) {
            // A failing ratio never reads as the floor.
            assert.ok(Number(f.ratio) < Number(f.floor), JSON.stringify(f));
            assert.ok(Number(f.shortfall) > 0, JSON.stringify(f));
          }
          if (f.status === 'pass') assert.equal(f.shortfall, '0.00');
        }
      }
      // The module still works after all of that.
      assert.equal(wr.checkProposal({ kind: 'central_budget', funds: { central: 10 }, labourRemuneration: 3, date: '2025-06-30' }).status, 'pass');
    });
  });
}
