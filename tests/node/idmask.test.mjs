// The masking invariant through the built packages (the native property test is
// tests/idmask.rs): generated resident ID numbers (valid, 18 and 15 digits; plain, grouped with
// spaces, hyphens, ideographic or zero-width spaces, full-width, lower-case x) go into every
// field of proposals, rosters, subsidy profiles and plan files (CSV and JSON: names, every
// column, headers, titles, notes, file names, options, a rule book given to setRules), and
// every result of every export (objects, the verdict wire, strings, the workbook) is searched
// for them with separators stripped. Amounts, ratios and row numbers must come out unchanged.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { FLAVOURS, load, loadPlans, loadExport, readJson } from './load.mjs';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const withCheck = (body) => body + CHECK[[...body].reduce((s, d, i) => s + Number(d) * WEIGHTS[i], 0) % 11];

/** mulberry32: the same numbers on every run. */
function rng(seed) {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296 * n) | 0;
  };
}

const pad = (n, w) => String(n).padStart(w, '0');
const FULL = (s) => s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** Makes numbers and remembers them (canonical: ASCII, upper-case X). */
function ids(seed) {
  const r = rng(seed);
  const all = new Set();
  const canonical = () => {
    const place = `${10 + r(60)}${pad(100 + r(9000), 4)}`;
    const [y, m, d] = [1940 + r(66), 1 + r(12), 1 + r(28)];
    const id = r(5) === 0
      ? `${place}${pad(y % 100, 2)}${pad(m, 2)}${pad(d, 2)}${pad(r(1000), 3)}`
      : withCheck(`${place}${y}${pad(m, 2)}${pad(d, 2)}${pad(r(1000), 3)}`);
    all.add(id);
    return id;
  };
  const written = (id, form) => {
    const cut = id.length === 18 ? [6, 14] : [6, 12];
    const groups = (sep) => [id.slice(0, cut[0]), id.slice(cut[0], cut[1]), id.slice(cut[1])].join(sep);
    switch (form) {
      case 1: return groups(' ');
      case 2: return groups('-');
      case 3: return groups('\u3000');
      case 4: return groups('\u200b');
      case 5: return FULL(id);
      case 6: return id.toLowerCase();
      case 7: return id.match(/.{1,4}/g).join(' ');
      default: return id;
    }
  };
  return { all, canonical, any: () => written(canonical(), r(8)) };
}

/** The text with separators, visible forms (<U+200B>) and \u escapes dropped, full-width folded. */
function normalised(text) {
  return text
    .replace(/<U\+[0-9A-F]{4,6}>/g, '')
    .replace(/\\u[0-9a-fA-F]{4}/g, '')
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[xｘＸ]/g, 'X')
    .replace(/[\s\-‐‑‒–—―−－\u200b-\u200d\u2060\ufeff]/g, '');
}

/** Each number of `all` that `output` holds whole (18 characters: the first 17 suffice). */
function found(all, output) {
  const runs = normalised(output).split(/[^0-9X]+/).filter((run) => run.length >= 15);
  if (!runs.length) return [];
  return [...all].filter((id) => runs.some((run) => run.includes(id.slice(0, 17))));
}

const text = (value) => (typeof value === 'string' ? value : JSON.stringify(value));
const enc = (s) => new TextEncoder().encode(s);

/** The text of every entry of a zip archive (stored or deflated), found by its central directory. */
function unzipped(bytes) {
  const buf = Buffer.from(bytes);
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = buf.readUInt32LE(end + 16);
  let out = '';
  for (let n = buf.readUInt16LE(end + 10); n > 0; n--) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const local = buf.readUInt32LE(at + 42);
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const body = buf.subarray(data, data + size);
    out += (method === 8 ? inflateRawSync(body) : body).toString('utf8');
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return out;
}

function set(obj, path, value) {
  const keys = path.split('.');
  let at = obj;
  for (const k of keys.slice(0, -1)) at = at[k] ??= {};
  at[keys.at(-1)] = value;
}

/** Copies of base with one field holding a number (plain, with 元, with 万元), plus an unknown key. */
function variants(base, fields, g) {
  const out = [];
  for (const f of fields) {
    for (const suffix of ['', '元', '万元']) {
      const v = structuredClone(base);
      set(v, f, `${g.any()}${suffix}`);
      out.push(v);
    }
  }
  out.push({ ...structuredClone(base), [g.any()]: g.any() });
  return out;
}

