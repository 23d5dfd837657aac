// Plan files through the JS API: checkPlans in one call and the step-wise PlanChecker a Web
// Worker drives, on both builds (pkg-node/ has import built in; the web build ships it as
// pkg/workrelief_plans.js, apart from the core module the self-check page loads).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { FLAVOURS, load, loadPlans, readBytes } from './load.mjs';

const enc = (text) => new TextEncoder().encode(text);
const CSV = [
  '项目名称,所在省份,项目类型,中央资金（万元）,劳务报酬（万元）,核算日期,备注',
  '甲,甘肃,中央预算内,500,150,2025-06-30,x',
  '乙,甘肃,中央预算内,500,149.99,2025-06-30,',
  '丙,甘肃,中央预算内,五百,1,2025-06-30,',
  '丁,甘肃省,以工代赈中央预算内投资项目,"1,000",300,2025-06-30,',
].join('\n');

const FIXTURES = '../fixtures/plans/';
const fixture = (name) => readBytes(`${FIXTURES}${name}`);
const hasFixtures = existsSync(new URL(`${FIXTURES}plan.xlsx`, import.meta.url));

/** What must be identical across formats: everything but the file's own coordinates. */
function comparable(report) {
  return report.rows.map((r) => ({
    name: r.name,
    status: r.status,
    rule: r.rule,
    ratio: r.ratio,
    floor: r.floor,
    shortfall: r.shortfall,
    codes: (r.errors ?? []).map((e) => `${e.code}@${e.field}`),
    findings: r.verdict?.findings,
  }));
}

