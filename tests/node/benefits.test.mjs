// The benefit cases of tests/cases/workshops/ and tests/cases/subsidies/ (formats in their
// README.md files; the native harness is tests/benefits.rs) through the real JS API of both
// builds, the sample rosters of tests/fixtures/rosters/ through checkRosterFile, the masking
// invariant (no ID number of the input in any result) and hostile input (nothing throws).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { FLAVOURS, load, loadPlans, readBytes, readJson } from './load.mjs';

function caseFiles(family) {
  return readdirSync(new URL(`../cases/${family}/`, import.meta.url))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, cases: readJson(`../cases/${family}/${file}`).cases }));
}

const WORKSHOPS = caseFiles('workshops');
const SUBSIDIES = caseFiles('subsidies');

/**
 * want ⊆ got for objects (null means absent; reasonContains: one of got.reasons, or got.reason,
 * contains the text), element by element for arrays of the same length, equality otherwise.
 */
function matches(want, got) {
  if (want === null) return got === undefined || got === null;
  if (Array.isArray(want)) {
    return Array.isArray(got) && got.length === want.length && want.every((w, i) => matches(w, got[i]));
  }
  if (typeof want === 'object') {
    return typeof got === 'object' && got !== null && Object.entries(want).every(([k, v]) => {
      if (k === 'reasonContains') return [...(got.reasons ?? []), got.reason ?? ''].some((r) => r.includes(v));
      return matches(v, got[k]);
    });
  }
  return JSON.stringify(want) === JSON.stringify(got);
}

/** Differences between expected problems and the report's (exact: nothing else allowed). */
function problemDiffs(what, want = [], got = [], exact) {
  const diffs = [];
  const used = new Set();
  for (const w of want) {
    const i = got.findIndex((g, j) => !used.has(j) && matches(w, g));
    if (i < 0) diffs.push(`${what}: ${JSON.stringify(w)} missing from ${JSON.stringify(got)}`);
    else used.add(i);
  }
  if (exact) got.forEach((g, j) => used.has(j) || diffs.push(`${what}: unexpected ${JSON.stringify(g)}`));
  for (const g of got) if (!g.message) diffs.push(`${what}: no message in ${JSON.stringify(g)}`);
  return diffs;
}

function commonDiffs(e, got, keys) {
  const diffs = [
    ...problemDiffs('errors', e.errors ?? [], got.errors, true),
    ...problemDiffs('warnings', e.warnings ?? [], got.warnings, false),
  ];
  for (const k of keys) {
    if (k in e && !matches(e[k], got[k])) diffs.push(`${k}: ${JSON.stringify(got[k])} !~ ${JSON.stringify(e[k])}`);
  }
  return diffs;
}

function workshopDiffs(e, r) {
  const diffs = commonDiffs(e, r, ['recognition', 'reward', 'employees', 'awards', 'province', 'name']);
  for (const [part, text] of Object.entries(e.messageContains ?? {})) {
    if (!r[part]?.message?.includes(text)) diffs.push(`${part}.message ${r[part]?.message} lacks ${text}`);
  }
  return diffs;
}

function subsidyDiffs(e, r) {
  const diffs = commonDiffs(e, r, ['total', 'totalUpTo', 'province', 'policies']);
  for (const [list, ids] of [['items', 'itemIds'], ['related', 'relatedIds']]) {
    if (e[ids] && JSON.stringify(r[list].map((i) => i.id)) !== JSON.stringify(e[ids])) {
      diffs.push(`${ids}: ${JSON.stringify(r[list].map((i) => i.id))} != ${JSON.stringify(e[ids])}`);
    }
    for (const [id, want] of Object.entries(e[list] ?? {})) {
      const item = r[list].find((i) => i.id === id);
      if (!item) diffs.push(`${list}: no ${id}`);
      else if (!matches(want, item)) diffs.push(`${list} ${id}: ${JSON.stringify(item)} !~ ${JSON.stringify(want)}`);
    }
  }
  if (e.messageContains && !r.message.includes(e.messageContains)) diffs.push(`message ${r.message} lacks ${e.messageContains}`);
  return diffs;
}

