#!/usr/bin/env node
// Benchmark of the 车间核查 view on a 10,000-person roster, in Debian's Chromium driven by
// playwright-core, the page served as the browser tests serve it (sub-path, strict CSP).
//
//   node bench/roster-10k.mjs [--rows 10000]
//
// It writes a deterministic CSV roster (UTF-8 with BOM; synthetic ID numbers with correct check
// characters; mixed groups, contracts and incomes; about 2% wrong check characters and 3%
// people listed twice) to test-output/bench/, uploads it in the workshop view (吉林省, as of
// 2025-06-30) and prints: the time from the file being chosen to the results being shown, the
// progress updates, the main thread's long tasks and longest gap between animation frames while
// the worker checked, the peak memory (the sum of the RSS of every Chromium process, sampled
// from /proc every 100 ms, and the worker's Wasm memory), the summary against what the
// generator expects, and a few interactions on the full table. It prints figures; it asserts
// nothing about time.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';

const args = process.argv.slice(2);
const ROWS = Number(args[args.indexOf('--rows') + 1] || 0) || 10_000;
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync',
];
const OUT = new URL('../test-output/bench/', import.meta.url);
mkdirSync(OUT, { recursive: true });

// ---------------------------------------------------------------------------------------------
// The roster. A small deterministic PRNG (mulberry32) picks each person; the expected outcome
// under Jilin's rules (3 or more 脱贫人口/监测对象 with a contract of 3 months or more and an
// income of 4000 yuan or more; 1000 yuan each for those not yet subsidised) is counted here.

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const withCheck = (first17) => first17 + CHECK[[...first17].reduce((sum, d, i) => sum + Number(d) * WEIGHTS[i], 0) % 11];
const GROUPS = [
  [0.45, '脱贫人口', true],
  [0.65, '防止返贫监测对象', true],
  [0.75, '易地搬迁人口', false],
  [0.85, '农村低收入人口', false],
  [1, '其他', false],
];
const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜';

function makeRoster(rows) {
  const rand = mulberry32(20250630);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const expected = { rows, qualifying: 0, persons: 0, badIds: 0, duplicates: 0 };
  const lines = ['身份证号,姓名,人员类别,合同期限（月）,务工月数,年收入（元）,已享受一次性吸纳补贴'];
  const earlier = []; // [line, counts] of valid people, for duplicates
  for (let i = 0; i < rows; i++) {
    if (earlier.length > 10 && rand() < 0.03) {
      // The same person again: a warning, counted once.
      lines.push(earlier[int(0, earlier.length - 1)]);
      expected.duplicates++;
      continue;
    }
    // Unique synthetic IDs: address 220101, one of 40 birth dates, sequence 000–999 (by i).
    const birth = `${1975 + (Math.floor(i / 1000) % 20)}${String(1 + (Math.floor(i / 20000) % 12)).padStart(2, '0')}${String(1 + (Math.floor(i / 1000) % 28)).padStart(2, '0')}`;
    let id = withCheck(`220101${birth}${String(i % 1000).padStart(3, '0')}`);
    const bad = rand() < 0.02;
    if (bad) {
      id = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
      expected.badIds++;
    }
    const pick = rand();
    const [, group, counts] = GROUPS.find(([p]) => pick < p);
    const contract = rand() < 0.1 ? (int(10, 29) / 10).toFixed(1) : String(int(3, 36));
    const months = String(int(1, 12));
    const income = rand() < 0.1 ? `${int(2000, 3999)}.${String(int(0, 99)).padStart(2, '0')}` : String(int(4000, 60000));
    const claimed = rand() < 0.1;
    const name = `${SURNAMES[i % SURNAMES.length]}测试${i}`;
    const line = [id, name, group, contract, months, income, claimed ? '是' : '否'].join(',');
    lines.push(line);
    if (bad) continue;
    const qualifies = counts && Number(contract) >= 3 && Number(income) >= 4000;
    if (qualifies) expected.qualifying++;
    if (qualifies && !claimed) expected.persons++;
    earlier.push(line);
  }
  return { text: `\uFEFF${lines.join('\r\n')}\r\n`, expected, ids: lines.slice(1).map((l) => l.split(',')[0]) };
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

const { text, expected, ids } = makeRoster(ROWS);
const rosterPath = fileURLToPath(new URL(`roster-${ROWS}.csv`, OUT));
writeFileSync(rosterPath, text);
const size = Buffer.byteLength(text);

const { server, url } = await startServer({ port: 0, base: '/portal/workrelief/', quiet: true });
const origin = new URL(url).origin;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1200, height: 900 }, acceptDownloads: true });
const page = await context.newPage();
const problems = [];
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
page.on('worker', (w) => w.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`worker: ${m.text()}`); }));
page.on('pageerror', (e) => problems.push(e.message));
page.on('request', (r) => { if (!r.url().startsWith(`${origin}/`) && !r.url().startsWith(`blob:${origin}/`)) problems.push(`outside: ${r.url()}`); });