const PROPOSAL = {
  name: '某村道路硬化', province: '甘肃省', kind: '以工代赈中央预算内投资项目',
  funds: { central: 5000000, other: '1,000,000.00' }, labourRemuneration: '1,499,999.99', date: '2025-06-30',
};
const PROPOSAL_FIELDS = ['name', 'province', 'kind', 'unit', 'funds.central', 'funds.provincial', 'funds.other',
  'labourRemuneration', 'workers.total', 'date'];
const PLAN_HEADER = ['序号', '项目名称', '所在省份', '项目类型', '中央资金（元）', '省级资金（万元）', '劳务报酬（元）',
  '劳务报酬占比', '核算日期', '建设单位'];

function planCsv(g) {
  const rows = [[`2025年计划 ${g.any()}`], [...PLAN_HEADER, g.any()]];
  const normal = (n, name) => [n, name, '甘肃省', '以工代赈中央预算内投资项目', '5000000', '', '1499999.99', '', '2025-06-30', '某公司', ''];
  rows.push(normal('1', '差一分的项目'));
  let n = 2;
  for (let c = 1; c < PLAN_HEADER.length; c++) {
    for (const suffix of ['', '元', '万元']) {
      const row = normal(String(n++), '某项目');
      row[c] = `${g.any()}${suffix}`;
      rows.push(row);
    }
  }
  rows.push(['', `合计${g.any()}`], [`填表人：${g.any()}`]);
  return rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n');
}

