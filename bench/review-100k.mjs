#!/usr/bin/env node
// Benchmark of the 计划审核 view on a 100,000-row plan, in Debian's Chromium driven by
// playwright-core, the page served as the browser tests serve it (sub-path, strict CSP).
//
//   node bench/review-100k.mjs [--rows 100000]
//
// It writes a deterministic CSV plan (万元 headers; mixed kinds and provinces; passing, failing,
// review and invalid rows; about 8 MB) to test-output/bench/, uploads it in the review view and
// prints: the time from the file being chosen to the table being shown, the progress updates,
// the longest main-thread gap while checking (long tasks from a PerformanceObserver and
// requestAnimationFrame gaps), the peak memory (the sum of the RSS of every Chromium process,
// sampled from /proc every 100 ms, and the worker's Wasm memory), the summary counts, and a few
// interactions on the full table. It prints figures; it asserts nothing about time.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';

const args = process.argv.slice(2);
const ROWS = Number(args[args.indexOf('--rows') + 1] || 0) || 100_000;
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync',
];
const OUT = new URL('../test-output/bench/', import.meta.url);
mkdirSync(OUT, { recursive: true });

// ---------------------------------------------------------------------------------------------
// The plan. A small deterministic PRNG (mulberry32) picks each row's kind and outcome; amounts
// are whole yuan written in 万元 with four decimals, so that each row's outcome is known exactly.

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTIES = ['会宁县', '通渭县', '渭源县', '临洮县', '岷县', '漳县', '陇西县', '安定区', '永靖县', '康乐县', '东乡县', '积石山县'];
const WORKS = ['村组道路硬化', '小型水利设施修缮', '田间道路建设', '灌溉渠系配套', '农村供水管网改造', '梯田整修', '产业路建设', '河道治理'];
const wan = (yuan) => {
  // whole yuan → 万元 text with 4 decimals, trailing zeros trimmed
  const s = String(yuan).padStart(5, '0');
  const text = `${s.slice(0, -4)}.${s.slice(-4)}`.replace(/\.?0+$/, '');
  return text === '' ? '0' : text;
};

function makePlan(rows) {
  const rand = mulberry32(20250630);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const expected = { pass: 0, fail: 0, review: 0, invalid: 0, total: rows };
  const lines = ['序号,项目名称,所在省份,项目类型,中央资金（万元）,省级资金（万元）,市级资金（万元）,县级资金（万元）,其他资金（万元）,劳务报酬（万元）,核算日期'];
  for (let i = 1; i <= rows; i++) {
    const name = `${COUNTIES[i % COUNTIES.length]}${WORKS[(i * 7) % WORKS.length]}${i}号`;
    const pick = rand();
    const passes = rand() < 0.65;
    const slack = int(1, 20_000); // yuan above or below the floor
    let province = '甘肃';
    let kind;
    let funds = ['', '', '', '', ''];
    let labour;
    let status;
    if (pick < 0.03) {
      // invalid: a Chinese numeral or a negative amount
      kind = '中央预算内';
      funds[0] = i % 2 ? '五百' : '-5';
      labour = '150';
      status = 'invalid';
    } else if (pick < 0.33) {
      const central = int(50, 5000) * 10_000; // yuan
      kind = '中央预算内';
      funds[0] = wan(central);
      funds[3] = wan(int(0, 50) * 10_000);
      labour = wan(passes ? (central * 3) / 10 + slack : (central * 3) / 10 - slack);
      status = passes ? 'pass' : 'fail';
    } else if (pick < 0.53) {
      const central = int(50, 3000) * 10_000;
      kind = '中央衔接资金';
      funds[0] = wan(central);
      labour = wan(passes ? central / 5 + slack : central / 5 - slack);
      status = passes ? 'pass' : 'fail';
    } else if (pick < 0.68) {
      const provincial = int(50, 3000) * 10_000;
      kind = '省级衔接资金';
      funds[1] = wan(provincial);
      funds[3] = wan(int(0, 30) * 10_000);
      if (rand() < 0.3) {
        province = '贵州'; // the provincial floor is Gansu's: elsewhere a person judges
        labour = wan(provincial / 5);
        status = 'review';
      } else {
        labour = wan(passes ? provincial / 5 + slack : provincial / 5 - slack);
        status = passes ? 'pass' : 'fail';
      }
    } else if (pick < 0.9) {
      const parts = [int(20, 800), int(0, 200), int(0, 100), int(0, 100)].map((x) => x * 10_000);
      const base = parts.reduce((a, b) => a + b, 0);
      kind = '农业农村基础设施';
      funds = [...parts.map((p) => (p ? wan(p) : '')), wan(int(0, 300) * 10_000)];
      labour = wan(passes ? base / 10 + slack : base / 10 - slack);
      status = passes ? 'pass' : 'fail';
    } else {
      kind = '重点工程';
      province = i % 3 ? '甘肃' : '四川';
      funds[0] = wan(int(500, 5000) * 10_000);
      funds[1] = wan(int(0, 500) * 10_000);
      labour = wan(int(10, 300) * 10_000);
      status = 'review';
    }
    expected[status]++;
    lines.push([i, name, province, kind, ...funds, labour, '2025-06-30'].join(','));
  }
  return { text: `${lines.join('\r\n')}\r\n`, expected };
}