await page.addInitScript(() => {
  // Long tasks and frame gaps, from the first moment of the page.
  window.__bench = { longtasks: [], frames: [], progressSeen: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const frame = (t) => {
    window.__bench.frames.push(t);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  addEventListener('DOMContentLoaded', () => {
    // The phases the progress line shows (the elapsed-time counter ticking inside it aside).
    const target = document.getElementById('ws-progress-text');
    let last = '';
    new MutationObserver(() => {
      const phase = target.firstChild?.textContent ?? '';
      if (phase !== last && /^正在/.test(phase)) window.__bench.progressSeen.push(phase.replace(/“[^”]*”/, '“…”'));
      last = phase;
    }).observe(target, { childList: true, characterData: true, subtree: true });
  });
});

await page.goto(`${url}#workshop?province=22&asOf=2025-06-30`);
// CSS selectors, not getByRole/getByLabel: those compute accessible names in the page's main
// thread and would show up as the page's own long tasks.
await page.locator('#ws-file').waitFor({ state: 'attached' });
await page.waitForFunction(() => document.getElementById('ws-province').value === '22');
await page.locator('input[name="source"][value="file"]').check();
await page.locator('#ws-file').waitFor();
await page.waitForTimeout(300);

let peak = { total: 0, count: 0 };
const baseline = descendantsRss(process.pid);
const sampler = setInterval(() => {
  const now = descendantsRss(process.pid);
  if (now.total > peak.total) peak = now;
}, 100);

const t0 = performance.now();
await page.locator('#ws-file').setInputFiles(rosterPath);
await page.waitForSelector('#view-workshop[data-state="done"]', { timeout: 300_000 });
const nodeElapsed = performance.now() - t0;
await page.waitForTimeout(300); // let the sampler see the settled state
clearInterval(sampler);

const result = await page.evaluate(() => {
  const start = performance.getEntriesByName('workrelief-roster-start').at(-1).startTime;
  const shown = performance.getEntriesByName('workrelief-roster-shown').at(-1);
  const end = shown.startTime;
  const checked = performance.getEntriesByName('workrelief-roster-checked').at(-1).startTime;
  /** Long tasks overlapping [from, to] and the longest gap between animation frames in it. */
  const main = (from, to) => {
    const tasks = window.__bench.longtasks.filter((l) => l.start <= to && l.start + l.duration >= from);
    const frames = window.__bench.frames.filter((t) => t >= from && t <= to + 100);
    let gap = 0;
    for (let i = 1; i < frames.length; i++) gap = Math.max(gap, frames[i] - frames[i - 1]);
    return {
      count: tasks.length, longest: Math.max(0, ...tasks.map((l) => l.duration)), gap, frames: frames.length,
      at: tasks.map((l) => `${(l.start - start).toFixed(0)}+${l.duration.toFixed(0)}`),
    };
  };
  const text = (id) => document.getElementById(id).innerText.trim();
  return {
    elapsed: end - start,
    detail: shown.detail,
    render: end - checked,
    checking: main(start, checked),
    rendering: main(checked, end),
    progressSeen: window.__bench.progressSeen,
    status: text('ws-status').replace(/\s+/g, ' '),
    recognition: document.querySelector('[data-card="recognition"] .figures')?.innerText.replace(/\s+/g, ' '),
    reward: document.querySelector('[data-card="reward"] .figures')?.innerText.replace(/\s+/g, ' '),
    errors: document.querySelector('[data-note="errors"] h4')?.textContent ?? '（无）',
    warnings: document.querySelector('[data-note="warnings"] h4')?.textContent ?? '（无）',
    facts: [...document.querySelectorAll('#ws-facts .fact')].map((f) => `${f.querySelector('dt').textContent} ${f.querySelector('dd').textContent}`),
    domRows: document.querySelectorAll('#ws-tbody tr').length,
    domNodes: document.getElementsByTagName('*').length,
    page: document.getElementById('ws-page').textContent,
    bodyText: document.body.innerText,
  };
});

/** Times an interaction from the action to the condition in the page, with the main thread's
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
    return { ms: performance.now() - before - 100, longest: Math.max(0, ...tasks.map((l) => l.duration)), gap };
  }, before);
}
const interactions = [];
interactions.push(['next page', await timed(() => page.locator('#ws-next').click(),
  () => /^第 2 /.test(document.getElementById('ws-page').textContent))]);
interactions.push(['filter 未计入奖补', await timed(() => page.locator('#ws-filter').selectOption('noteligible'),
  () => /筛选后/.test(document.getElementById('ws-shown').textContent))]);
const filteredShown = await page.evaluate(() => document.getElementById('ws-shown').textContent);
let csv = '';
interactions.push(['export CSV', await timed(async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#ws-export').click()]);
  csv = readFileSync(await download.path(), 'utf8');
}, () => true)]);

await browser.close();
server.close();

// Masking: no full ID from the file in the page's text or the export.
const leaked = ids.filter((id) => result.bodyText.includes(id) || csv.includes(id)).length;

const d = result.detail;
const num = (re, s) => Number((re.exec(s ?? '')?.[1] ?? 'NaN').replace(/,/g, ''));
const got = {
  qualifying: num(/符合认定条件的人数 ([\d,]+) 人/, result.recognition),
  persons: num(/([\d,]+) 人 ×/, result.reward),
  badIds: num(/（([\d,]+)）/, result.errors),
  duplicates: num(/提示（([\d,]+)）/, result.warnings),
};
const same = Object.entries(got).every(([k, v]) => v === expected[k]);
console.log(`workrelief 车间核查 benchmark: ${ROWS.toLocaleString('en-US')} people, ${mb(size)} CSV (${rosterPath.replace(`${process.cwd()}/`, '')})`);
console.log(`Chromium ${browser.version()}, ${process.platform}, node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} at the end`);
console.log('');
console.log(`file chosen → results shown (in page):  ${ms(result.elapsed)}`);
console.log(`  worker: load Wasm ${ms(d.timings.load)}, read and check (checkRosterFile) ${ms(d.timings.check)}, rows for the table ${ms(d.timings.summarise)}`);
console.log(`setInputFiles → done (from node):       ${ms(nodeElapsed)}  (includes sending the file over CDP)`);
console.log(`progress updates: ${d.progressUpdates} posted and handled; phases seen in the DOM: ${result.progressSeen.length} (${result.progressSeen.join(' → ')})`);
const c = result.checking;
const r = result.rendering;
const at = (x) => (x.at.length ? ` [start+duration ms after the file was chosen: ${x.at.join(', ')}]` : '');
console.log(`main thread while the worker read and checked: ${c.count} long tasks (> 50 ms), longest ${ms(c.longest)}${at(c)}; longest gap between animation frames ${ms(c.gap)} (${c.frames} frames)`);
console.log(`main thread showing the results (report received → shown, ${ms(result.render)}): ${r.count} long tasks, longest ${ms(r.longest)}${at(r)}; longest frame gap ${ms(r.gap)}`);
console.log(`peak memory: sum of RSS of ${peak.count} Chromium processes ${mb(peak.total)} (before upload ${mb(baseline.total)}); worker Wasm memory ${mb(d.wasmMemory)}`);
console.log(`summary: ${result.status}`);
console.log(`  recognition: ${result.recognition}; reward: ${result.reward}`);
console.log(`  ${result.errors}; ${result.warnings}`);
console.log(`  generated: ${expected.qualifying} qualifying, ${expected.persons} for the reward, ${expected.badIds} wrong check characters, ${expected.duplicates} listed twice (${same ? 'as shown' : `shown: ${JSON.stringify(got)}`})`);
console.log(`  facts: ${result.facts.join('；')}`);
console.log(`DOM: ${result.domRows} table rows, ${result.domNodes} elements in the document; ${result.page}`);
console.log(`full IDs from the file found in the page text or the CSV export: ${leaked}`);
console.log('');
console.log(`on the full table, action → shown, with the main thread's longest task and frame gap (after the filter: ${filteredShown}):`);
for (const [what, t] of interactions) {
  console.log(`  ${what.padEnd(16)} ${ms(t.ms).padStart(8)}   longest task ${ms(t.longest)}, longest frame gap ${ms(t.gap)}`);
}
console.log(`  (the CSV export is ${mb(Buffer.byteLength(csv))}, ${csv.trimEnd().split('\r\n').length - 1} people)`);
if (problems.length) console.log(`problems: ${problems.join('; ')}`);
