// The page in every engine its users have (issue 15): Chromium 90.0.4427 (the kernel 信创
// browsers report; npm chrome-aws-lambda, puppeteer-core 8), Debian's Firefox ESR (puppeteer-core
// 24 over WebDriver BiDi), WebKitGTK (selenium-webdriver, WebKitWebDriver on an Xvfb display)
// and Debian's current Chromium (playwright-core), plus the same with WebAssembly switched off
// or refused. Each is served from a sub-path under the strict CSP (one case: a CSP without
// 'wasm-unsafe-eval') and driven as a new user would: the self-check by its labels (a pass, a
// fail with its 0.01 shortfall, an invalid amount), a plan file in 计划审核, a 补贴测算 estimate,
// a candidate rule book previewed in 规则库 and the element embedded in a portal page. Each case asserts which build answered
// (data-engine: 'wasm', or 'js' for the JavaScript build), that the JavaScript build is fetched
// only when it answers, and fails on any page error, console error or warning, CSP violation
// or request outside the origin: seen by the driver where it can (engines.mjs) and by
// guard.js, which the test server puts first in every page, in every engine. The one message
// tolerated is the refused Wasm compile that makes the page fall back, matched exactly.
// Screenshots: test-output/screenshots/engines/.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startServer, CSP } from '../../scripts/serve.mjs';
import { launch } from './engines.mjs';

const BASE = '/portal/workrelief/';
const SHOTS = fileURLToPath(new URL('../../test-output/screenshots/engines/', import.meta.url));
const GUARD = fileURLToPath(new URL('guard.js', import.meta.url));
const PLAN = fileURLToPath(new URL('../fixtures/plans/plan-gbk.csv', import.meta.url));
const COUNTY_OVERLAY = fileURLToPath(new URL('../../examples/rules/example-county-2026.json', import.meta.url));
/** tests/fixtures/plans/README.md: the plan as of 2025-06-30. */
const PLAN_SUMMARY = { pass: 5, fail: 3, review: 2, invalid: 1, total: 11 };
const CSP_WITHOUT_WASM = "default-src 'self'; script-src 'self'; style-src 'self'";

/** What Chromium 90 says of the strict CSP as it reads it (it knows 'wasm-unsafe-eval' from 97). */
const CHROMIUM90_CSP_NOTE =
  "console error: The source list for Content Security Policy directive 'script-src' contains an invalid source: ''wasm-unsafe-eval''. It will be ignored.";

/**
 * The cases. `page`: the build the page's core answers with; `workers`: the plan module's in the
 * review worker. `refusal`: the blocked URI of the CSP violation a refused Wasm compile reports
 * (the fallback's trigger; the only violation tolerated, and it must come from the loader).
 */
const CASES = [
  {
    // Chromium 90 applies the page's CSP to Wasm in the page only: its dedicated workers, classic
    // or module, compile Wasm under the same header, so the review worker keeps the Wasm build.
    id: 'chromium90', title: 'Chromium 90 under the strict CSP: the JavaScript build answers', engine: 'chromium90',
    page: 'js', workers: 'wasm', refusal: 'eval', tolerated: [CHROMIUM90_CSP_NOTE],
  },
  { id: 'firefox', title: 'Firefox ESR: WebAssembly answers', engine: 'firefox', page: 'wasm', workers: 'wasm' },
  {
    id: 'firefox-no-wasm', title: 'Firefox ESR with WebAssembly switched off: the JavaScript build answers', engine: 'firefox',
    prefs: { 'javascript.options.wasm': false }, page: 'js', workers: 'js',
  },
  { id: 'webkit', title: 'WebKitGTK: WebAssembly answers', engine: 'webkit', page: 'wasm', workers: 'wasm' },
  { id: 'chromium', title: 'current Chromium: WebAssembly answers', engine: 'chromium', page: 'wasm', workers: 'wasm' },
  {
    // The init script reaches the page, not its workers, which keep WebAssembly.
    id: 'chromium-no-wasm', title: 'current Chromium with WebAssembly removed from the page: the page answers with the JavaScript build',
    engine: 'chromium', initScript: 'delete globalThis.WebAssembly;', page: 'js', workers: 'wasm',
  },
  {
    id: 'chromium-csp-no-wasm', title: "current Chromium under a CSP without 'wasm-unsafe-eval': page and workers fall back",
    engine: 'chromium', csp: CSP_WITHOUT_WASM, page: 'js', workers: 'js', refusal: 'wasm-eval',
  },
];