// ---------------------------------------------------------------------------------------------
// Memory: the RSS of every process below this one (the Chromium browser, renderer, GPU and
// utility processes), from /proc.

function descendantsRss(rootPid) {
  const parent = new Map();
  const rss = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      parent.set(Number(entry), Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]));
      rss.set(Number(entry), Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) * 1024);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  let count = 0;
  for (const pid of rss.keys()) {
    for (let p = parent.get(pid); p; p = parent.get(p)) {
      if (p === rootPid) {
        total += rss.get(pid);
        count++;
        break;
      }
    }
  }
  return { total, count };
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (x) => `${x.toFixed(0)} ms`;

// ---------------------------------------------------------------------------------------------

const { text, expected } = makePlan(ROWS);
const planPath = fileURLToPath(new URL(`plan-${ROWS}.csv`, OUT));
writeFileSync(planPath, text);
const size = Buffer.byteLength(text);

const { server, url } = await startServer({ port: 0, base: '/portal/workrelief/', quiet: true });
const origin = new URL(url).origin;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1200, height: 900 } });
const page = await context.newPage();
const problems = [];
page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
page.on('pageerror', (e) => problems.push(e.message));
page.on('request', (r) => { if (!r.url().startsWith(`${origin}/`) && !r.url().startsWith(`blob:${origin}/`)) problems.push(`outside: ${r.url()}`); });

