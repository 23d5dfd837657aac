// No input kills the module or escapes as an exception (issue 17, part 1). Every export of every
// generated .d.ts is called thousands of times with hostile values in every argument: cycles,
// 5,000-deep nesting, getters and Proxy traps that throw, symbols, functions, BigInts, values of
// the wrong type, huge lists. The old module died after 1,213 to 1,927 throwing calls (each one
// leaked Wasm stack) or at once (a cycle read by serde-wasm-bindgen: "memory access out of
// bounds"). Afterwards the module must still give the right verdicts, worked out here
// independently in integers. A call made from a getter (re-entry) must be answered from its own
// input, never from the other call's memory.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FLAVOURS, load, loadExport, loadPlans, loadXls } from './load.mjs';

/** Calls per argument: more than the old module survived with throwing getters alone. */
const ROUNDS = 2100;

const enc = (s) => new TextEncoder().encode(s);
const CSV = '项目名称,项目类型,中央资金（元）,劳务报酬（元）\n甲,中央预算内,100,30\n乙,中央预算内,100,29.99\n';
const ROSTER = '身份证号,姓名,人员类别,合同期限（月）,务工月数,年收入（元）\n';

/** Values that must never throw, kill the module, or be read as anything but a problem. */
function hostileValues() {
  const cycle = { kind: 'central_budget', funds: { central: 100 } };
  cycle.funds.back = cycle;
  let deep = { kind: 'central_budget' };
  for (let i = 0; i < 5000; i++) deep = { kind: 'central_budget', more: deep };
  let deepList = [];
  for (let i = 0; i < 5000; i++) deepList = [deepList];
  const boom = () => {
    throw new Error('boom');
  };
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  const longList = [];
  longList.length = 2 ** 32 - 1;
  const detached = new ArrayBuffer(8);
  structuredClone(detached, { transfer: [detached] });
  // Each kind of throwing read: a getter, and Proxy get / ownKeys / getPrototypeOf / has traps.
  const throwing = [
    { kind: 'central_budget', get labourRemuneration() { return boom(); } },
    new Proxy({ kind: 'central_budget' }, { get: boom }),
    new Proxy({ kind: 'central_budget' }, { ownKeys: boom }),
    new Proxy({}, { getPrototypeOf: boom }),
    new Proxy(new Map(), { has: boom, getPrototypeOf: () => Map.prototype }),
    { funds: new Proxy([1, 2], { get: boom }) },
    revocable.proxy,
    new Proxy(new Uint8Array(4), { get: boom, getPrototypeOf: boom }),
    { get kind() { throw Symbol('not even an Error'); } },
  ];
  const other = [
    cycle, deep, deepList, { employees: [deep] }, Symbol('s'), { kind: Symbol('s') }, () => 1,
    { kind: 'central_budget', funds: { central: () => 1 } }, 10n ** 30n, { labourRemuneration: 10n ** 40n },
    { toJSON: boom, valueOf: boom, toString: boom }, 5, 'text', true, null, undefined, NaN,
    new Date(NaN), new Set([1]), new Map([[1, 'number key']]), new Uint8Array(3), detached,
    longList, { employees: longList }, [1, 2, 3], new Uint32Array([1, 2]), Object.create(null),
  ];
  return { throwing, other };
}

/** The throwing values twice as often as the rest: each argument sees over 1,000 throws. */
function* rounds() {
  const { throwing, other } = hostileValues();
  const mixed = [];
  for (let i = 0; i < Math.max(throwing.length, other.length); i++) {
    mixed.push(throwing[i % throwing.length], other[i % other.length], throwing[(i + 3) % throwing.length]);
  }
  for (let i = 0; i < ROUNDS; i++) yield mixed[i % mixed.length];
}

/** What a call may throw: a documented Error with a code and a Chinese message, nothing else. */
function documentedError(err, codes) {
  assert.ok(err instanceof Error, `threw a non-Error: ${String(err)}`);
  assert.ok(typeof WebAssembly === 'undefined' || !(err instanceof WebAssembly.RuntimeError), `Wasm trap: ${err.message}`);
  assert.ok(codes.includes(err.code), `code ${err.code} (${err.message})`);
  assert.match(err.message, /[\u4e00-\u9fff]/, err.message);
}