const digitRuns = (text) => text.match(/[0-9]{15,}/g) ?? [];
const fold = (text) => text.normalize('NFKC').replace(/[\s-]/g, '');

/** The ID numbers an input holds: texts under `id`, and every run of 15 or more digits. */
function inputIds(value, key, out = []) {
  if (typeof value === 'string') {
    if (key === 'id') for (const t of [value.trim(), fold(value)]) if ([...t].length >= 15) out.push(t);
    out.push(...digitRuns(value), ...digitRuns(fold(value)));
  } else if (typeof value === 'number' || typeof value === 'bigint') {
    if (Number.isFinite(Number(value))) out.push(...digitRuns(BigInt(Math.trunc(Number(value))).toString()));
    out.push(...digitRuns(String(value)));
  } else if (Array.isArray(value)) {
    for (const v of value) inputIds(v, undefined, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) inputIds(v, k, out);
  }
  return out;
}

/** Every input ID, and any run of 15 or more digits at all, found in the output. */
function leaks(ids, result) {
  const text = JSON.stringify(result);
  return [...ids.filter((id) => text.includes(id)), ...digitRuns(text).map((r) => `digit run ${r}`)];
}

// GB 11643-1999 check character.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const withCheck = (first17) =>
  first17 + '10X98765432'[[...first17].reduce((s, d, i) => s + Number(d) * WEIGHTS[i], 0) % 11];

const ROSTERS = ['roster.csv', 'roster-gbk.csv', 'roster.xlsx'];
const rosterBytes = (name) => readBytes(`../fixtures/rosters/${name}`);

/** The workshop part with rows counted from the header row (files with a title row compare). */
function relative(report) {
  const h = report.headerRow;
  const w = structuredClone(report.workshop);
  const shift = (text) => text.replace(/第 (\d+) 行/g, (_, n) => `第 +${Number(n) - h} 行`);
  for (const list of ['employees', 'errors', 'warnings']) {
    for (const item of w[list]) {
      if (item.row !== undefined) item.row -= h;
      if (item.message) item.message = shift(item.message);
      if (item.reasons) item.reasons = item.reasons.map(shift);
    }
  }
  return w;
}