for (const flavour of FLAVOURS) {
  describe(`${flavour}: plans`, async () => {
    const wr = await loadPlans(flavour);

    test('a CSV in 万元: summary, row numbers, columns, the bad cell named, the rest checked', () => {
      const r = wr.checkPlans(enc(CSV), 'plan.csv');
      assert.deepEqual(r.summary, { pass: 2, fail: 1, review: 0, invalid: 1, total: 4 });
      assert.equal(r.format, 'csv');
      assert.equal(r.encoding, 'UTF-8');
      assert.equal(r.headerRow, 1);
      assert.deepEqual(r.rows.map((x) => [x.row, x.name, x.status]), [
        [2, '甲', 'pass'], [3, '乙', 'fail'], [4, '丙', 'invalid'], [5, '丁', 'pass'],
      ]);
      const central = r.columns.find((c) => c.field === 'funds.central');
      assert.deepEqual(central, { header: '中央资金（万元）', field: 'funds.central', label: '中央资金', column: 'D', unit: '万元' });
      assert.deepEqual(r.unmapped.map((u) => u.header), ['备注']);
      const fail = r.rows[1];
      assert.equal(fail.shortfall, '100.00');
      assert.equal(fail.ratio, '0.2999');
      assert.equal(fail.verdict.status, 'fail');
      const bad = r.rows[2];
      assert.equal(bad.errors[0].code, 'money.chinese_numeral');
      assert.equal(bad.errors[0].field, 'funds.central');
      assert.equal(bad.errors[0].row, 4);
      assert.match(bad.errors[0].column, /^D（中央资金（万元））$/);
      assert.match(bad.error, /中文数字/);
      assert.deepEqual(r.errors, []);
    });

    test('options: asOf selects the rules, unit applies to unlabelled columns, unknown ones warn', () => {
      const plain = '名称,类型,中央资金,劳务报酬\nA,中央预算内,500,150\n';
      const wan = wr.checkPlans(enc(plain), 'p.csv', { unit: '万元', asOf: '2025-06-30', colour: 'red' });
      assert.equal(wan.rows[0].status, 'pass');
      assert.equal(wan.rows[0].verdict.findings.find((f) => f.rule === 'work_relief.central_budget').base, '5000000.00');
      assert.equal(wan.rows[0].verdict.asOf, '2025-06-30');
      assert.ok(wan.warnings.some((w) => w.code === 'input.unknown_field' && w.field === 'options.colour'));
      const yuan = wr.checkPlans(enc(plain), 'p.csv', { asOf: '2025-06-30' });
      assert.equal(yuan.rows[0].verdict.findings.find((f) => f.rule === 'work_relief.central_budget').base, '500.00');
      const bad = wr.checkPlans(enc(plain), 'p.csv', { asOf: '2025-02-30', unit: '美元' });
      // Rows without a date are then checked today, past the horizon (tests/node/horizon.test.mjs).
      assert.deepEqual(bad.warnings.filter((w) => w.code !== 'rules.past_horizon').map((w) => w.field).sort(), ['options.asOf', 'options.unit']);
    });

    test('yuan under a 万元 header: warned on its cell, 需人工审核, its verdict too', () => {
      const csv = '项目名称,类型,中央资金（万元）,劳务报酬（万元）\n甲,中央预算内,5000000,1600000\n乙,中央预算内,500,150\n';
      const r = wr.checkPlans(enc(csv), 'p.csv', { asOf: '2025-06-30' });
      assert.deepEqual(r.rows.map((row) => row.status), ['review', 'pass']);
      const w = r.rows[0].warnings.filter((x) => x.code === 'amount.unit_suspect');
      assert.deepEqual(w.map((x) => x.column), ['C（中央资金（万元））', 'D（劳务报酬（万元））']);
      assert.match(w[0].message, /按万元计为 500 亿元，若是元则为 500 万元/);
      assert.equal(r.rows[0].verdict.status, 'review');
      assert.deepEqual(r.rows[1].warnings ?? [], []);
    });

    test('files that are not plans: exactly one clear error, no rows, nothing thrown', () => {
      const cases = [
        [new Uint8Array(0), 'empty.csv', 'import.empty'],
        [enc('姓名,年龄\n张三,30\n'), 'people.csv', 'import.not_a_plan'],
        [enc('not json ['), 'x.json', 'import.bad_json'],
        [enc('{"a": 1'), 'x.json', 'import.bad_json'],
        [enc('42'), 'x.json', 'import.not_proposals'],
        [enc('plain text'), 'x.xlsx', 'import.not_xlsx'],
        // An OLE signature without a workbook inside: damaged, in every module (a real .xls is
        // the .xls module's: xls.test.mjs).
        [Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'old.xls', 'import.bad_xls'],
        [enc(CSV), 'big.csv', 'import.too_large', { maxBytes: 10 }],
      ];
      for (const [bytes, name, code, options] of cases) {
        const r = wr.checkPlans(bytes, name, options);
        assert.equal(r.errors.length, 1, `${name}: ${JSON.stringify(r.errors)}`);
        assert.equal(r.errors[0].code, code, name);
        assert.match(r.errors[0].message, /[\u4e00-\u9fff]/, `${name}: a Chinese message`);
        assert.deepEqual(r.rows, []);
        assert.equal(r.summary.total, 0);
      }
      assert.match(wr.checkPlans(enc(CSV), 'big.csv', { maxBytes: 10 }).errors[0].message, /上限/);
    });

    test('a JSON array of proposals is a plan too, rows are positions from 1', () => {
      const json = JSON.stringify([
        { name: 'J1', kind: 'central_budget', funds: { central: '500万' }, labourRemuneration: '150万' },
        { name: 'J2', kind: 'central_budget', funds: { central: -1 }, labourRemuneration: 1 },
      ]);
      const r = wr.checkPlans(enc(json), 'plan.json');
      assert.equal(r.format, 'json');
      assert.deepEqual(r.rows.map((x) => [x.row, x.status]), [[1, 'pass'], [2, 'invalid']]);
      assert.equal(r.rows[1].errors[0].field, 'funds.central');
    });

    test('PlanChecker: steps with progress, compact rows, verdicts on demand equal checkPlans', () => {
      const all = wr.checkPlans(enc(CSV), 'plan.csv');
      const checker = new wr.PlanChecker(enc(CSV), 'plan.csv');
      try {
        assert.equal(checker.checked(), 0);
        const before = checker.progress();
        assert.ok(before > 0 && before < 1, `progress after the header: ${before}`);
        assert.equal(checker.step(3), false);
        assert.equal(checker.checked(), 3);
        assert.ok(checker.progress() > before && checker.progress() < 1);
        assert.equal(checker.report().rows.length, 3);
        assert.deepEqual(checker.summary().rows, []);
        assert.equal(checker.summary().summary.total, 3);
        assert.equal(checker.step(3), true);
        assert.equal(checker.checked(), 4);
        assert.equal(checker.progress(), 1);
        const report = checker.report();
        assert.deepEqual(report.summary, all.summary);
        assert.deepEqual(checker.summary().summary, all.summary);
        const code = { pass: 0, fail: 1, review: 2, invalid: 3 };
        assert.deepEqual([...checker.statuses()], all.rows.map((r) => code[r.status]));
        assert.ok(checker.statuses() instanceof Uint8Array);
        // Views: filtered and sorted in the module, exact decimals, ties in file order.
        assert.deepEqual([...checker.order('all', 'row', false)], [0, 1, 2, 3]);
        assert.deepEqual([...checker.order('all', 'row', true)], [3, 2, 1, 0]);
        assert.deepEqual([...checker.order('notpass', 'row', false)], [1, 2]);
        assert.deepEqual([...checker.order('fail', 'status', false)], [1]);
        assert.deepEqual([...checker.order('all', 'status', false)], [1, 2, 0, 3]);
        // Ratios 0.3 (甲), 0.2999 (乙), none (丙, invalid), 0.3 (丁): none last either way.
        assert.deepEqual([...checker.order('all', 'ratio', false)], [1, 0, 3, 2]);
        assert.deepEqual([...checker.order('all', 'ratio', true)], [0, 3, 1, 2]);
        assert.deepEqual([...checker.order('all', 'shortfall', true)], [1, 0, 3, 2]);
        assert.throws(() => checker.order('everything', 'row', false), /未知的状态筛选/);
        assert.throws(() => checker.order('all', 'colour', false), /未知的排序列/);
        assert.deepEqual(checker.rows(Uint32Array.from([3, 1])), [report.rows[3], report.rows[1]]);
        assert.deepEqual(checker.rows(Uint32Array.from([99])), []);
        assert.deepEqual(checker.names(), ['甲', '乙', '丙', '丁']);
        for (const [i, row] of report.rows.entries()) {
          assert.equal(row.verdict, undefined, 'compact rows carry no verdict');
          const { verdict, ...compact } = all.rows[i];
          assert.deepEqual(row, compact);
          assert.deepEqual(checker.verdict(i), verdict);
        }
        assert.equal(checker.verdict(99), undefined);
        const csv = checker.csv();
        assert.ok(csv.startsWith('\uFEFF'), 'CSV export starts with a BOM so Excel reads UTF-8');
        const lines = csv.slice(1).trim().split('\r\n');
        assert.equal(lines.length, 5);
        assert.match(lines[0], /^文件,行号,项目名称,结果/);
        assert.match(lines[2], /^plan\.csv,3,乙,不符合,29\.99%,30%,100\.00,work_relief\.central_budget,/);
        const parsed = JSON.parse(checker.json());
        assert.deepEqual(parsed.summary, all.summary);
        assert.equal(parsed.rows.length, 4);
      } finally {
        checker.free();
      }
    });

    test('PlanChecker on a file that is not a plan: no rows, the one error in its report', () => {
      const checker = new wr.PlanChecker(enc('a,b\n1,2\n'), 'x.csv');
      assert.equal(checker.checked(), 0);
      assert.equal(checker.step(1000), true);
      assert.equal(checker.progress(), 1);
      assert.deepEqual([...checker.statuses()], []);
      assert.equal(checker.summary().errors[0].code, 'import.not_a_plan');
      assert.equal(checker.report().errors[0].code, 'import.not_a_plan');
      checker.free();
    });

    test('no byte sequence throws or kills the module', () => {
      let seed = 7;
      const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) & 0xff;
      const seeds = [enc(CSV), enc('[{"kind":"central_budget"}]'), Uint8Array.from([0x50, 0x4b, 3, 4])];
      for (let i = 0; i < 300; i++) {
        const base = seeds[i % seeds.length];
        const bytes = Uint8Array.from({ length: base.length + (i % 17) }, (_, j) => (j < base.length && rand() > 40 ? base[j] : rand()));
        for (const name of ['f.csv', 'f.json', 'f.xlsx']) {
          const r = wr.checkPlans(bytes, name);
          assert.equal(r.summary.total, r.rows.length);
        }
      }
      assert.equal(wr.checkPlans(enc(CSV), 'plan.csv').summary.total, 4, 'still alive');
    });

    test('fixtures: the same plan as XLSX, GBK CSV, UTF-8 CSV with BOM, 元 CSV and JSON gives identical verdicts', { skip: !hasFixtures && 'fixtures not generated' }, () => {
      const xlsx = wr.checkPlans(fixture('plan.xlsx'), 'plan.xlsx', { asOf: '2025-06-30' });
      assert.deepEqual(xlsx.errors, []);
      assert.equal(xlsx.format, 'xlsx');
      assert.deepEqual(xlsx.summary, { pass: 5, fail: 3, review: 2, invalid: 1, total: 11 });
      const gbk = wr.checkPlans(fixture('plan-gbk.csv'), 'plan-gbk.csv', { asOf: '2025-06-30' });
      assert.equal(gbk.encoding, 'GB18030（GBK）');
      for (const name of ['plan-gbk.csv', 'plan-utf8-bom.csv', 'plan-yuan.csv', 'plan.json']) {
        const other = wr.checkPlans(fixture(name), name, { asOf: '2025-06-30' });
        assert.deepEqual(other.errors, [], name);
        assert.deepEqual(other.summary, xlsx.summary, name);
        assert.deepEqual(comparable(other), comparable(xlsx), name);
      }
      const hostile = xlsx.rows.find((r) => r.name.includes('<img'));
      assert.equal(hostile.name, '<img src=x onerror=alert(1)>');
    });

    test('fixtures: a county table (instructions sheet first, unit line, two-row merged header, 合计 first) judges as the template', { skip: !hasFixtures && 'fixtures not generated' }, () => {
      const template = wr.checkPlans(fixture('plan.xlsx'), 'plan.xlsx', { asOf: '2025-06-30' });
      for (const name of ['county.xlsx', 'county-gbk.csv']) {
        const r = wr.checkPlans(fixture(`county/${name}`), name, { asOf: '2025-06-30' });
        assert.deepEqual(r.errors, [], name);
        assert.deepEqual(r.warnings, [], name);
        assert.deepEqual(r.headerRows, [3, 4], name);
        assert.deepEqual([r.unitLine.row, r.unitLine.unit], [2, '万元'], name);
        assert.deepEqual(r.skipped.map((s) => s.row), [5, 18], name);
        assert.deepEqual(r.summary, template.summary, name);
        assert.deepEqual(comparable(r), comparable(template), name);
      }
      const xlsx = wr.checkPlans(fixture('county/county.xlsx'), 'county.xlsx');
      assert.equal(xlsx.sheet, '项目计划表');
      assert.deepEqual(xlsx.otherSheets, ['填表说明']);
      // Without its fund columns no row is judged, and the file says which column is missing.
      const bare = wr.checkPlans(fixture('county/county-nofunds.xlsx'), 'county-nofunds.xlsx');
      assert.deepEqual(bare.summary, { pass: 0, fail: 0, review: 11, invalid: 0, total: 11 });
      assert.deepEqual(bare.warnings.map((w) => [w.code, w.field, w.row]), [
        ['import.base_missing', 'funds.central', 6],
        ['import.base_missing', 'funds.central', 7],
        ['import.base_missing', 'funds.central', 8],
        ['import.base_missing', 'funds.provincial', 11],
      ]);
      assert.match(bare.rows[0].note, /没有中央资金列/);
    });
  });
}

describe('web: the self-check module stays lean', async () => {
  const core = await load('web');
  test('pkg/workrelief.js checks proposals and carries no plan import', () => {
    assert.equal(typeof core.checkProposal, 'function');
    assert.equal(core.checkPlans, undefined);
    assert.equal(core.PlanChecker, undefined);
  });
});
