// The horizon through the JS API: a check, a plan, an estimate and a workshop check dated past
// the end of a document the rules rest on carry rules.past_horizon, once per document; dated
// inside it, none.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { FLAVOURS, load, loadPlans, readJson } from './load.mjs';

const kinds = readJson('../../rules.json').projectKinds.map((k) => k.id);
const past = (warnings) => warnings.filter((w) => w.code === 'rules.past_horizon');
const proposal = (kind) => ({ kind, province: '甘肃', funds: { central: '300万', provincial: '100万', county: '50万' }, labourRemuneration: '140万' });

for (const flavour of FLAVOURS) {
  describe(`${flavour}: horizon`, async () => {
    const wr = await load(flavour);
    const plans = await loadPlans(flavour);

    test('every 以工代赈 kind checked on 2026-06-01 carries the warning once; 2025-06-01 and 2025-12-31 do not', () => {
      assert.ok(kinds.length >= 5);
      for (const kind of kinds) {
        const v = wr.checkProposal(proposal(kind), { asOf: '2026-06-01' });
        const w = past(v.warnings);
        assert.equal(w.length, 1, kind);
        assert.equal(w[0].field, 'asOf');
        assert.match(w[0].message, /核查日期 2026-06-01 已晚于《甘肃省人力资源和社会保障厅 甘肃省农业农村厅关于做好脱贫人口就业帮扶工作有关事项的通知》的适用期限 2025-12-31/);
        assert.match(w[0].message, /可能已有新的文件/);
        for (const asOf of ['2025-06-01', '2025-12-31']) {
          assert.deepEqual(past(wr.checkProposal(proposal(kind), { asOf }).warnings), [], `${kind} ${asOf}`);
        }
        assert.equal(past(wr.checkProposal(proposal(kind), { asOf: '2026-01-01' }).warnings).length, 1, kind);
      }
    });

    test('a plan report carries it once, not on its rows', () => {
      const csv = '项目名称,所在省份,项目类型,中央资金（万元）,劳务报酬（万元）,核算日期\n甲,甘肃省,中央预算内,500,160,2026-06-01\n乙,甘肃省,中央衔接资金,500,160,2026-06-01\n';
      const r = plans.checkPlans(new TextEncoder().encode(csv), 'p.csv');
      assert.equal(r.summary.total, 2);
      assert.equal(past(r.warnings).length, 1);
      assert.ok(r.rows.every((row) => past(row.warnings ?? []).length === 0));
      const before = plans.checkPlans(new TextEncoder().encode(csv.replaceAll('2026-06-01', '2025-06-01')), 'p.csv');
      assert.deepEqual(past(before.warnings), []);
    });

    test('a 2026 Guizhou estimate (¥0) and a 2026 Jilin workshop check carry it', () => {
      const profile = { province: '贵州', group: '脱贫人口', work: 'out_of_province', organized: true, firstTime: true };
      const e = wr.estimateSubsidies(profile, { asOf: '2026-06-01' });
      assert.equal(e.total, '0.00');
      assert.match(past(e.warnings)[0].message, /切实加强就业帮扶.*2025-12-31/);
      assert.deepEqual(past(wr.estimateSubsidies(profile, { asOf: '2025-06-01' }).warnings), []);
      const roster = { province: '吉林', employees: [{ name: '甲', group: '脱贫人口', contractMonths: 3, monthsEmployed: 3, annualIncome: 4000 }] };
      const w = wr.checkWorkshop(roster, { asOf: '2026-06-01' });
      assert.match(past(w.warnings)[0].message, /吉人社联〔2022〕81号/);
      assert.deepEqual(past(wr.checkWorkshop(roster, { asOf: '2025-06-01' }).warnings), []);
    });
  });
}