function mayThrow(f, codes) {
  try {
    return f();
  } catch (err) {
    documentedError(err, codes);
    return undefined;
  }
}

/** The export and method names in a generated .d.ts (functions, classes and their methods). */
function declared(dts) {
  const text = readFileSync(new URL(dts, import.meta.url), 'utf8');
  const names = new Set();
  for (const m of text.matchAll(/^export function (\w+)\(/gm)) names.add(m[1]);
  for (const m of text.matchAll(/^export class (\w+) \{\n([\s\S]*?)\n\}/gm)) {
    names.add(m[1]);
    for (const method of m[2].matchAll(/^ {4}(\w+)\(/gm)) names.add(`${m[1]}.${method[1]}`);
  }
  for (const glue of ['initSync', 'default']) names.delete(glue);
  return names;
}

/**
 * A central-budget verdict worked out in integers (fen): labour must reach 30% of central
 * funds; the ratio is truncated to four places; the shortfall is the least whole fen that meets it.
 */
function expected(centralFen, labourFen) {
  const pass = labourFen * 10n >= centralFen * 3n;
  const threshold = (centralFen * 3n + 9n) / 10n;
  const ratio = (labourFen * 10000n) / centralFen;
  const yuan = (fen) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
  return {
    status: pass ? 'pass' : 'fail',
    labour: yuan(labourFen),
    base: yuan(centralFen),
    ratio: `${ratio / 10000n}.${String(ratio % 10000n).padStart(4, '0')}`,
    shortfall: yuan(pass ? 0n : threshold - labourFen),
  };
}

const floorOf = (v) => v.findings.find((f) => f.kind === 'labour_share_floor');

function assertVerdict(v, centralFen, labourFen, label = '') {
  const want = expected(centralFen, labourFen);
  const f = floorOf(v);
  assert.equal(v.status, want.status, label);
  assert.deepEqual({ status: v.status, labour: f.labour, base: f.base, ratio: f.ratio, shortfall: f.shortfall }, want, label);
}

/** A proposal of `centralFen` central funds and `labourFen` labour, judged on 2025-06-30. */
const proposal = (centralFen, labourFen) => ({
  kind: 'central_budget',
  funds: { central: `${centralFen / 100n}.${String(centralFen % 100n).padStart(2, '0')}` },
  labourRemuneration: `${labourFen / 100n}.${String(labourFen % 100n).padStart(2, '0')}`,
  date: '2025-06-30',
});

/** The module still answers correctly: random amounts against the integer verdict. */
function assertStillRight(wr, seed) {
  let s = BigInt(seed);
  const next = () => (s = (s * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n);
  assertVerdict(wr.checkProposal({ kind: 'central_budget', funds: { central: 100 }, labourRemuneration: 1, date: '2025-06-30' }), 10000n, 100n, '1 yuan on 100');
  for (let i = 0; i < 50; i++) {
    const central = (next() % 10n ** 12n) + 1n;
    const labour = (central * 3n) / 10n + (next() % 5n) - 2n;
    if (labour < 0n) continue;
    assertVerdict(wr.checkProposal(proposal(central, labour)), central, labour, `${central} ${labour}`);
  }
}

const UNREADABLE = ['input.unreadable'];

for (const flavour of FLAVOURS) {
  describe(`${flavour}: hostile input`, async () => {
    const wr = await load(flavour);
    const plans = await loadPlans(flavour);
    const xls = await loadXls(flavour);
    const exporter = await loadExport(flavour);
    const good = proposal(10000n, 3000n);

    // First, while the module's memory is small: the inner call's 33 MB grow it.
    test('re-entry: a call made from a getter is answered, and the outer call reads its own input', () => {
      // The inner proposal is large (its read grows Wasm memory) and passes with 400,000.00.
      const filler = 'x'.repeat(2 ** 25 - 1000);
      let inner;
      const outer = {
        kind: 'central_budget',
        funds: { central: 100 },
        date: '2025-06-30',
        get labourRemuneration() {
          inner = wr.checkProposal({ ...proposal(100000000n, 40000000n), filler });
          return 1;
        },
      };
      const v = wr.checkProposal(outer);
      assertVerdict(inner, 100000000n, 40000000n, 'inner');
      assert.ok(inner.warnings.some((w) => w.field === 'filler'));
      assertVerdict(v, 10000n, 100n, 'outer');
      // Options read after a getter replaced the rule book: the book in use when the reading ends.
      const book = wr.ruleBook();
      book.version = 'reentry-test';
      const swapped = wr.checkProposal(good, { get asOf() { wr.setRules(JSON.stringify(book)); return '2025-06-30'; } });
      wr.resetRules();
      assert.equal(swapped.ruleBookVersion, 'reentry-test');
      assertVerdict(swapped, 10000n, 3000n);
      // Re-entry in the benefit checks and the plan module.
      const w = wr.checkWorkshop({ province: '22', get employees() { wr.checkWorkshop({ province: '22', employees: [], name: filler }); return []; } });
      assert.deepEqual(w.employees, []);
      const r = plans.checkPlans(enc(CSV), 'plan.csv', {
        get asOf() {
          plans.checkPlans(enc(CSV.repeat(2000)), 'big.csv');
          return '2025-06-30';
        },
      });
      assert.deepEqual(r.summary, { pass: 1, fail: 1, review: 0, invalid: 0, total: 2 });
      const checker = new plans.PlanChecker(enc(CSV), 'plan.csv');
      const page = new Proxy([0, 1], {
        get(target, key) {
          if (key === '0') {
            checker.step(10);
            checker.rows([0]);
            checker.summary();
          }
          return target[key];
        },
      });
      assert.deepEqual(checker.rows(page).map((r) => r.status), ['pass', 'fail']);
      checker.free();
      assertStillRight(wr, 4);
    });

    test('checkProposal: every hostile proposal or options is invalid with its code, never thrown', () => {
      for (const value of rounds()) {
        const v = wr.checkProposal(value, { asOf: '2025-06-30' });
        assert.equal(v.status, 'invalid');
        assert.ok(v.errors.length > 0 && v.errors.every((e) => e.code && /[\u4e00-\u9fff]/.test(e.message)));
        const o = wr.checkProposal(good, value);
        assert.ok(['pass', 'invalid'].includes(o.status), o.status);
      }
      for (const value of hostileValues().throwing) {
        assert.deepEqual(wr.checkProposal(value).errors.map((e) => e.code), UNREADABLE);
        const o = wr.checkProposal(good, value);
        assert.deepEqual(o.errors.map((e) => [e.code, e.field.split(/[.[]/)[0]]), [['input.unreadable', 'options']]);
      }
      assertStillRight(wr, 1);
    });

    test('what cannot be read is input.unreadable, saying which, at its field', () => {
      const { other } = hostileValues();
      const [cycle, deep] = other;
      const cases = [
        [cycle, 'funds.back', /循环引用/],
        [deep, `${'more.'.repeat(63)}more`, /64 层/],
        [{ kind: 'central_budget', funds: { get central() { throw new Error('x'); } } }, 'funds.central', /抛出了异常/],
        [{ kind: 'central_budget', workers: [1, () => 1] }, 'workers[1]', /函数/],
        [{ kind: Symbol('s') }, 'kind', /Symbol/],
        [{ date: new Date(NaN) }, 'date', /日期/],
        [{ funds: new Set() }, 'funds', /Set/],
        [{ funds: new Map([[1, 2]]) }, 'funds', /Map 的键/],
        [{ name: 'x'.repeat(2 ** 25 + 1) }, 'name', /过大/],
      ];
      for (const [input, field, reason] of cases) {
        const v = wr.checkProposal(input);
        assert.equal(v.status, 'invalid');
        assert.deepEqual(v.errors.map((e) => [e.code, e.field]), [['input.unreadable', field]]);
        assert.match(v.errors[0].message, reason);
      }
      const o = wr.checkProposal(good, { get asOf() { throw new Error('x'); } });
      assert.deepEqual(o.errors.map((e) => [e.code, e.field]), [['input.unreadable', 'options.asOf']]);
    });

    test('plain data in other forms: BigInts exactly, Dates as the day in China, Maps and class instances as objects', () => {
      assertVerdict(wr.checkProposal({ kind: 'central_budget', funds: { central: 1000000000000n }, labourRemuneration: 299999999999n, date: '2025-06-30' }), 10n ** 14n, 29999999999900n);
      // 16:30 UTC on June 29th is already June 30th in China.
      assert.equal(wr.checkProposal({ ...good, date: new Date(Date.UTC(2025, 5, 29, 16, 30)) }).proposal.date, '2025-06-30');
      assert.equal(wr.checkProposal(good, { asOf: new Date(Date.UTC(2025, 5, 29, 15, 59)) }).asOf, '2025-06-29');
      const asMap = new Map(Object.entries({ ...good, funds: new Map([['central', 100]]), labourRemuneration: 29.99 }));
      assertVerdict(wr.checkProposal(asMap), 10000n, 2999n);
      class Proposal {
        constructor() {
          Object.assign(this, good);
        }
        get hidden() {
          throw new Error('not an own property: never read');
        }
      }
      assertVerdict(wr.checkProposal(new Proposal()), 10000n, 3000n);
    });

    test('checkWorkshop and estimateSubsidies: hostile roster, profile or options are errors, never thrown', () => {
      const roster = { province: '22', employees: [] };
      const profile = { province: '52', group: 'poverty_alleviated', work: 'out_of_province' };
      for (const value of rounds()) {
        for (const report of [wr.checkWorkshop(value), wr.checkWorkshop(roster, value), wr.estimateSubsidies(value), wr.estimateSubsidies(profile, value)]) {
          assert.ok(Array.isArray(report.errors));
        }
      }
      for (const value of hostileValues().throwing) {
        assert.deepEqual(wr.checkWorkshop(value).errors.map((e) => e.code), UNREADABLE);
        assert.deepEqual(wr.checkWorkshop(roster, value).errors.map((e) => e.code), UNREADABLE);
        assert.deepEqual(wr.estimateSubsidies(value).errors.map((e) => e.code), UNREADABLE);
        assert.deepEqual(wr.estimateSubsidies(profile, value).errors.map((e) => e.code), UNREADABLE);
      }
      // Nothing is judged from input that could not be read: no employees, no amounts.
      const w = wr.checkWorkshop({ province: '22', employees: [{ get id() { throw new Error('x'); } }] });
      assert.deepEqual(w.errors.map((e) => [e.code, e.field]), [['input.unreadable', 'employees[0].id']]);
      assert.deepEqual(w.employees, []);
      const e = wr.estimateSubsidies(profile, { get asOf() { throw new Error('x'); } });
      assert.deepEqual(e.items, []);
      assert.equal(e.total, '0.00');
      assertStillRight(wr, 2);
    });

    test('rule book functions: setRules throws only documented Errors, the others ignore their arguments', () => {
      let i = 0;
      for (const value of rounds()) {
        mayThrow(() => wr.setRules(value), ['input.wrong_type', 'rules.invalid']);
        mayThrow(() => wr.addRules(value), ['input.wrong_type', 'rules.invalid']);
        // These take no arguments (extra ones are ignored): a few hundred calls are enough.
        if (i++ % 10 === 0) for (const f of [wr.ruleBook, wr.rulesVersion, wr.projectKinds, wr.proposalFields, wr.provinces, wr.resetRules]) f(value, value);
      }
      assert.throws(() => wr.setRules(5), (err) => err.code === 'input.wrong_type' && err.problems[0].code === 'input.wrong_type' && /规则库/.test(err.message));
      assert.throws(() => wr.setRules('{'), (err) => err.code === 'rules.invalid' && err.problems.length === 1);
      assert.throws(() => wr.addRules(5), (err) => err.code === 'input.wrong_type' && /规则库/.test(err.message));
      assert.throws(() => wr.addRules('[]'), (err) => err.code === 'rules.invalid' && err.problems[0].code === 'rules.wrong_type');
      assert.throws(() => wr.setRules(new String('{}')), (err) => err.code === 'input.wrong_type');
      assertStillRight(wr, 3);
    });

    for (const [name, mod] of [['plans', plans], ['xls', xls]]) {
      test(`${name} module: checkPlans, checkRosterFile, parseCsvOnly with hostile arguments`, () => {
        const bytes = enc(CSV);
        const meta = { province: '22' };
        for (const value of rounds()) {
          for (const report of [
            mod.checkPlans(value, 'plan.csv'), mod.checkPlans(bytes, value), mod.checkPlans(bytes, 'plan.csv', value),
            mod.checkRosterFile(value, 'r.csv', meta), mod.checkRosterFile(enc(ROSTER), value, meta),
            mod.checkRosterFile(enc(ROSTER), 'r.csv', value), mod.checkRosterFile(enc(ROSTER), 'r.csv', meta, value),
          ]) {
            assert.ok(Array.isArray(report.errors));
          }
          mayThrow(() => mod.parseCsvOnly(value), ['input.wrong_type', 'input.unreadable']);
        }
        assert.deepEqual(mod.checkPlans(5, 'plan.csv').errors.map((e) => [e.code, e.field]), [['input.wrong_type', 'bytes']]);
        assert.deepEqual(mod.checkPlans(bytes, 5).errors.map((e) => [e.code, e.field]), [['input.wrong_type', 'fileName']]);
        assert.deepEqual(mod.checkPlans(bytes, 'plan.csv', { get unit() { throw new Error('x'); } }).errors.map((e) => [e.code, e.field]), [['input.unreadable', 'options.unit']]);
        assert.deepEqual(mod.checkRosterFile(enc(ROSTER), 'r.csv', { get province() { throw new Error('x'); } }).errors.map((e) => [e.code, e.field]), [['input.unreadable', 'province']]);
        // The bytes may be any binary view or a list of bytes.
        for (const form of [bytes, bytes.buffer, new DataView(bytes.buffer), [...bytes], Buffer.from(bytes)]) {
          assert.deepEqual(mod.checkPlans(form, 'plan.csv').summary, { pass: 1, fail: 1, review: 0, invalid: 0, total: 2 });
        }
        assert.equal(mod.parseCsvOnly(bytes.buffer), 3);
      });

      if (name === 'xls') {
        test('xls module: the 规则库 view\'s rulesInForce and previewRules throw only documented Errors, and leave the book in use', () => {
          const version = mod.rulesVersion();
          const codes = ['input.wrong_type', 'input.unreadable', 'date.format', 'date.no_such_day', 'input.bad_region'];
          for (const value of rounds()) {
            mayThrow(() => mod.rulesInForce(value, value), codes);
            mayThrow(() => mod.rulesInForce('2026-06-01', value), codes);
            const preview = mayThrow(() => mod.previewRules(value, null), codes);
            if (preview) assert.ok(Array.isArray(preview.problems));
            mayThrow(() => mod.previewRules('{"extends": "builtin", "version": "x"}', value, value, value), codes);
          }
          assert.throws(() => mod.rulesInForce('2026-06-01', 62), (err) => err.code === 'input.wrong_type' && /地区/.test(err.message));
          assert.throws(() => mod.rulesInForce('2026-02-30', ''), (err) => err.code === 'date.no_such_day');
          assert.throws(() => mod.previewRules(5, null), (err) => err.code === 'input.wrong_type');
          assert.equal(mod.rulesInForce('2026-06-01', null).region, '全部地区');
          // A broken candidate is its problems; a good one its version and diff; the book in use stays.
          assert.equal(mod.previewRules('{', null).problems[0].code, 'rules.syntax');
          const ok = mod.previewRules('{"extends": "builtin", "version": "x"}', enc(CSV), 'plan.csv');
          assert.deepEqual([ok.problems, ok.plan.changed, ok.plan.rows.length], [[], 0, 2]);
          assert.equal(mod.rulesVersion(), version);
          assert.deepEqual(mod.checkPlans(enc(CSV), 'plan.csv').summary, { pass: 1, fail: 1, review: 0, invalid: 0, total: 2 });
        });
      }

      test(`${name} module: PlanChecker's constructor never throws, its methods throw only documented Errors`, () => {
        const bytes = enc(CSV);
        const checker = new mod.PlanChecker(bytes, 'plan.csv', { asOf: '2025-06-30' });
        assert.equal(checker.step(10), true);
        const methodCodes = ['input.wrong_type', 'input.unknown_filter', 'input.unknown_sort', 'input.too_many_rows', 'input.unreadable'];
        let i = 0;
        for (const value of rounds()) {
          for (const args of [[value, 'plan.csv'], [bytes, value], [bytes, 'plan.csv', value]]) {
            const c = new mod.PlanChecker(...args);
            assert.ok(Array.isArray(c.summary().errors));
            c.free();
          }
          mayThrow(() => checker.step(value), methodCodes);
          mayThrow(() => checker.verdict(value), methodCodes);
          mayThrow(() => checker.rows(value), methodCodes);
          mayThrow(() => checker.order(value, 'row', false), methodCodes);
          mayThrow(() => checker.order('all', value, false), methodCodes);
          mayThrow(() => checker.order('all', 'row', value), methodCodes);
          if (i++ % 10 === 0) {
            for (const m of ['checked', 'progress', 'summary', 'report', 'statuses', 'names', 'csv', 'json', 'exportTable']) checker[m](value);
          }
        }
        assert.throws(() => checker.rows(new Uint32Array(5e6)), (err) => err.code === 'input.too_many_rows' && /10000/.test(err.message));
        assert.throws(() => checker.rows(new Array(10001).fill(0)), (err) => err.code === 'input.too_many_rows');
        assert.equal(checker.rows(new Array(10000).fill(1)).length, 10000);
        assert.throws(() => checker.step('5'), (err) => err.code === 'input.wrong_type' && /数字/.test(err.message));
        assert.throws(() => checker.order('everything', 'row', false), (err) => err.code === 'input.unknown_filter');
        assert.throws(() => checker.order('all', 'colour', false), (err) => err.code === 'input.unknown_sort');
        // Still the right answers, and the checker can still be freed.
        assert.deepEqual([...checker.statuses()], [0, 1]);
        assert.deepEqual([...checker.order('all', 'ratio', true)], [0, 1]);
        assert.deepEqual(checker.rows([1, 0, 7, -1, 'x']).map((r) => [r.row, r.status, r.shortfall]), [[3, 'fail', '0.01'], [2, 'pass', '0.00']]);
        assert.equal(checker.verdict(1).findings[0].shortfall, '0.01');
        for (const noRow of [-1, 0.5, NaN, 2, 2 ** 32, 2 ** 32 + 1, 2 ** 40, Infinity]) assert.equal(checker.verdict(noRow), undefined, String(noRow));
        // Row counts beyond 2^32 are all the rows (the JavaScript build does not wrap them).
        for (const all of [2 ** 32, 2 ** 40, Infinity]) {
          const c = new mod.PlanChecker(bytes, 'plan.csv');
          assert.equal(c.step(all), true, String(all));
          assert.equal(c.checked(), 2);
          c.free();
        }
        checker.free();
        const report = mod.checkPlans(bytes, 'plan.csv', { asOf: '2025-06-30' });
        assert.deepEqual(report.rows.map((r) => [r.status, r.ratio, r.shortfall]), [['pass', '0.3000', '0.00'], ['fail', '0.2999', '0.01']]);
      });
    }

    test('export module: xlsxFromTable throws only documented Errors', () => {
      for (const value of rounds()) mayThrow(() => exporter.xlsxFromTable(value), ['input.wrong_type', 'export.bad_table']);
      const checker = new plans.PlanChecker(enc(CSV), 'plan.csv');
      checker.step(10);
      const xlsx = exporter.xlsxFromTable(checker.exportTable());
      checker.free();
      assert.deepEqual([...xlsx.subarray(0, 2)], [0x50, 0x4b]);
    });

    test('every export of the generated .d.ts files is covered here', () => {
      const covered = new Set([
        'checkProposal', 'checkWorkshop', 'estimateSubsidies', 'setRules', 'addRules', 'ruleBook', 'rulesVersion', 'projectKinds', 'proposalFields',
        'provinces', 'resetRules', 'checkPlans', 'checkRosterFile', 'parseCsvOnly', 'xlsxFromTable', 'PlanChecker',
        'rulesInForce', 'previewRules',
        ...['constructor', 'step', 'verdict', 'rows', 'order', 'checked', 'progress', 'summary', 'report', 'statuses', 'names', 'csv', 'json', 'exportTable', 'free']
          .map((m) => `PlanChecker.${m}`),
      ]);
      const dts = ['../../pkg/workrelief.d.ts', '../../pkg/workrelief_plans.d.ts', '../../pkg/workrelief_xls.d.ts', '../../pkg/workrelief_export.d.ts', '../../pkg-node/workrelief.d.ts'];
      for (const file of dts) {
        const missing = [...declared(file)].filter((n) => !covered.has(n));
        assert.deepEqual(missing, [], file);
      }
    });

  });
}