for (const flavour of FLAVOURS) {
  describe(`${flavour}: benefits`, async () => {
    const wr = await load(flavour);
    const plans = await loadPlans(flavour);

    for (const { file, cases } of WORKSHOPS) {
      test(`workshops/${file}`, () => {
        const failures = [];
        for (const c of cases) {
          const r = wr.checkWorkshop(c.roster, c.options);
          const diffs = workshopDiffs(c.expect, r);
          const leaked = leaks(inputIds(c.roster), r);
          diffs.push(...leaked.map((l) => `unmasked: ${l}`));
          if (diffs.length) failures.push(`${file} / ${c.name}:\n  ${diffs.join('\n  ')}`);
        }
        assert.equal(failures.length, 0, failures.join('\n'));
      });
    }

    for (const { file, cases } of SUBSIDIES) {
      test(`subsidies/${file}`, () => {
        const failures = [];
        for (const c of cases) {
          const diffs = subsidyDiffs(c.expect, wr.estimateSubsidies(c.profile, c.options));
          if (diffs.length) failures.push(`${file} / ${c.name}:\n  ${diffs.join('\n  ')}`);
        }
        assert.equal(failures.length, 0, failures.join('\n'));
      });
    }

    test('enough cases, and the same count as natively', () => {
      assert.ok(WORKSHOPS.reduce((n, f) => n + f.cases.length, 0) >= 60);
      assert.ok(SUBSIDIES.reduce((n, f) => n + f.cases.length, 0) >= 50);
    });

    test('roster files: the same result in every format, rows as the employer sees them, nothing unmasked', () => {
      const ids = [
        ...digitRuns(new TextDecoder().decode(rosterBytes('roster.csv'))),
        ...digitRuns(new TextDecoder().decode(rosterBytes('make_rosters.py'))),
        '220101199003072000',
      ];
      const reports = {};
      for (const name of ROSTERS) {
        const r = plans.checkRosterFile(rosterBytes(name), name, { province: '吉林省', name: '测试车间' }, { asOf: '2025-06-30' });
        reports[name] = r;
        assert.deepEqual(r.errors, [], name);
        assert.deepEqual(leaks(ids, r), [], name);
        const w = r.workshop;
        assert.equal(w.recognition.status, 'recognized', name);
        assert.equal(w.recognition.qualifying, 3, name);
        assert.deepEqual([w.reward.status, w.reward.persons, w.reward.amount], ['eligible', 2, '2000.00'], name);
        assert.equal(w.employees[0].id, '2201**********2012', name);
        const h = r.headerRow;
        assert.deepEqual(w.employees.slice(0, 9).map((e) => e.row), [1, 2, 3, 5, 6, 7, 8, 9, 10].map((k) => k + h), name);
        const bad = w.errors.find((p) => p.code === 'id.checksum');
        assert.deepEqual([bad.row, bad.field, bad.column], [6 + h, 'employees[4].id', 'A（身份证号）'], name);
        const income = w.errors.find((p) => p.code === 'money.chinese_numeral');
        assert.deepEqual([income.row, income.column], [9 + h, 'F（年收入（元））'], name);
        const dup = w.warnings.find((p) => p.code === 'roster.duplicate');
        assert.deepEqual([dup.row, dup.column], [7 + h, 'A（身份证号）'], name);
      }
      assert.equal(reports['roster.csv'].headerRow, 1);
      assert.equal(reports['roster-gbk.csv'].headerRow, 2);
      assert.equal(reports['roster.xlsx'].headerRow, 2);
      const csv = relative(reports['roster.csv']);
      assert.deepEqual(relative(reports['roster-gbk.csv']), csv);
      // The XLSX's last row holds the ID as a number cell: reported, never echoed.
      const xlsx = relative(reports['roster.xlsx']);
      const numeric = xlsx.errors.find((p) => p.code === 'id.not_text');
      assert.deepEqual([numeric.row, numeric.field, numeric.column], [11, 'employees[9].id', 'A（身份证号）']);
      assert.equal(xlsx.employees[9].id, '******************');
      for (const list of ['employees', 'errors', 'warnings']) xlsx[list] = xlsx[list].filter((x) => x.row !== 11);
      assert.deepEqual(xlsx, csv);
    });

    test('a file that is not a roster gives exactly one error', () => {
      const r = plans.checkRosterFile(rosterBytes('not-a-roster.csv'), 'not-a-roster.csv', { province: '吉林' });
      assert.equal(r.workshop, undefined);
      assert.deepEqual(r.errors.map((e) => e.code), ['import.not_a_roster']);
      const plan = readBytes('../fixtures/plans/plan.xlsx');
      assert.deepEqual(plans.checkRosterFile(plan, 'plan.xlsx', { province: '吉林' }).errors.map((e) => e.code), ['import.not_a_roster']);
    });

    test('nothing throws on hostile input', () => {
      let deep = [];
      for (let i = 0; i < 100; i++) deep = i % 2 ? [deep] : { employees: deep }; // a chain, not a tree
      const junk = [
        undefined, null, 0, -1, NaN, Infinity, '', 'x', '吉林', true, [], [1, 2], {}, Symbol('s'), () => 1, 10n ** 30n,
        new Date(), new Map([['province', '吉林']]), new Uint8Array([1, 2]), deep,
        { province: {}, employees: {} }, { province: '吉林', employees: [null, 1, 'x', [], {}, true, () => 1] },
        { province: '吉林', employees: [{ id: {}, group: [], contractMonths: {}, monthsEmployed: NaN, annualIncome: Infinity }] },
        { province: '吉林', employees: [{ id: 'x'.repeat(100000), name: '名'.repeat(10000), group: '\u0000', annualIncome: '9'.repeat(5000) }] },
        { province: '甘肃', recognized: {}, employees: [{ id: 10n ** 17n, hukouProvince: 62, subsidyClaimed: 2 }] },
        { province: 62.5, employees: deep }, { group: deep, work: deep, trainingDays: 1e300, monthsEmployed: -0 },
        { province: '贵州', group: '脱贫人口', work: 'local', trainingDays: Number.MAX_VALUE, organized: 'maybe' },
      ];
      const options = [undefined, null, {}, 'x', 5, [], { asOf: 5 }, { asOf: '2025-13-45' }, { asOf: deep }, { asOf: '2025-06-30', zzz: 1 }];
      for (const input of junk) {
        for (const o of options) {
          const r = wr.checkWorkshop(input, o);
          assert.ok(Array.isArray(r.errors) && Array.isArray(r.employees));
          assert.ok(r.errors.every((e) => e.code && e.message));
          const s = wr.estimateSubsidies(input, o);
          assert.ok(Array.isArray(s.items) && typeof s.total === 'string');
          const f = plans.checkRosterFile(new Uint8Array([0x22, 0xff, 0x00]), 'x.csv', input, o);
          assert.ok(Array.isArray(f.errors));
        }
      }
      for (const bytes of [new Uint8Array(), new Uint8Array([0x50, 0x4b, 3, 4]), new TextEncoder().encode('身份证号\n'.repeat(3))]) {
        for (const name of ['a.csv', 'a.xlsx', 'a.json', '']) {
          assert.ok(Array.isArray(plans.checkRosterFile(bytes, name, { province: '吉林' }).errors));
        }
      }
      // The module still works after all of that.
      const ok = wr.checkWorkshop(WORKSHOPS.find((f) => f.file === 'jilin.json').cases[0].roster, { asOf: '2025-06-30' });
      assert.equal(ok.reward.amount, '3000.00');
    });

    test('a roster of 10,000 employees', () => {
      const employees = [];
      for (let i = 0; i < 10000; i++) {
        // Synthetic and distinct: born 1960-03-07 to 1969-03-07, sequence 000 to 999.
        const id = withCheck(`220101${1960 + Math.floor(i / 1000)}0307${String(i % 1000).padStart(3, '0')}`);
        employees.push({ id, name: `测试${i}`, group: i % 7 === 0 ? '其他' : '脱贫人口', contractMonths: 3 + (i % 10), monthsEmployed: 12, annualIncome: 4000 + i, subsidyClaimed: i % 5 === 0 ? '是' : '否' });
      }
      const t0 = performance.now();
      const r = wr.checkWorkshop({ province: '吉林', employees }, { asOf: '2025-06-30' });
      const ms = performance.now() - t0;
      console.log(`${flavour}: checkWorkshop on 10,000 employees took ${ms.toFixed(0)} ms`);
      assert.equal(r.employees.length, 10000);
      assert.deepEqual(r.errors, []);
      assert.deepEqual(r.warnings, []);
      const others = employees.filter((_, i) => i % 7 === 0).length;
      assert.equal(r.recognition.qualifying, 10000 - others);
      const claimed = employees.filter((_, i) => i % 7 !== 0 && i % 5 === 0).length;
      assert.equal(r.reward.persons, 10000 - others - claimed);
      assert.equal(r.reward.amount, `${(10000 - others - claimed) * 1000}.00`);
      // Every ID is a run of 17 or 18 digits: none may appear (a substring search per ID would be slow).
      assert.deepEqual(digitRuns(JSON.stringify(r)), []);
      assert.ok(r.employees.every((e, i) => e.id === `${employees[i].id.slice(0, 4)}**********${employees[i].id.slice(14)}`));
    });
  });
}
