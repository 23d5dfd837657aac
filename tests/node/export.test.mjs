// The XLSX export through the JS API, as the review worker does it: the plans module renders the
// checked plan (PlanChecker.exportTable), the export module writes the workbook (xlsxFromTable).
// Every build gives the same bytes as pkg-node/, whose writer tests/export_xlsx.rs reads back
// cell for cell with calamine and LibreOffice.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { FLAVOURS, load, loadExport, loadPlans, readBytes } from './load.mjs';

const FIXTURES = '../fixtures/plans/';
const hasFixtures = existsSync(new URL(`${FIXTURES}plan.xlsx`, import.meta.url));
const enc = (text) => new TextEncoder().encode(text);
const CSV = [
  '项目名称,所在省份,项目类型,中央资金（元）,劳务报酬（元）,劳务报酬占比,核算日期',
  '=1+1,甘肃,中央预算内,1000000,299999.99,32%,2025-06-30',
  '乙,甘肃,中央预算内,1000000,299960,30.00%,2025-06-30',
].join('\n');

/** The workbook of a file, checked with one build's plans module and written by its export module. */
function workbook(plans, exporter, bytes, name) {
  const checker = new plans.PlanChecker(bytes, name, { asOf: '2025-06-30' });
  try {
    while (!checker.step(1000));
    const table = checker.exportTable();
    return { table: JSON.parse(table), xlsx: exporter.xlsxFromTable(table) };
  } finally {
    checker.free();
  }
}

const node = await load('nodejs');
const files = [['plan.csv', enc(CSV)]];
if (hasFixtures) files.push(['plan.xlsx', readBytes(`${FIXTURES}plan.xlsx`)]);

for (const flavour of FLAVOURS) {
  describe(`${flavour}: XLSX export`, async () => {
    const plans = await loadPlans(flavour);
    const exporter = await loadExport(flavour);

    test('the table: the plan\'s own columns, then the results; formulas defused; amounts in fen', () => {
      const { table, xlsx } = workbook(plans, exporter, enc(CSV), 'plan.csv');
      assert.deepEqual(table.header, ['行号', '项目名称', '所在省份', '项目类型', '中央资金（元）', '劳务报酬（元）', '劳务报酬占比', '核算日期',
        '审核结论', '比例', '比例下限', '下限金额（元）', '差额（元）', '依据', '问题与提示']);
      const [first, second] = table.rows;
      assert.equal(first.status, 'fail');
      assert.deepEqual(first.cells[1], { text: "'=1+1" });
      assert.deepEqual(first.cells.slice(8, 13), [{ text: '不符合' }, { text: '29.99%' }, { text: '30%' }, { fen: 30000000 }, { fen: 1 }]);
      assert.match(first.cells[14].text, /与金额不符/);
      assert.match(second.cells[14].text, /四舍五入/);
      assert.deepEqual([...xlsx.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'a zip');
    });

    test('the same workbook as pkg-node/ writes, byte for byte', { skip: flavour === 'nodejs' }, () => {
      for (const [name, bytes] of files) {
        const mine = workbook(plans, exporter, bytes, name);
        const theirs = workbook(node, node, bytes, name);
        assert.deepEqual(mine.table, theirs.table, name);
        assert.deepEqual(Buffer.from(mine.xlsx), Buffer.from(theirs.xlsx), name);
      }
    });

    test('a table that cannot be read is a coded error in Chinese', () => {
      assert.throws(() => exporter.xlsxFromTable('{'), (e) => e.code === 'export.bad_table' && /无法读取/.test(e.message));
    });
  });
}