await page.addInitScript(() => {
  // Long tasks and frame gaps, from the first moment of the page.
  window.__bench = { longtasks: [], frames: [], progressSeen: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const frame = (t) => {
    window.__bench.frames.push(t);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  addEventListener('DOMContentLoaded', () => {
    const target = document.getElementById('review-progress-text');
    new MutationObserver(() => {
      if (/^已检查/.test(target.textContent)) window.__bench.progressSeen++;
    }).observe(target, { childList: true, characterData: true, subtree: true });
  });
});

await page.goto(`${url}#review`);
// CSS selectors, not getByRole/getByLabel: those compute accessible names in the page's main
// thread and would show up as the page's own long tasks.
await page.locator('#review-file').waitFor();
await page.locator('#review-asof').fill('2025-06-30');
await page.waitForTimeout(300);

let peak = { total: 0, count: 0 };
const baseline = descendantsRss(process.pid);
const sampler = setInterval(() => {
  const now = descendantsRss(process.pid);
  if (now.total > peak.total) peak = now;
}, 100);

const t0 = performance.now();
await page.locator('#review-file').setInputFiles(planPath);
await page.waitForSelector('#view-review[data-state="done"]', { timeout: 300_000 });
const nodeElapsed = performance.now() - t0;
await page.waitForTimeout(300); // let the sampler see the settled state
clearInterval(sampler);

const result = await page.evaluate(() => {
  const start = performance.getEntriesByName('workrelief-review-start').at(-1).startTime;
  const checked = performance.getEntriesByName('workrelief-review-checked').at(-1).startTime;
  const shown = performance.getEntriesByName('workrelief-review-shown').at(-1);
  const end = shown.startTime;
  /** Long tasks overlapping [from, to] and the longest gap between animation frames in it. */
  const main = (from, to) => {
    const tasks = window.__bench.longtasks.filter((l) => l.start <= to && l.start + l.duration >= from);
    const frames = window.__bench.frames.filter((t) => t >= from && t <= to + 100);
    let gap = 0;
    for (let i = 1; i < frames.length; i++) gap = Math.max(gap, frames[i] - frames[i - 1]);
    return { count: tasks.length, longest: Math.max(0, ...tasks.map((l) => l.duration)), gap, frames: frames.length };
  };
  const count = (s) => Number(document.querySelector(`.count-${s} .count-value`).textContent.replace(/,/g, ''));
  return {
    elapsed: end - start,
    render: end - checked,
    detail: shown.detail,
    checking: main(start, checked),
    rendering: main(checked, end),
    progressSeen: window.__bench.progressSeen,
    summary: { pass: count('pass'), fail: count('fail'), review: count('review'), invalid: count('invalid'), total: count('total') },
    domRows: document.querySelectorAll('#review-tbody tr').length,
    domNodes: document.getElementsByTagName('*').length,
    page: document.getElementById('review-page').textContent,
  };
});

/** Times an interaction from the click to the condition in the page, with the main thread's
 * longest task meanwhile. */
async function timed(action, condition) {
  const before = await page.evaluate(() => performance.now());
  await action();
  await page.waitForFunction(condition, null, { timeout: 120_000 });
  await page.waitForTimeout(100); // a long task is reported when it ends
  return page.evaluate((before) => {
    const tasks = window.__bench.longtasks.filter((l) => l.start >= before);
    const frames = window.__bench.frames.filter((t) => t >= before);
    let gap = 0;
    for (let i = 1; i < frames.length; i++) gap = Math.max(gap, frames[i] - frames[i - 1]);
    const worker = Number(document.getElementById('review-table').dataset.workerMs);
    return { ms: performance.now() - before - 100, worker, longest: Math.max(0, ...tasks.map((l) => l.duration)), gap };
  }, before);
}
const interactions = [];
interactions.push(['sort by 差额', await timed(() => page.locator('th[data-sort="shortfall"] button').click(),
  () => document.querySelector('th[data-sort="shortfall"]').getAttribute('aria-sort') === 'ascending')]);
interactions.push(['sort by 项目名称', await timed(() => page.locator('th[data-sort="name"] button').click(),
  () => document.querySelector('th[data-sort="name"]').getAttribute('aria-sort') === 'ascending')]);
interactions.push(['filter 不符合', await timed(() => page.locator('#review-filter').selectOption('fail'),
  () => /筛选后/.test(document.getElementById('review-shown').textContent))]);
const filteredPages = await page.evaluate(() => document.getElementById('review-page').textContent);
interactions.push(['next page', await timed(() => page.locator('#review-next').click(),
  () => /^第 2 /.test(document.getElementById('review-page').textContent))]);
interactions.push(['row detail', await timed(() => page.locator('#review-tbody .row-link').first().click(),
  () => document.querySelector('#review-detail-body .detail-verdict')?.shadowRoot?.querySelector('[data-status]'))]);
await page.keyboard.press('Escape');
let csvBytes = 0;
interactions.push(['export CSV', await timed(async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#review-export-csv').click()]);
  csvBytes = readFileSync(await download.path()).length;
}, () => true)]);

await browser.close();
server.close();

const d = result.detail;
const same = JSON.stringify(result.summary) === JSON.stringify(expected);
console.log(`workrelief 计划审核 benchmark: ${ROWS.toLocaleString('en-US')} rows, ${mb(size)} CSV (${planPath.replace(`${process.cwd()}/`, '')})`);
console.log(`Chromium ${browser.version()}, ${process.platform}, node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} at the end`);
console.log('');
console.log(`file chosen → table shown (in page):   ${ms(result.elapsed)}`);
console.log(`  worker: load Wasm ${ms(d.timings.load)}, read file ${ms(d.timings.read)}, check ${ms(d.timings.check)}, compact report ${ms(d.timings.report)}`);
console.log(`setInputFiles → done (from node):       ${ms(nodeElapsed)}  (includes sending the file over CDP)`);
console.log(`progress updates: ${d.progressUpdates} posted and handled, ${result.progressSeen} seen in the DOM`);
const c = result.checking;
const r = result.rendering;
console.log(`main thread while the worker read and checked: ${c.count} long tasks (> 50 ms), longest ${ms(c.longest)}; longest gap between animation frames ${ms(c.gap)} (${c.frames} frames)`);
console.log(`main thread showing the results (report received → table shown, ${ms(result.render)}): ${r.count} long tasks, longest ${ms(r.longest)}; longest frame gap ${ms(r.gap)}`);
console.log(`peak memory: sum of RSS of ${peak.count} Chromium processes ${mb(peak.total)} (before upload ${mb(baseline.total)}); ` +
  `worker Wasm memory ${mb(d.wasmMemory)}`);
console.log(`summary: pass ${result.summary.pass}, fail ${result.summary.fail}, review ${result.summary.review}, invalid ${result.summary.invalid}, total ${result.summary.total}` +
  ` (${same ? 'as generated' : `generated: ${JSON.stringify(expected)}`})`);
console.log(`DOM: ${result.domRows} table rows, ${result.domNodes} elements in the document; ${result.page}`);
console.log('');
console.log(`on the full table (${filteredPages} after the filter), click → shown, with the main thread's longest task and frame gap:`);
for (const [what, t] of interactions) {
  const worker = ['sort by 差额', 'sort by 项目名称', 'filter 不符合', 'next page'].includes(what) ? ` (worker ${ms(t.worker)})` : '';
  console.log(`  ${what.padEnd(14)} ${ms(t.ms).padStart(8)}${worker.padEnd(16)} longest task ${ms(t.longest)}, longest frame gap ${ms(t.gap)}`);
}
console.log(`  (the CSV export is ${mb(csvBytes)})`);
if (problems.length) console.log(`problems: ${problems.join('; ')}`);
