// Excel 97-2003 workbooks through the JS API: the .xls module (pkg-node/ has it built in; the web
// build ships it as pkg/workrelief_xls.js, which the workers load only for .xls files) reads
// tests/fixtures/plans/plan.xls into the same report as plan.xlsx; the plan module, without the
// reader, answers `import.xls` (the worker's cue to switch); password-protected workbooks are
// told so by every module.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { FLAVOURS, loadPlans, loadXls, readBytes } from './load.mjs';

const fixture = (name) => readBytes(`../fixtures/plans/${name}`);
const ENCRYPTED = '文件设置了打开密码，请取消密码后再上传';

/** A report without the file's own name and format. */
function comparable(report) {
  const { fileName, format, ...rest } = report;
  return rest;
}

for (const flavour of FLAVOURS) {
  describe(`${flavour}: .xls`, async () => {
    const xls = await loadXls(flavour);
    const plans = await loadPlans(flavour);

    test('plan.xls gives the same report as plan.xlsx: rows, verdicts, row numbers, columns', () => {
      const a = xls.checkPlans(fixture('plan.xls'), 'plan.xls');
      const b = xls.checkPlans(fixture('plan.xlsx'), 'plan.xlsx');
      assert.equal(a.format, 'xls');
      assert.equal(b.format, 'xlsx');
      assert.deepEqual(a.errors, []);
      assert.deepEqual(a.summary, { pass: 5, fail: 3, review: 2, invalid: 1, total: 11 });
      assert.equal(a.sheet, '项目计划');
      assert.equal(a.rows[3].verdict.findings[0].shortfall, '0.01');
      assert.deepEqual(comparable(a), comparable(b));
    });

    test('PlanChecker steps through an .xls as the worker drives it', () => {
      const checker = new xls.PlanChecker(fixture('plan.xls'), 'plan.xls', { verdicts: false });
      try {
        while (!checker.step(4));
        assert.equal(checker.checked(), 11);
        assert.equal(checker.summary().format, 'xls');
        assert.deepEqual([...checker.order('fail', 'row', false)].length, 3);
      } finally {
        checker.free();
      }
    });

    test('the plan module answers import.xls unless it reads .xls itself', () => {
      const r = plans.checkPlans(fixture('plan.xls'), 'plan.xls');
      if (flavour === 'nodejs') {
        assert.equal(r.format, 'xls');
        return;
      }
      assert.equal(r.errors.length, 1);
      assert.equal(r.errors[0].code, 'import.xls');
      assert.match(r.errors[0].message, /[\u4e00-\u9fff]/);
      assert.doesNotMatch(r.errors[0].message, /另存为/);
    });

    test('password-protected workbooks are told so, by every module, whatever their name', () => {
      for (const mod of [xls, plans]) {
        for (const name of ['encrypted.xls', 'encrypted.xlsx']) {
          for (const fileName of [name, '计划.xlsx']) {
            const r = mod.checkPlans(fixture(name), fileName);
            assert.deepEqual(r.errors.map((e) => [e.code, e.message]), [['import.encrypted', ENCRYPTED]], name);
            assert.deepEqual(r.rows, []);
          }
        }
      }
    });

    test('an .xls roster gives the same report as its XLSX', () => {
      const roster = (name) => xls.checkRosterFile(readBytes(`../fixtures/rosters/${name}`), name, { province: '吉林省' }, { asOf: '2025-06-30' });
      const a = roster('roster.xls');
      assert.equal(a.format, 'xls');
      assert.equal(a.workshop.employees.length, 10);
      assert.deepEqual(comparable(a), comparable(roster('roster.xlsx')));
    });
  });
}
