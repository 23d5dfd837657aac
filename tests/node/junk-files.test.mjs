// Files that are not plans through the API the review worker uses (checkPlans, and the
// step-wise PlanChecker) and the roster API the workshop worker uses, on every build: each gets
// one file-level error in Chinese that says what the file is, with no English word; a plan with
// one bad row still reports that row with the field named in Chinese.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { FLAVOURS, loadPlans } from './load.mjs';
import { BAD_JSON, JUNK, englishWords } from './junk.mjs';

const enc = (text) => new TextEncoder().encode(text);

function onlyError(report) {
  assert.equal(report.rows.length, 0, JSON.stringify(report.rows));
  assert.equal(report.errors.length, 1, JSON.stringify(report.errors));
  const [e] = report.errors;
  assert.match(e.message, /[\u4e00-\u9fff]/);
  assert.deepEqual(englishWords(e.message), [], e.message);
  return e;
}

for (const flavour of FLAVOURS) {
  describe(`${flavour}: files that are not plans`, async () => {
    const wr = await loadPlans(flavour);

    test('an image, a PDF, a Word file and an archive are told what they are', () => {
      for (const [name, , bytes, what] of JUNK) {
        const e = onlyError(wr.checkPlans(new Uint8Array(bytes), name));
        assert.equal(e.code, 'import.not_a_table', name);
        assert.equal(e.message, `这是${what}，不是表格文件。请上传 XLSX、XLS、CSV 或 JSON 格式的项目计划表。`);
      }
    });

    test('the step-wise checker the worker drives gives the same one error', () => {
      for (const [name, , bytes, what] of JUNK) {
        const checker = new wr.PlanChecker(new Uint8Array(bytes), name);
        assert.equal(checker.step(1000), true);
        const e = onlyError(checker.summary());
        checker.free();
        assert.equal(e.code, 'import.not_a_table', name);
        assert.match(e.message, new RegExp(`^这是${what}，`));
      }
    });

    test('broken JSON and JSON of something else', () => {
      for (const [name, text, code, words] of BAD_JSON) {
        const e = onlyError(wr.checkPlans(enc(text), name));
        assert.equal(e.code, code, name);
        assert.ok(e.message.includes(words), e.message);
        assert.doesNotMatch(e.message, /EOF|expected|line|column|invalid/);
      }
    });

    test('a JSON plan with one bad row names its field in Chinese', () => {
      const r = wr.checkPlans(enc(JSON.stringify([
        { name: '甲', province: '甘肃', kind: '中央预算内', funds: { central: '500万' }, labourRemuneration: '150万', date: '2025-06-30' },
        { name: '乙', province: '甘肃', kind: '中央预算内', funds: { central: 'x' }, labourRemuneration: '1', date: '2025-06-30' },
      ])), 'plan.json');
      assert.deepEqual(r.errors, []);
      assert.deepEqual(r.rows.map((x) => x.status), ['pass', 'invalid']);
      const [e] = r.rows[1].errors;
      assert.equal(e.field, 'funds.central');
      assert.equal(e.column, '中央资金');
      assert.match(r.rows[1].error, /^中央资金：/);
      assert.deepEqual(englishWords(r.rows[1].error), []);
    });

    test('a roster upload is told the same, and asked for a roster', () => {
      const [name, , bytes, what] = JUNK.find(([n]) => n.endsWith('.pdf'));
      const r = wr.checkRosterFile(new Uint8Array(bytes), name, { province: '吉林' });
      assert.equal(r.errors.length, 1, JSON.stringify(r.errors));
      assert.equal(r.errors[0].code, 'import.not_a_table');
      assert.equal(r.errors[0].message, `这是${what}，不是表格文件。请上传 XLSX、XLS、CSV 或 JSON 格式的人员名单。`);
    });
  });
}
