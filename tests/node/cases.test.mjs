// The data-driven cases of tests/cases/, run through the real JS API of the built package.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { FLAVOURS, load, readJson, patch } from './load.mjs';

const rulesJson = readJson('../../rules.json');
const money = readJson('../cases/money.json');
const caseFiles = readdirSync(new URL('../cases/proposals/', import.meta.url))
  .filter((f) => f.endsWith('.json'))
  .sort();

/** want ⊆ got for objects (null means absent), equality otherwise. */
function matches(want, got) {
  if (want === null) return got === undefined || got === null;
  if (typeof want === 'object' && !Array.isArray(want)) {
    return typeof got === 'object' && got !== null &&
      Object.entries(want).every(([k, v]) => matches(v, got[k]));
  }
  return JSON.stringify(want) === JSON.stringify(got);
}

const pairs = (list = []) => list.map((e) => `${e.field} ${e.code}`).sort();

function numberOf(value) {
  return { NaN, Infinity, '-Infinity': -Infinity }[value] ?? value;
}

for (const flavour of FLAVOURS) {
  describe(`${flavour}: data-driven cases`, async () => {
    const wr = await load(flavour);

    test('money.json through checkProposal', () => {
      assert.ok(money.cases.length >= 50);
      for (const c of money.cases) {
        const value = 'text' in c ? c.text : numberOf(c.number);
        const v = wr.checkProposal({ kind: 'key_project', unit: c.unit, labourRemuneration: value, date: '2025-06-30' });
        const label = JSON.stringify(c);
        if (c.yuan !== undefined) {
          assert.equal(v.status, 'review', label);
          assert.equal(v.proposal.labourRemuneration, c.yuan, label);
        } else {
          assert.equal(v.status, 'invalid', label);
          // An empty amount on a required field is reported as required, not as money.empty.
          const want = c.error === 'money.empty' ? 'input.required' : c.error;
          assert.deepEqual(pairs(v.errors), [`labourRemuneration ${want}`], label);
          assert.ok(v.errors[0].message.length > 0);
        }
      }
    });

    for (const file of caseFiles) {
      const data = readJson(`../cases/proposals/${file}`);
      // A file's `rules` are overlays, at paths relative to the file's folder, put on the book in order.
      const here = new URL(`../cases/proposals/${file}`, import.meta.url);
      const overlays = (data.rules ?? []).map((path) => readFileSync(new URL(path, here), 'utf8'));
      test(file, (t) => {
        wr.setRules(JSON.stringify(patch(rulesJson, data.patch)));
        try {
          for (const overlay of overlays) wr.addRules(overlay);
          for (const c of data.cases) {
            const usesToday = !c.options?.asOf && !c.proposal?.date;
            if (usesToday && data.today) {
              t.diagnostic(`skipped (depends on today): ${c.name}`);
              continue;
            }
            const v = wr.checkProposal(c.proposal, c.options);
            const e = c.expect;
            const where = `${file} / ${c.name}`;
            assert.equal(v.status, e.status, where);
            const finding = (id) => v.findings.find((f) => f.rule === id);
            for (const [id, want] of Object.entries(e.findings ?? {})) {
              assert.ok(finding(id), `${where}: no finding ${id}`);
              assert.ok(matches(want, finding(id)), `${where}: ${id} ${JSON.stringify(finding(id))} !~ ${JSON.stringify(want)}`);
            }
            for (const id of e.absent ?? []) assert.equal(finding(id), undefined, `${where}: ${id} should be absent`);
            for (const [id, text] of Object.entries(e.messageContains ?? {})) {
              assert.ok(finding(id)?.message.includes(text), `${where}: ${id} message lacks ${text}`);
            }
            assert.deepEqual(pairs(v.errors), pairs(e.errors), where);
            for (const w of pairs(e.warnings)) assert.ok(pairs(v.warnings).includes(w), `${where}: warning ${w}`);
            if (e.proposal) assert.ok(matches(e.proposal, v.proposal), `${where}: proposal ${JSON.stringify(v.proposal)}`);
          }
        } finally {
          wr.resetRules();
        }
      });
    }
  });
}