const servers = {};
before(async () => {
  for (const csp of [CSP, CSP_WITHOUT_WASM]) {
    servers[csp] = await startServer({ port: 0, base: BASE, quiet: true, inject: GUARD, record: true, csp });
  }
});
after(() => {
  for (const s of Object.values(servers)) s.server.close();
});

/** The Node build's report of the same plan file: what the page must show. */
function nodeSummary() {
  const { checkPlans } = createRequire(import.meta.url)('../../pkg-node/workrelief.js');
  return checkPlans(readFileSync(PLAN), 'plan-gbk.csv', { asOf: '2025-06-30' }).summary;
}

const CHECK = 'workrelief-check';
const inCheck = (label) => ({ within: CHECK, label });
const STATUS = { within: CHECK, css: '[role=status]' };
const statusIs = (status) => document.querySelector('workrelief-check')?.shadowRoot?.querySelector(`[role=status][data-status="${status}"]`);

for (const c of CASES) {
  describe(c.title, () => {
    const server = () => servers[c.csp ?? CSP];
    let d;
    let started;

    before(async () => {
      started = Date.now();
      d = await launch(c.engine, c);
      console.log(`# ${c.id}: ${d.version}`);
    });
    after(async () => {
      await d?.close();
      console.log(`# ${c.id}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });

    /** Opens `path` below the base; returns the paths the server served for it, as they come. */
    async function open(path) {
      const { url, requests } = server();
      const from = requests.length;
      await d.open(url + path);
      return { url, served: () => requests.slice(from) };
    }

    /**
     * Asserts the page went without a problem: guard.js's record and the driver's events, less
     * the expected Wasm refusal (required where the case expects it on this page).
     */
    async function noProblems(url, { refused = false } = {}) {
      const guard = await d.eval(() => window.__problems);
      assert.ok(Array.isArray(guard), 'guard.js ran in the page');
      const loader = `${url}load-build.js`;
      const refusals = guard.filter((p) => c.refusal && p.kind === 'csp' && p.directive === 'script-src' && p.blocked === c.refusal && p.source === loader);
      const unexpected = [
        ...guard.filter((p) => !refusals.includes(p)).map((p) => `${p.kind}: ${p.text}`),
        ...d.events().filter((e) => !(c.tolerated ?? []).includes(e)),
      ];
      assert.deepEqual(unexpected, [], `${c.id}: problems in the page`);
      if (refused) assert.ok(refusals.length > 0, 'the refused Wasm compile was reported (the fallback\'s trigger)');
    }

    /** The JavaScript build of `module` was fetched exactly when it answers. */
    function fetchedOnlyWhenNeeded(served, module, engine) {
      const js = `pkg/js/${module}.js`;
      assert.equal(served.includes(js), engine === 'js', `${js} ${engine === 'js' ? 'fetched' : 'not fetched'} (${served.filter((p) => p.startsWith('pkg/')).join(', ')})`);
    }

    test('项目自查: a pass, a fail short by 0.01 and an invalid amount, through the labels', async (t) => {
      t.diagnostic(d.version);
      const { url, served } = await open('');
      await d.waitFor(() => document.querySelector('workrelief-check')?.dataset.engine, [], { what: 'the element to load its module' });
      assert.equal(await d.eval(() => document.querySelector('workrelief-check').dataset.engine), c.page, 'the build that answers');

      await d.select(inCheck('项目类型'), '以工代赈中央预算内投资项目');
      await d.fill(inCheck('中央资金'), '5000000');
      await d.fill(inCheck('劳务报酬'), '1500000');
      await d.fill(inCheck('核算日期'), '2025-06-30');
      await d.click({ within: CHECK, tag: 'button', text: '检查' });
      await d.waitFor(statusIs, ['pass'], { what: 'a passing verdict' });
      let text = await d.text(STATUS);
      assert.match(text, /✓\s*符合/);
      assert.match(text, /30\.00%/);
      assert.match(text, /以工代赈中央预算内投资项目劳务报酬占中央资金比例达30%以上/);

      await d.fill(inCheck('劳务报酬'), '1499999.99');
      await d.click({ within: CHECK, tag: 'button', text: '检查' });
      await d.waitFor(statusIs, ['fail'], { what: 'a failing verdict' });
      text = await d.text(STATUS);
      assert.match(text, /✗\s*不符合/);
      assert.match(text, /29\.99%/);
      assert.match(text, /不低于 30%（至少 ¥1,500,000\.00）/);
      assert.match(text, /还需增加劳务报酬 ¥0\.01/);
      await d.screenshot(`${SHOTS}${c.id}-check.png`);

      await d.fill(inCheck('劳务报酬'), '12abc');
      await d.click({ within: CHECK, tag: 'button', text: '检查' });
      await d.waitFor(statusIs, ['invalid'], { what: 'an invalid verdict' });
      assert.match(await d.text(STATUS), /输入有误/);
      const field = await d.eval(() => {
        const root = document.querySelector('workrelief-check').shadowRoot;
        const input = root.querySelector('input[name="labour"]');
        const errorId = input.getAttribute('aria-describedby').split(' ').find((id) => id.endsWith('-error'));
        const error = root.getElementById(errorId);
        return {
          invalid: input.getAttribute('aria-invalid'),
          shown: !error.hidden && error.getClientRects().length > 0,
          text: error.innerText,
          besideField: input.closest('.field').contains(error),
        };
      });
      assert.deepEqual(field, {
        invalid: 'true', shown: true, besideField: true,
        text: '“12abc”不是有效的金额，请填写数字，如 1600000、1,600,000.00、160万元',
      });

      await noProblems(url, { refused: c.page === 'js' && !!c.refusal });
      fetchedOnlyWhenNeeded(served(), 'workrelief', c.page);

      // The guard can fail: a request outside the origin is refused by the CSP and recorded, and
      // so is a console error.
      await d.eval(() => {
        new Image().src = 'http://192.0.2.1/probe.png';
        console.error('guard probe');
      });
      await d.waitFor(() => window.__problems.some((p) => p.kind === 'csp' && p.blocked.includes('192.0.2.1'))
        && window.__problems.some((p) => p.kind === 'console.error' && p.text === 'guard probe'), [],
      { timeout: 5000, what: 'guard.js to record the refused outside request and the console error' });
    });

    test('计划审核: the GBK plan from the first screen, counted as the Node build counts it', async () => {
      const { url, served } = await open('');
      await d.waitFor(() => customElements.get('workrelief-check') && document.querySelector('a[data-view="review"]'), [], { what: 'the page' });
      await d.click({ tag: 'a', text: '计划审核' });
      await d.waitFor(() => !document.getElementById('view-review').hidden, [], { what: 'the review view' });
      await d.fill({ label: '核算日期（可选）' }, '2025-06-30');
      await d.setFile({ label: '选择计划文件' }, PLAN);
      await d.waitFor(() => document.getElementById('view-review').dataset.state === 'done', [], { timeout: 60_000, what: 'the check to end' });
      const shown = await d.eval(() => {
        const count = (cls) => Number(document.querySelector(`#view-review .count-${cls} .count-value`).textContent.replace(/,/g, ''));
        const rows = [...document.querySelectorAll('#review-tbody tr[data-index]')].map((tr) => [...tr.cells].map((td) => td.innerText.trim()));
        return {
          summary: { pass: count('pass'), fail: count('fail'), review: count('review'), invalid: count('invalid'), total: count('total') },
          rows,
          facts: document.getElementById('review-facts').innerText,
          engine: document.getElementById('view-review').dataset.engine,
        };
      });
      assert.deepEqual(shown.summary, nodeSummary(), 'the page counts as the Node build');
      assert.deepEqual(shown.summary, PLAN_SUMMARY);
      assert.match(shown.facts, /plan-gbk\.csv/);
      assert.match(shown.facts, /GBK/);
      // A name cell reads "NAME（查看详情）", on one line or two.
      const named = (name) => shown.rows.find((r) => r[1].startsWith(name));
      const linTao = named('临洮县农村供水管网改造');
      assert.ok(linTao, `row 6 is in the table: ${JSON.stringify(shown.rows)}`);
      assert.equal(linTao[0], '6');
      assert.match(linTao[2], /不符合/);
      assert.equal(linTao[5], '0.01');
      assert.ok(named('<img src=x onerror=alert(1)>'), 'the hostile name shown as text');
      assert.equal(shown.engine, c.workers, 'the build the review worker used');
      await d.screenshot(`${SHOTS}${c.id}-review.png`);
      await noProblems(url, { refused: c.page === 'js' && !!c.refusal });
      fetchedOnlyWhenNeeded(served(), 'workrelief_plans', c.workers);
    });

    test('补贴测算: a Guizhou monitored worker out of the province, by the labels', async () => {
      const { url } = await open('');
      await d.waitFor(() => customElements.get('workrelief-check') && document.querySelector('a[data-view="estimate"]'), [], { what: 'the page' });
      await d.click({ tag: 'a', text: '补贴测算' });
      await d.waitFor(() => !document.getElementById('view-estimate').hidden && document.getElementById('view-estimate').dataset.state, [], { what: 'the estimate view' });
      const inView = (label) => ({ within: '#view-estimate', label });
      await d.select(inView('户籍省份'), '贵州省');
      await d.select(inView('人员类别'), '防止返贫监测对象');
      await d.select(inView('就业地点'), '省外就业');
      for (const box of ['通过有组织劳务输出', '首次外出就业', '新跨省务工']) await d.setChecked(inView(box), true);
      await d.fill(inView('稳定就业月数'), '3');
      await d.fill(inView('培训天数'), '10');
      await d.fill(inView('测算日期（可选）'), '2025-06-30');
      await d.waitFor(() => /合计可申领 最高 ¥1,900\.00/.test(document.getElementById('est-total').innerText), [], { what: 'the total of 1,900.00' });
      assert.match(await d.text({ css: '#est-total' }), /贵州省：可申领 3 项，合计最高 1,900\.00 元。/);
      const training = await d.text({ css: '#est-items li.benefit[data-id="subsidy.guizhou.training_allowance"]' });
      assert.match(training, /¥400\.00/);
      assert.match(training, /每天 40\.00 元 × 10 天/);
      await noProblems(url, { refused: c.page === 'js' && !!c.refusal });
    });

    test('规则库: the example county overlay previewed from a local file, its sample plan before and after', async () => {
      const { url } = await open('');
      await d.waitFor(() => customElements.get('workrelief-check') && document.querySelector('a[data-view="rules"]'), [], { what: 'the page' });
      await d.click({ tag: 'a', text: '规则库' });
      await d.waitFor(() => document.querySelectorAll('#rules-list li').length > 0, [], { timeout: 60_000, what: 'the rules in force' });
      await d.setFile({ label: '选择规则库文件' }, COUNTY_OVERLAY);
      await d.waitFor(() => document.querySelectorAll('#rules-sample tbody tr').length > 0, [], { timeout: 60_000, what: 'the preview' });
      const shown = await d.eval(() => ({
        title: document.getElementById('rules-preview-title').textContent,
        caption: document.querySelector('#rules-sample caption').textContent,
        changed: [...document.querySelectorAll('#rules-sample tbody tr.changed')].map((tr) => tr.textContent),
      }));
      assert.match(shown.title, /候选规则库“example-county-2026\.json”（版本 2026\.\d+-\d+\+示例县-2026\.1）：未发现问题/);
      assert.match(shown.caption, /共 6 个项目，1 个结果有变化/);
      assert.equal(shown.changed.length, 1);
      assert.match(shown.changed[0], /示例县灌溉渠.*符合.*不符合.*下限 42%.*差 ¥100\.00/);
      await d.screenshot(`${SHOTS}${c.id}-rules.png`);
      await noProblems(url, { refused: c.page === 'js' && !!c.refusal });
    });

    test('the element embedded in a portal page (embed.html)', async () => {
      const { url, served } = await open('embed.html');
      await d.waitFor(() => document.querySelector('workrelief-check')?.dataset.engine, [], { what: 'the element to load its module' });
      assert.equal(await d.eval(() => document.querySelector('workrelief-check').dataset.engine), c.page);
      assert.equal(await d.eval(() => document.querySelector('workrelief-check').shadowRoot.querySelector('select[name="province"]').value), '62');
      await d.select(inCheck('项目类型'), '省级财政衔接资金以工代赈任务');
      await d.fill(inCheck('省级资金'), '100万');
      await d.fill(inCheck('劳务报酬'), '15万');
      await d.click({ within: CHECK, tag: 'button', text: '检查' });
      await d.waitFor(statusIs, ['fail'], { what: 'a failing verdict' });
      const text = await d.text(STATUS);
      assert.match(text, /不符合/);
      assert.match(text, /还需增加劳务报酬 ¥50,000\.00/);
      assert.match(text, /甘肃省/);
      assert.equal(await d.eval(() => location.hash), '', 'the portal\'s URL is left alone');
      await d.screenshot(`${SHOTS}${c.id}-embed.png`);
      await noProblems(url, { refused: c.page === 'js' && !!c.refusal });
      fetchedOnlyWhenNeeded(served(), 'workrelief', c.page);
    });
  });
}