for (const flavour of FLAVOURS) {
  describe(`${flavour}: ID numbers leave masked`, async () => {
    const core = await load(flavour);
    const plans = await loadPlans(flavour);
    const exporter = await loadExport(flavour);

    for (const seed of [1, 2]) {
      test(`seed ${seed}: no result of any export holds a number whole`, () => {
        const g = ids(seed * 7919);
        const outputs = [];
        const out = (what, value) => outputs.push([what, text(value)]);
        try {
          // checkProposal: the verdict wire, twice (the second time from the cache).
          const inputs = variants(PROPOSAL, PROPOSAL_FIELDS, g).map((p) => [p, undefined]);
          for (const key of ['asOf', 'unit']) inputs.push([PROPOSAL, { [key]: g.any() }]);
          inputs.push([{ ...PROPOSAL, name: `${g.any()}与${g.any()}` }, { [g.any()]: 1 }]);
          // The search finds the numbers as the inputs write them (so that a leak would show).
          assert.ok(found(g.all, JSON.stringify(inputs)).length >= 30, `the search finds ${found(g.all, JSON.stringify(inputs)).length} written numbers`);
          for (const [p, o] of inputs) {
            out('checkProposal', core.checkProposal(p, o));
            out('checkProposal again', core.checkProposal(p, o));
          }
          // checkWorkshop.
          const person = () => ({ id: g.any(), name: '测试', group: '脱贫人口', contractMonths: 12, monthsEmployed: 12, annualIncome: 20000 });
          const roster = { name: '某车间', province: '吉林省', employees: [person(), person()] };
          const rosters = variants(roster, ['name', 'province', 'recognized'], g);
          for (const f of ['name', 'group', 'contractMonths', 'monthsEmployed', 'annualIncome', 'subsidyClaimed', 'hukouProvince', g.any()]) {
            const r = structuredClone(roster);
            r.employees[0][f] = g.any();
            rosters.push(r);
          }
          for (const r of rosters) out('checkWorkshop', core.checkWorkshop(r, { asOf: g.any() }));
          // estimateSubsidies.
          const profile = { province: '贵州省', group: '脱贫人口', work: '跨省务工', organized: true, monthsEmployed: 6, trainingDays: 5 };
          for (const p of variants(profile, ['province', 'group', 'work', 'organized', 'monthsEmployed', 'trainingDays'], g)) {
            out('estimateSubsidies', core.estimateSubsidies(p, { asOf: g.any() }));
          }
          // A rule book given by the caller: its strings reach the verdict wire's cache.
          const book = readJson('../../rules.json');
          book.version = g.any();
          book.rules[0].note = `说明${g.any()}`;
          book.rules[0].title = g.any();
          for (const m of [core, plans]) {
            m.setRules(JSON.stringify(book));
            out('rulesVersion', m.rulesVersion());
            out('ruleBook', m.ruleBook());
          }
          for (let i = 0; i < 2; i++) out('checkProposal (own book)', core.checkProposal({ kind: 'central_budget', funds: { central: 100 }, labourRemuneration: 1 }));
          const bad = structuredClone(book);
          bad.rules[0].kind = g.any();
          bad[g.any()] = 1;
          assert.throws(() => core.setRules(JSON.stringify(bad)), (e) => {
            out('setRules error', `${e.message}${JSON.stringify(e.problems)}`);
            return e.problems.length >= 2;
          });
          // Plans: CSV and JSON, named by numbers, with options holding numbers.
          const csv = enc(planCsv(g));
          const json = enc(JSON.stringify({ proposals: variants({ ...PROPOSAL, kind: 'central_budget' }, PROPOSAL_FIELDS, g) }));
          for (const [bytes, ext] of [[csv, 'csv'], [json, 'json']]) {
            for (const options of [undefined, { asOf: g.any() }, { sheet: g.any() }, { unit: g.any() }, { [g.any()]: 1 }]) {
              const name = `计划${g.any()}.${ext}`;
              out('checkPlans', plans.checkPlans(bytes, name, options));
              const checker = new plans.PlanChecker(bytes, name, options);
              try {
                while (!checker.step(5));
                out('summary', checker.summary());
                out('report', checker.report());
                const all = [...checker.order('all', 'row', false)];
                out('rows', checker.rows(Uint32Array.from(all)));
                for (const i of all) out('verdict', checker.verdict(i));
                out('names', checker.names());
                out('csv', checker.csv());
                out('json', checker.json());
                const table = checker.exportTable();
                out('exportTable', table);
                out('xlsxFromTable', unzipped(exporter.xlsxFromTable(table)));
              } finally {
                checker.free();
              }
            }
          }
          // A table handed to xlsxFromTable directly, numbers in its sheet name and cells.
          const table = { sheet: `表${g.any()}`.slice(0, 28), header: [g.any()], rows: [{ status: null, cells: [{ text: g.any() }] }], statusColumn: null };
          out('xlsxFromTable (own table)', unzipped(exporter.xlsxFromTable(JSON.stringify(table))));
          // Roster files.
          const rosterCsv = ['身份证号,姓名,人员类别,合同期限（月）,务工月数,年收入（元）,已享受一次性吸纳补贴,' + g.any(),
            ...Array.from({ length: 6 }, (_, c) => {
              const row = [g.any(), '测试', '脱贫人口', '12', '12', '20000', '否', ''];
              row[c + 1] = g.any();
              return row.join(',');
            })].join('\n');
          out('checkRosterFile', plans.checkRosterFile(enc(rosterCsv), `${g.any()}.csv`, { province: '吉林省', name: g.any() }, { asOf: g.any() }));
        } finally {
          core.resetRules();
          plans.resetRules();
        }
        const leaks = [];
        for (const [what, o] of outputs) for (const id of found(g.all, o)) leaks.push(`${what}: ${id}`);
        assert.deepEqual(leaks, []);
        assert.ok(outputs.length > 400 && g.all.size > 200, `${outputs.length} outputs, ${g.all.size} numbers`);
      });
    }

    test('amounts, ratios and row numbers come out as they went in', () => {
      const v = core.checkProposal({ ...PROPOSAL, name: '220102 19851111 4567 的项目' });
      assert.equal(v.proposal.name, '2201**********4567 的项目');
      assert.equal(v.findings[0].shortfall, '0.01');
      assert.equal(v.findings[0].ratio, '0.2999');
      assert.equal(v.findings[0].labour, '1499999.99');
      const big = core.checkProposal({ ...PROPOSAL, funds: { central: '9999999999999.99' }, labourRemuneration: 0 });
      assert.equal(big.findings[0].base, '9999999999999.99');
      assert.equal(big.findings[0].shortfall, '3000000000000.00');
      const csv = enc(`${PLAN_HEADER.join(',')}\n1,大项目,甘肃省,以工代赈中央预算内投资项目,9999999999999.99,,0,,2025-06-30,某公司`);
      const checker = new plans.PlanChecker(csv, 'big.csv');
      checker.step(10);
      const table = JSON.parse(checker.exportTable());
      assert.ok(table.rows[0].cells.some((c) => c.fen === 300000000000000), JSON.stringify(table));
      assert.equal(table.rows[0].cells[0].text, '2');
      assert.match(checker.csv(), /,2,大项目,不符合,0\.00%,30%,3000000000000\.00,/);
      checker.free();
    });
  });
}
