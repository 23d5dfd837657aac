// The 补贴测算 (a worker's subsidies) and 车间核查 (a workshop's roster) views in Chromium,
// under the strict CSP from a sub-path, failing on any console error (the page's or the
// worker's), dialog or request outside the origin (harness.mjs).
//
// ID numbers: every ID used here is synthetic with a correct ISO 7064 MOD 11-2 check character
// unless a test says otherwise. The tests assert that no full ID typed or uploaded ever
// appears in the page's text, its markup, any input other than the form's own ID inputs, the
// URL, storage or an export. Screenshots: test-output/estimate.png, test-output/workshop.png
// (after an upload: only masked IDs), and more in test-output/screenshots/.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OUT, SHOTS, useBrowser, contrastRatios } from './harness.mjs';

const env = useBrowser();

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
/** GB 11643-1999: the check character appended to 17 digits. */
const withCheck = (first17) => first17 + CHECK[[...first17].reduce((sum, d, i) => sum + Number(d) * WEIGHTS[i], 0) % 11];
const wrongCheck = (id) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
/** Synthetic Jilin IDs (长春, born 1990-03-07) and Gansu ones (兰州, born 1990-01-01). */
const jilin = (seq) => withCheck(`22010119900307${seq}`);
const gansu = (seq) => withCheck(`62010219900101${seq}`);
const masked = (id) => `${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(14)}`;

const ROSTERS = new URL('../fixtures/rosters/', import.meta.url);
const fixture = (name) => fileURLToPath(new URL(name, ROSTERS));
const TEMPLATES = new URL('../../www/templates/', import.meta.url);
const enc = (text) => Buffer.from(text, 'utf8');
const HOSTILE = '<img src=x onerror=alert(1)>';
const HEADER = '身份证号,姓名,人员类别,合同期限（月）,务工月数,年收入（元）,已享受一次性吸纳补贴';

/** Today in China, as the module reads it. */
const todayInChina = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

// ---------------------------------------------------------------------------------------------
// 补贴测算

const est = (page) => page.locator('#view-estimate');
const estTotal = (page) => page.locator('#est-total');
const item = (page, id) => page.locator(`#est-items li.benefit[data-id="${id}"]`);

async function openEstimate(path = '#estimate') {
  const opened = await env.open(path);
  await est(opened.page).getByLabel('人员类别').waitFor();
  await opened.page.waitForFunction(() => document.getElementById('view-estimate').dataset.state);
  return opened;
}

async function fillEstimate(page, { province, group, work, organized, firstTime, newCrossProvince, months, days, asOf }) {
  const v = est(page);
  if (province !== undefined) await v.getByLabel('户籍省份').selectOption({ label: province });
  if (group !== undefined) await v.getByLabel('人员类别').selectOption({ label: group });
  if (work !== undefined) await v.getByLabel('就业地点').selectOption({ label: work });
  if (organized !== undefined) await v.getByLabel('通过有组织劳务输出').setChecked(organized);
  if (firstTime !== undefined) await v.getByLabel('首次外出就业').setChecked(firstTime);
  if (newCrossProvince !== undefined) await v.getByLabel('新跨省务工').setChecked(newCrossProvince);
  if (months !== undefined) await v.getByLabel('稳定就业月数').fill(months);
  if (days !== undefined) await v.getByLabel('培训天数').fill(days);
  if (asOf !== undefined) await v.getByLabel('测算日期（可选）').fill(asOf);
}

/** Waits until the total reads `pattern` (the form updates 150 ms after typing stops). */
async function totalMatches(page, pattern) {
  await page.waitForFunction((source) => new RegExp(source).test(document.getElementById('est-total').innerText), pattern.source);
  return estTotal(page).innerText();
}

const GUIZHOU_WORKER = {
  province: '贵州省', group: '防止返贫监测对象', work: '省外就业', organized: true, firstTime: true,
  newCrossProvince: true, months: '3', days: '10',
};

describe('补贴测算', () => {
  test('a Guizhou monitored worker out of the province, organised, first time, 3 months, 10 training days, as of 2025-06-30', async () => {
    const { page, done } = await openEstimate();
    await fillEstimate(page, { ...GUIZHOU_WORKER, asOf: '2025-06-30' });
    const total = await totalMatches(page, /合计可申领 最高 ¥1,900\.00/);
    assert.match(total, /贵州省：可申领 3 项，合计最高 1,900\.00 元。/);
    const transport = await item(page, 'subsidy.guizhou.transport').innerText();
    assert.match(transport, /一次性交通补助/);
    assert.match(transport, /最高 ¥500\.00/);
    assert.match(transport, /✓\s*可申领/);
    assert.match(transport, /对新跨省务工且稳定就业3个月及以上的脱贫人口（含监测帮扶对象）/);
    assert.match(transport, /依据：《省人力资源社会保障厅等六部门关于切实加强就业帮扶巩固拓展脱贫攻坚成果助力乡村振兴的实施意见》/);
    const jobSeeking = await item(page, 'subsidy.guizhou.job_seeking_out_of_province').innerText();
    assert.match(jobSeeking, /求职创业补贴（省外）/);
    assert.match(jobSeeking, /¥1,000\.00/);
    assert.doesNotMatch(jobSeeking, /最高/);
    assert.match(jobSeeking, /可申领/);
    const training = await item(page, 'subsidy.guizhou.training_allowance').innerText();
    assert.match(training, /培训生活费补贴/);
    assert.match(training, /¥400\.00/);
    assert.match(training, /每天 40\.00 元 × 10 天/);
    const inProvince = await item(page, 'subsidy.guizhou.job_seeking_in_province').innerText();
    assert.match(inProvince, /✗\s*不符合/);
    assert.match(inProvince, /限户籍所在县以外省内就业（您填写的是省外就业）/);
    // Paid to the organiser: listed apart, said not to be in the total.
    const related = await page.locator('#est-related').innerText();
    assert.match(related, /不计入合计/);
    assert.match(related, /一次性跟踪服务补贴/);
    assert.equal(await page.locator('#est-items li[data-id="subsidy.guizhou.tracking_service"]').count(), 0);
    assert.match(await page.locator('#est-meta').innerText(), /测算日期 2025-06-30；/);
    // The state is in the fragment, and the link reproduces the estimate.
    const link = page.url();
    assert.match(link, /#estimate\?/);
    const params = new URLSearchParams(link.split('#estimate?')[1]);
    assert.deepEqual(Object.fromEntries(params), {
      province: '52', group: 'monitored', work: 'out_of_province', organized: '1', firstTime: '1',
      newCrossProvince: '1', months: '3', days: '10', asOf: '2025-06-30',
    });
    await page.evaluate(() => document.activeElement?.blur());
    await page.screenshot({ path: fileURLToPath(new URL('estimate.png', OUT)), fullPage: true });
    const again = await openEstimate(link.slice(env.url.length));
    await totalMatches(again.page, /合计可申领 最高 ¥1,900\.00/);
    assert.equal(await est(again.page).getByLabel('稳定就业月数').inputValue(), '3');
    assert.equal(await est(again.page).getByLabel('新跨省务工').isChecked(), true);
    await again.done();
    await done();
  });

  test('the same without an as-of date: today is after 2025-12-31, so a notice says so and the expired items are one collapsed line', async () => {
    const today = todayInChina();
    assert.ok(today > '2025-12-31', `this test assumes today (${today}) is after Guizhou's policy ended`);
    const { page, done } = await openEstimate();
    await fillEstimate(page, GUIZHOU_WORKER);
    // Not a red ¥0.00: a neutral sentence with where to ask.
    const total = await totalMatches(page, /暂无可申领的补贴/);
    assert.doesNotMatch(total, /¥0\.00/);
    assert.match(total, /12333/);
    assert.equal(await estTotal(page).getAttribute('class'), 'total total-pending');
    // The three that would have applied are listed under one line, without amounts; the one
    // that would not (省内就业, for a worker out of the province) is not listed at all.
    const line = page.locator('#est-items details.expired-items');
    // The last field typed updates the view 150 ms later.
    await page.waitForFunction((want) => document.querySelector('#est-items details.expired-items summary')?.textContent === want,
      '另有 3 项政策已于 2025-12-31 到期，不再列入合计');
    assert.equal(await line.getAttribute('open'), null);
    assert.equal(await page.locator('#est-items li.benefit').count(), 0);
    await line.locator('summary').click();
    for (const id of ['subsidy.guizhou.transport', 'subsidy.guizhou.job_seeking_out_of_province', 'subsidy.guizhou.training_allowance']) {
      const text = await line.locator(`li[data-id="${id}"]`).innerText();
      assert.match(text, /政策执行期限截至 2025-12-31/, id);
      assert.doesNotMatch(text, /¥/, id);
    }
    assert.equal(await page.locator('#est-items [data-id="subsidy.guizhou.job_seeking_in_province"]').count(), 0);
    assert.equal(await page.locator('#est-related li').count(), 0);
    assert.match(await page.locator('#est-meta').innerText(), new RegExp(`测算日期 ${today}（今天）`));
    assert.match(await est(page).locator('#est-asof-hint').innerText(), /不填则按今天的日期测算.*2025-12-31/);
    await done();
  });

  test('2.9 months makes the transport subsidy 不符合, and the total drops to ¥1,400.00', async () => {
    const { page, done } = await openEstimate();
    await fillEstimate(page, { ...GUIZHOU_WORKER, asOf: '2025-06-30' });
    await totalMatches(page, /最高 ¥1,900\.00/);
    await est(page).getByLabel('稳定就业月数').fill('2.9');
    await totalMatches(page, /合计可申领 ¥1,400\.00/);
    const transport = await item(page, 'subsidy.guizhou.transport').innerText();
    assert.match(transport, /✗\s*不符合/);
    assert.match(transport, /须稳定就业 3 个月及以上（您填写的是 2\.9 个月）/);
    assert.equal(await item(page, 'subsidy.guizhou.transport').getAttribute('data-status'), 'ineligible');
    await done();
  });

  test('bad numbers show their error next to their field; the pristine form asks for what is missing', async () => {
    const { page, done } = await openEstimate();
    assert.match(await estTotal(page).innerText(), /请填写个人情况[\s\S]*尚需选择：人员类别、就业地点/);
    assert.equal(await est(page).getByLabel('户籍省份').inputValue(), '52', 'Guizhou by default');
    await fillEstimate(page, { group: '脱贫人口', work: '本县就业', months: '三个月', days: '2.5', asOf: '2025-06-30' });
    await totalMatches(page, /填写的信息有误/);
    for (const [label, errorId, pattern] of [['稳定就业月数', 'est-months-error', /“三个月”不是有效的务工月数/], ['培训天数', 'est-days-error', /培训天数应为 0 到 366 之间的整数/]]) {
      const control = est(page).getByLabel(label);
      assert.equal(await control.getAttribute('aria-invalid'), 'true', label);
      assert.ok((await control.getAttribute('aria-describedby')).split(' ').includes(errorId));
      const error = page.locator(`#${errorId}`);
      assert.equal(await error.isVisible(), true);
      assert.match(await error.innerText(), pattern);
      // The error sits in the same field block as its control.
      assert.equal(await control.locator('xpath=ancestor::div[contains(@class,"field")][1]').locator(`#${errorId}`).count(), 1);
    }
    await est(page).getByLabel('稳定就业月数').fill('6');
    await est(page).getByLabel('培训天数').fill('');
    await totalMatches(page, /按您填写的情况，暂无可申领的补贴/);
    assert.equal(await est(page).getByLabel('稳定就业月数').getAttribute('aria-invalid'), null);
    assert.equal(await page.locator('#est-months-error').isVisible(), false);
    await done();
  });

  test('keyboard only: Tab through the form, choose with the arrow keys, tick with Space, type, Enter; focus is visible', async () => {
    // The date comes from the link (a date input's segments follow the browser's own locale).
    const { page, done } = await openEstimate('#estimate?asOf=2025-06-30');
    const focused = () => page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return { id: el.id, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    const seen = [];
    for (let i = 0; i < 30 && !seen.includes('est-days'); i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      seen.push(f.id);
      if (f.id.startsWith('est-')) {
        assert.notEqual(f.outline, 'none', `focus on ${f.id} is visible`);
        assert.ok(f.width >= 2, `outline on ${f.id} is ${f.width}px`);
      }
      if (f.id === 'est-group') {
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowDown'); // 防止返贫监测对象
      }
      if (f.id === 'est-work') await page.keyboard.press('ArrowDown'); // 省外就业
      if (['est-organized', 'est-firstTime', 'est-newCrossProvince'].includes(f.id)) await page.keyboard.press('Space');
      if (f.id === 'est-months') await page.keyboard.type('3');
      if (f.id === 'est-days') await page.keyboard.type('10');
    }
    for (const id of ['est-province', 'est-group', 'est-work', 'est-organized', 'est-firstTime', 'est-newCrossProvince', 'est-months', 'est-days']) {
      assert.ok(seen.includes(id), `${id} reachable by Tab (seen ${seen.join(',')})`);
    }
    await page.keyboard.press('Enter'); // submits the form: 测算
    await totalMatches(page, /合计可申领 最高 ¥1,900\.00/);
    await page.keyboard.press('Tab');
    const f = await focused();
    assert.equal(f.id, 'est-asof');
    assert.notEqual(f.outline, 'none', 'focus on the date is visible');
    await page.screenshot({ path: fileURLToPath(new URL('estimate-keyboard.png', SHOTS)), fullPage: true });
    await done();
  });

  test('another province: no amounts in the rule book, said so; the print shows the inputs and the results, not the form', async () => {
    const { page, done } = await openEstimate(`#estimate?${new URLSearchParams({ ...GUIZHOU_WORKER, province: '52', group: 'monitored', work: 'out_of_province', organized: '1', firstTime: '1', newCrossProvince: '1', asOf: '2025-06-30' })}`);
    await totalMatches(page, /最高 ¥1,900\.00/);
    await page.emulateMedia({ media: 'print' });
    const text = await page.locator('body').innerText();
    for (const want of ['填报信息', '防止返贫监测对象', '省外就业', '通过有组织劳务输出、首次外出就业、新跨省务工', '合计可申领 最高 ¥1,900.00', '一次性交通补助', '规则库版本']) {
      assert.ok(text.includes(want), `print shows ${want}`);
    }
    assert.equal(await page.locator('#est-form').isVisible(), false);
    await page.emulateMedia({ media: 'screen' });
    await est(page).getByLabel('户籍省份').selectOption({ label: '吉林省' });
    const total = await totalMatches(page, /暂无可测算的补贴/);
    assert.match(total, /本规则库未收录吉林省面向个人的补贴金额标准（已收录：贵州省）/);
    assert.match(page.url(), /province=22/);
    await done();
  });

  test('text colours in the estimate view meet WCAG 2.1 AA contrast', async () => {
    const { page, done } = await openEstimate();
    await fillEstimate(page, { ...GUIZHOU_WORKER, months: '2.9', asOf: '2025-06-30', days: 'x' });
    await totalMatches(page, /填写的信息有误/);
    let ratios = await contrastRatios(page, '#view-estimate');
    assert.deepEqual(ratios.filter((r) => r.ratio < 4.5), []);
    await est(page).getByLabel('培训天数').fill('10');
    await totalMatches(page, /¥1,400\.00/);
    ratios = await contrastRatios(page, '#view-estimate');
    assert.ok(ratios.length > 40, `checked ${ratios.length} text elements`);
    assert.deepEqual(ratios.filter((r) => r.ratio < 4.5), []);
    await done();
  });
});

// ---------------------------------------------------------------------------------------------
// 车间核查

const ws = (page) => page.locator('#view-workshop');
const person = (page, n) => page.locator('#ws-people fieldset.person').nth(n - 1);
const wsStatus = (page) => page.locator('#ws-status');
const card = (page, name) => page.locator(`#ws-cards [data-card="${name}"]`);
const tableRows = (page) => page.locator('#ws-tbody tr');

async function openWorkshop(path = '#workshop') {
  const opened = await env.open(path);
  await ws(opened.page).getByLabel('所在省份').waitFor();
  await opened.page.waitForFunction(() => document.getElementById('ws-province').options.length > 30);
  return opened;
}

async function fillPerson(page, n, p) {
  while (await page.locator('#ws-people fieldset.person').count() < n) {
    await ws(page).getByRole('button', { name: '添加一人' }).click();
  }
  const el = person(page, n);
  if (p.id !== undefined) await el.getByLabel('身份证号').fill(p.id);
  if (p.name !== undefined) await el.getByLabel('姓名').fill(p.name);
  if (p.group !== undefined) await el.getByLabel('人员类别').selectOption({ label: p.group });
  if (p.contract !== undefined) await el.getByLabel('合同期限（月）').fill(p.contract);
  if (p.months !== undefined) await el.getByLabel('务工月数').fill(p.months);
  if (p.income !== undefined) await el.getByLabel('年收入（元）').fill(p.income);
  if (p.claimed !== undefined) await el.getByLabel('已享受一次性吸纳补贴').setChecked(p.claimed);
}

/** Waits until the status region reads `pattern`. */
async function statusMatches(page, pattern) {
  await page.waitForFunction((source) => new RegExp(source).test(document.getElementById('ws-status').innerText), pattern.source);
  return wsStatus(page).innerText();
}

/** Chooses the upload and waits for the results. */
async function upload(page, files, state = 'done') {
  await ws(page).getByRole('radio', { name: '上传名单文件' }).check();
  await ws(page).getByLabel('上传人员名单').setInputFiles(files);
  await page.waitForSelector(`#view-workshop[data-state="${state}"]`);
}

/**
 * Asserts that none of `ids` appears anywhere the page could show or keep it: the rendered
 * text, the markup (attributes included), every control's value except the form's own ID
 * inputs, the URL, storage, performance marks, and `extra` (exports).
 */
async function assertNoIds(page, ids, extra = []) {
  const dump = await page.evaluate(() => {
    const controls = [...document.querySelectorAll('input, select, textarea')];
    const values = controls.filter((el) => !el.classList.contains('id-input')).map((el) => el.value);
    const shadows = [...document.querySelectorAll('*')].filter((el) => el.shadowRoot).map((el) => el.shadowRoot.innerHTML);
    return [
      document.body.innerText, document.documentElement.outerHTML, location.href, document.title,
      JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage }),
      JSON.stringify(performance.getEntriesByType('mark').map((m) => m.detail ?? null)),
      ...values, ...shadows,
    ];
  });
  const haystack = [...dump, ...extra].join('\n');
  assert.ok(ids.length > 0);
  for (const id of ids) assert.equal(haystack.includes(id), false, `the full ID ${masked(id)} appears on the page`);
  // No run of 15 or more digits at all: whatever the IDs were, none is shown whole.
  const run = /\d{15,}/.exec(haystack);
  assert.equal(run && haystack.slice(Math.max(0, run.index - 60), run.index + 30), null, 'a run of 15 or more digits');
}

const QUALIFYING = [
  { id: jilin(301), name: '测试一', group: '脱贫人口', contract: '3', months: '12', income: '4000' },
  { id: jilin(302), name: '测试二', group: '防止返贫监测对象', contract: '12', months: '6', income: '20000' },
  { id: jilin(303), name: '测试三', group: '脱贫人口', contract: '6', months: '6', income: '8000' },
];

describe('车间核查', () => {
  test('Jilin, three qualifying people typed in, as of 2025-06-30: 达到认定标准 and ¥3,000.00; one income at 3999.99: 未达到, 还差 1 人', async () => {
    const { page, done } = await openWorkshop('#workshop?province=22&asOf=2025-06-30');
    assert.equal(await ws(page).getByLabel('所在省份').inputValue(), '22');
    assert.equal(await ws(page).getByLabel('核查日期（可选）').inputValue(), '2025-06-30');
    for (const [i, p] of QUALIFYING.entries()) await fillPerson(page, i + 1, p);
    const status = await statusMatches(page, /达到认定标准（符合条件 3 人，需 3 人）/);
    assert.match(status, /就业帮扶车间一次性奖补：可申领 ¥3,000\.00/);
    const recognition = await card(page, 'recognition').innerText();
    assert.match(recognition, /✓\s*达到认定标准/);
    assert.match(recognition, /符合认定条件的人数\s*3 人/);
    assert.match(recognition, /3 人以上（含 3 人）/);
    assert.match(recognition, /对吸纳脱贫人口（含防止返贫监测对象）3人以上（含3人）就业/);
    assert.match(recognition, /吉人社联〔2022〕81号/);
    const reward = await card(page, 'reward').innerText();
    assert.match(reward, /✓\s*可申领/);
    assert.match(reward, /¥3,000\.00/);
    assert.match(reward, /3 人 × ¥1,000\.00/);
    assert.match(reward, /说明：按审慎口径/);
    const rows = await tableRows(page).evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.innerText.trim())));
    assert.deepEqual(rows.map((r) => r.slice(0, 6)), QUALIFYING.map((p, i) => [String(i + 1), masked(p.id), p.name, p.group, '✓ 是', '✓ 是']));
    // Only the options are in the fragment, never the people.
    assert.deepEqual(Object.fromEntries(new URLSearchParams(page.url().split('#workshop?')[1])), { province: '22', asOf: '2025-06-30' });
    await assertNoIds(page, QUALIFYING.map((p) => p.id));

    await person(page, 2).getByLabel('年收入（元）').fill('3999.99');
    const after = await statusMatches(page, /未达到认定标准/);
    assert.match(after, /符合条件 2 人，需 3 人/);
    assert.match(await card(page, 'recognition').innerText(), /还差 1 人/);
    assert.match(await card(page, 'reward').innerText(), /✗\s*不可申领[\s\S]*¥0\.00/);
    assert.match(await tableRows(page).nth(1).innerText(), /年收入 3,999\.99 元，低于 4,000\.00 元/);
    await done();
  });

  test('a wrong check character: the error is next to that person\'s ID, the person is not counted, and no ID is shown whole', async () => {
    const { page, done } = await openWorkshop('#workshop?province=22&asOf=2025-06-30');
    const bad = wrongCheck(jilin(302));
    for (const [i, p] of QUALIFYING.entries()) await fillPerson(page, i + 1, i === 1 ? { ...p, id: bad } : p);
    await statusMatches(page, /未达到认定标准（符合条件 2 人，需 3 人）；.*1 处问题/);
    const idInput = person(page, 2).getByLabel('身份证号');
    assert.equal(await idInput.getAttribute('aria-invalid'), 'true');
    const error = page.locator(`#${(await idInput.getAttribute('aria-describedby')).split(' ')[0]}`);
    assert.equal(await error.isVisible(), true);
    assert.match(await error.innerText(), /身份证号校验位不正确/);
    assert.equal(await person(page, 1).getByLabel('身份证号').getAttribute('aria-invalid'), null);
    const row = await tableRows(page).nth(1).innerText();
    assert.match(row, new RegExp(`^2\\s+${masked(bad).replace(/\*/g, '\\*')}`));
    assert.match(row, /✗ 否\s+✗ 否/);
    assert.match(row, /身份证号校验位不正确[\s\S]*该行有错误，未计入/);
    assert.match(await page.locator('#ws-notes [data-note="errors"]').innerText(), /第 2 人 身份证号：身份证号校验位不正确/);
    assert.match(await card(page, 'recognition').innerText(), /共 2 人，还差 1 人/);
    // The same person twice counts once (a warning), and a blank card is not sent at all.
    await fillPerson(page, 4, QUALIFYING[0]);
    await ws(page).getByRole('button', { name: '添加一人' }).click();
    await statusMatches(page, /符合条件 2 人/);
    assert.match(await page.locator('#ws-notes [data-note="warnings"]').innerText(), new RegExp(`第 4 人 身份证号：与第 1 行为同一人（${masked(QUALIFYING[0].id).replace(/\*/g, '\\*')}）`));
    assert.equal(await tableRows(page).count(), 4);
    // Removing the bad person: back to the two good ones and the repeat.
    await ws(page).getByRole('button', { name: '删除第 2 人' }).click();
    await statusMatches(page, /符合条件 2 人，需 3 人/);
    assert.equal(await page.locator('#ws-people fieldset.person').count(), 4);
    assert.equal(await person(page, 2).locator('legend').innerText(), '第 2 人');
    await assertNoIds(page, [...QUALIFYING.map((p) => p.id), bad]);
    await done();
  });

  test('Gansu has no numeric criteria: the reward depends on 是否已由主管部门认定 (不确定 / 是 / 否), which goes in the link', async () => {
    const { page, done } = await openWorkshop();
    await ws(page).getByLabel('所在省份').selectOption({ label: '甘肃省' });
    await ws(page).getByLabel('核查日期（可选）').fill('2025-06-30');
    await fillPerson(page, 1, { id: gansu(101), name: '示例甲', group: '脱贫人口', contract: '12', months: '10', income: '24000' });
    await statusMatches(page, /认定：无量化认定标准；.*认定后可申领 ¥3,000\.00/);
    assert.match(await card(page, 'recognition').innerText(), /–\s*无量化认定标准/);
    assert.match(await card(page, 'reward').innerText(), /\?\s*认定后可申领[\s\S]*¥3,000\.00/);
    await ws(page).getByLabel('是否已由主管部门认定').selectOption({ label: '是' });
    await statusMatches(page, /可申领 ¥3,000\.00/);
    assert.match(await card(page, 'reward').innerText(), /已由主管部门认定，可申领/);
    assert.match(page.url(), /recognized=true/);
    await ws(page).getByLabel('是否已由主管部门认定').selectOption({ label: '否' });
    await statusMatches(page, /不可申领 ¥0\.00/);
    assert.match(page.url(), /recognized=false/);
    assert.deepEqual(Object.fromEntries(new URLSearchParams(page.url().split('#workshop?')[1])), { province: '62', recognized: 'false', asOf: '2025-06-30' });
    await assertNoIds(page, [gansu(101)]);
    await done();
  });

  test('upload the fixture roster: summary, problems with row and column, the duplicate, masked IDs only; export; screenshot', async () => {
    const { page, done } = await openWorkshop('#workshop?province=22&asOf=2025-06-30');
    const path = existsSync(fixture('roster.csv')) ? fixture('roster.csv') : null;
    assert.ok(path, 'tests/fixtures/rosters/roster.csv (make_rosters.py)');
    const ids = readFileSync(path, 'utf8').split(/\r?\n/).map((l) => l.replace(/^\uFEFF/, '').split(',')[0]).filter((c) => /^\d{17}[\dX]$/.test(c));
    assert.ok(ids.length >= 8);
    await upload(page, path);
    const status = await wsStatus(page).innerText();
    assert.match(status, /认定：达到认定标准（符合条件 3 人，需 3 人）；就业帮扶车间一次性奖补：可申领 ¥2,000\.00；2 处问题/);
    const facts = await page.locator('#ws-facts').innerText();
    for (const want of ['吉林省', 'roster.csv', 'CSV', 'UTF-8', '第 1 行', '9 行', '2025-06-30', '用时']) assert.ok(facts.includes(want), `facts show ${want}`);
    assert.match(facts, /用时\s+\d+\.\d\d 秒/);
    assert.match(await card(page, 'reward').innerText(), /2 人 × ¥1,000\.00/);
    const errors = await page.locator('#ws-notes [data-note="errors"]').innerText();
    assert.match(errors, /第 7 行 A 列“身份证号”：身份证号校验位不正确/);
    assert.match(errors, /第 10 行 F 列“年收入（元）”：.*“五千”使用了中文数字/);
    assert.match(await page.locator('#ws-notes [data-note="warnings"]').innerText(), /第 8 行 A 列“身份证号”：与第 2 行为同一人（2201\*{10}2012），只计一次/);
    const rows = await tableRows(page).evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.innerText.trim())));
    assert.deepEqual(rows.map((r) => r[0]), ['2', '3', '4', '6', '7', '8', '9', '10', '11']);
    assert.ok(rows.every((r) => /^\d{4}\*{10}[\dX]{4}$/.test(r[1])), 'every ID masked');
    assert.equal(await page.locator('#ws-row-header').innerText(), '行号');
    const mark = await page.evaluate(() => performance.getEntriesByName('workrelief-roster-shown').at(-1).detail);
    assert.ok(mark.progressUpdates >= 2, `progress posted ${mark.progressUpdates} times`);
    assert.equal(mark.total, 9);
    // The export: masked IDs only, a BOM, one line per person.
    const [download] = await Promise.all([page.waitForEvent('download'), ws(page).getByRole('button', { name: '导出核查结果 CSV' }).click()]);
    assert.equal(download.suggestedFilename(), '车间核查结果-roster.csv');
    const csv = readFileSync(await download.path());
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).trimEnd().split('\r\n');
    assert.equal(lines.length, 10);
    assert.match(lines[0], /^行号,身份证号（已脱敏）,姓名,人员类别,计入认定,计入奖补,问题,原因$/);
    assert.match(lines[1], /^2,2201\*{10}2012,测试甲,脱贫人口,是,是,/);
    await assertNoIds(page, ids, [csv.toString('utf8')]);
    await page.screenshot({ path: fileURLToPath(new URL('workshop.png', OUT)), fullPage: true });
    await done();
  });

  test('the GBK CSV, the XLSX and the .xls fixture give the same result (the workbooks\' number-cell ID is an error, never echoed); a JSON roster', async () => {
    const { page, done } = await openWorkshop('#workshop?province=22&asOf=2025-06-30');
    for (const name of ['roster-gbk.csv', 'roster.xlsx', 'roster.xls']) {
      if (!existsSync(fixture(name))) continue;
      await upload(page, fixture(name));
      assert.match(await wsStatus(page).innerText(), /达到认定标准（符合条件 3 人，需 3 人）.*可申领 ¥2,000\.00/, name);
      const facts = await page.locator('#ws-facts').innerText();
      const kind = { xlsx: 'XLSX', xls: 'Excel 97-2003' }[name.split('.').pop()] ?? 'GBK';
      assert.ok(facts.includes(kind), `${name}: ${facts}`);
      if (/\.xlsx?$/.test(name)) {
        assert.match(await page.locator('#ws-notes [data-note="errors"]').innerText(), /第 13 行 A 列“身份证号”：身份证号应作为文本填写/);
        assert.match(await tableRows(page).last().innerText(), /^13\s+\*{18}/);
      }
      await assertNoIds(page, [jilin(208), jilin(201)]);
    }
    // JSON: an array of employees (or a roster object).
    const json = JSON.stringify(QUALIFYING.map((p) => ({ id: p.id, name: p.name, group: p.group, contractMonths: Number(p.contract), monthsEmployed: p.months, annualIncome: p.income })));
    await upload(page, { name: 'roster.json', mimeType: 'application/json', buffer: enc(json) });
    assert.match(await wsStatus(page).innerText(), /达到认定标准（符合条件 3 人，需 3 人）.*可申领 ¥3,000\.00/);
    assert.match(await page.locator('#ws-facts').innerText(), /JSON/);
    await assertNoIds(page, QUALIFYING.map((p) => p.id));
    await done();
  });

  test('a file that is not a roster shows its error; a file chosen before the province waits for it', async () => {
    const { page, done } = await openWorkshop();
    await ws(page).getByRole('radio', { name: '上传名单文件' }).check();
    const roster = { name: `${jilin(201)}.csv`, mimeType: 'text/csv', buffer: enc(`${HEADER}\r\n${jilin(201)},甲,脱贫人口,3,3,4000,否\r\n`) };
    await ws(page).getByLabel('上传人员名单').setInputFiles(roster);
    await page.waitForSelector('#view-workshop[data-state="needs-province"]');
    assert.match(await page.locator('#ws-alert').innerText(), /请先选择所在省份/);
    // A file named after an ID number is shown masked, and the file input is emptied.
    assert.match(await page.locator('#ws-alert').innerText(), /2201\*{10}2012\.csv/);
    assert.equal(await ws(page).getByLabel('上传人员名单').inputValue(), '');
    await ws(page).getByLabel('所在省份').selectOption({ label: '吉林省' });
    await page.waitForSelector('#view-workshop[data-state="done"]');
    assert.match(await page.locator('#ws-facts').innerText(), /2201\*{10}2012\.csv/);
    await assertNoIds(page, [jilin(201)]);
    const notARoster = existsSync(fixture('not-a-roster.csv'))
      ? fixture('not-a-roster.csv')
      : { name: 'not-a-roster.csv', mimeType: 'text/csv', buffer: enc('姓名,联系电话\r\n张三,13800000000\r\n') };
    await upload(page, notARoster, 'error');
    const alert = await page.getByRole('alert').innerText();
    assert.match(alert, /无法核查此文件/);
    assert.match(alert, /身份证号/);
    assert.equal(await page.locator('#ws-body').isVisible(), false);
    assert.match(await wsStatus(page).innerText(), /无法核查此文件/);
    await done();
  });

  test('a long roster is paginated and filtered; hostile names are text; the printed results hold masked IDs only', async () => {
    const { page, done } = await openWorkshop('#workshop?province=22&asOf=2025-06-30');
    const lines = [HEADER];
    const ids = [];
    for (let i = 0; i < 250; i++) {
      const id = withCheck(`2201011990${String(1 + (i % 12)).padStart(2, '0')}${String(10 + (i % 18)).padStart(2, '0')}${String(100 + i).padStart(3, '0')}`);
      ids.push(id);
      lines.push([id, i === 5 ? `"${HOSTILE}"` : `人员${i}`, i % 3 ? '脱贫人口' : '易地搬迁人口', '12', '12', '5000', '否'].join(','));
    }
    await upload(page, { name: 'long.csv', mimeType: 'text/csv', buffer: enc(lines.join('\r\n')) });
    assert.match(await wsStatus(page).innerText(), /符合条件 166 人/);
    assert.equal(await tableRows(page).count(), 100);
    assert.equal(await page.locator('#ws-page').innerText(), '第 1 / 3 页');
    assert.equal(await tableRows(page).nth(5).locator('td.name').innerText(), HOSTILE);
    assert.equal(await page.evaluate(() => document.querySelectorAll('img, script:not([src])').length), 0);
    await ws(page).getByRole('button', { name: '下一页' }).click();
    await page.waitForFunction(() => document.getElementById('ws-page').textContent === '第 2 / 3 页');
    assert.equal(await tableRows(page).first().locator('td').first().innerText(), '102');
    await ws(page).getByLabel('显示').selectOption({ label: '未计入认定人数的人员' });
    await page.waitForFunction(() => /筛选后共 84 人/.test(document.getElementById('ws-shown').textContent));
    assert.equal(await page.locator('#ws-page').innerText(), '第 1 / 1 页');
    await page.emulateMedia({ media: 'print' });
    const text = await page.locator('body').innerText();
    for (const want of ['就业帮扶车间核查结果', '达到认定标准', '2201**********', '打印件只含当前页的人员']) assert.ok(text.includes(want), `print shows ${want}`);
    for (const hidden of ['上传人员名单', '添加一人', '导出核查结果 CSV', '下一页']) assert.equal(text.includes(hidden), false, `print hides ${hidden}`);
    await page.emulateMedia({ media: 'screen' });
    await assertNoIds(page, ids);
    await done(); // the guard fails the test on any dialog (alert)
  });

  test('a large roster shows the progress and the time taken while the worker checks; 取消 stops it', async () => {
    const { page, done } = await openWorkshop('#workshop?province=22&asOf=2025-06-30');
    const lines = [HEADER];
    for (let i = 0; i < 60_000; i++) {
      const id = withCheck(`220101${1970 + (i % 30)}0${1 + (i % 9)}1${i % 10}${String(i % 1000).padStart(3, '0')}`);
      lines.push(`${id},人员${i},脱贫人口,12,12,5000,否`);
    }
    await ws(page).getByRole('radio', { name: '上传名单文件' }).check();
    await ws(page).getByLabel('上传人员名单').setInputFiles({ name: 'large.csv', mimeType: 'text/csv', buffer: enc(lines.join('\r\n')) });
    await page.waitForFunction(() => /正在读取并核查文件“large\.csv”.*已用时 \d+\.\d 秒/.test(document.getElementById('ws-progress-text').textContent));
    assert.equal(await page.locator('#ws-progress progress').isVisible(), true);
    assert.match(await wsStatus(page).innerText(), /正在核查/);
    await ws(page).getByRole('button', { name: '取消' }).click();
    await page.waitForSelector('#view-workshop[data-state="cancelled"]');
    assert.match(await page.locator('#ws-progress-text').innerText(), /已取消核查/);
    assert.equal(await page.locator('#ws-body').isVisible(), false);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'ws-file');
    await done();
  });

  test('the roster templates download under their names and check with no problems', async () => {
    const { page, done } = await openWorkshop('#workshop?province=22&asOf=2025-06-30');
    await ws(page).getByRole('radio', { name: '上传名单文件' }).check();
    const templateIds = readFileSync(new URL('roster-template.csv', TEMPLATES), 'utf8').split('\r\n').slice(1).map((l) => l.split(',')[0]).filter(Boolean);
    assert.equal(templateIds.length, 2);
    for (const id of templateIds) assert.equal(withCheck(id.slice(0, 17)), id, 'a valid synthetic ID');
    for (const [label, ext] of [['就业帮扶车间人员名单模板.csv', 'csv'], ['就业帮扶车间人员名单模板.xlsx', 'xlsx']]) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: label }).click()]);
      assert.equal(download.suggestedFilename(), label);
      const bytes = readFileSync(await download.path());
      if (ext === 'csv') {
        assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'template CSV has a BOM');
        const text = bytes.toString('utf8').slice(1);
        assert.ok(text.startsWith(`${HEADER}\r\n`));
        assert.equal(text.split('\r\n').filter(Boolean).length, 3, 'header and two examples');
      } else {
        assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
      }
      await upload(page, { name: label, mimeType: 'application/octet-stream', buffer: bytes });
      assert.match(await wsStatus(page).innerText(), /符合条件 2 人/, label);
      assert.equal(await page.locator('#ws-notes [data-note]').count(), 0, `${label}: no errors, warnings or unknown columns`);
      assert.equal(await page.locator('#ws-alert').isVisible(), false);
      await assertNoIds(page, templateIds);
    }
    await done();
  });

  test('keyboard only: type two people, add a row with Enter, switch to the upload with the arrow keys, choose a file with Space', async () => {
    const { page, done } = await openWorkshop('#workshop?province=22&asOf=2025-06-30');
    const focused = () => page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return { id: el.id, name: el.name ?? '', text: el.textContent.trim(), outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    const tabTo = async (test, limit = 40) => {
      for (let i = 0; i < limit; i++) {
        await page.keyboard.press('Tab');
        const f = await focused();
        if (test(f)) return f;
      }
      throw new Error('not reached by Tab');
    };
    const typePerson = async (p) => {
      // Focus is on the person's ID input.
      await page.keyboard.type(p.id);
      await page.keyboard.press('Tab');
      await page.keyboard.type(p.name);
      await page.keyboard.press('Tab');
      await page.keyboard.press('ArrowDown'); // 脱贫人口
      for (const v of [p.contract, p.months, p.income]) {
        await page.keyboard.press('Tab');
        await page.keyboard.type(v);
      }
    };
    let f = await tabTo((x) => x.name === 'id');
    assert.ok(f.width >= 2 && f.outline !== 'none', 'focus on the ID input is visible');
    await typePerson(QUALIFYING[0]);
    f = await tabTo((x) => x.text === '添加一人');
    assert.ok(f.width >= 2 && f.outline !== 'none', 'focus on 添加一人 is visible');
    await page.keyboard.press('Enter');
    f = await focused();
    assert.equal(f.name, 'id', 'the new person\'s ID input has the focus');
    await typePerson(QUALIFYING[2]);
    await statusMatches(page, /符合条件 2 人，需 3 人/);
    // Back up to the source radios and switch with an arrow key.
    for (let i = 0; i < 40 && (await focused()).name !== 'source'; i++) await page.keyboard.press('Shift+Tab');
    assert.equal((await focused()).name, 'source');
    await page.keyboard.press('ArrowRight');
    await ws(page).getByLabel('上传人员名单').waitFor();
    f = await tabTo((x) => x.id === 'ws-file', 5);
    assert.notEqual(f.outline, 'none', 'focus on the file input is visible');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles(fixture('roster.csv'));
    await page.waitForSelector('#view-workshop[data-state="done"]');
    assert.match(await wsStatus(page).innerText(), /可申领 ¥2,000\.00/);
    // The typed people are still there, hidden, when switching back.
    await ws(page).getByRole('radio', { name: '逐人填写' }).check();
    await statusMatches(page, /符合条件 2 人，需 3 人/);
    await done();
  });

  test('text colours in the workshop view meet WCAG 2.1 AA contrast', async () => {
    const { page, done } = await openWorkshop('#workshop?province=22&asOf=2025-06-30');
    await fillPerson(page, 1, { ...QUALIFYING[0], id: wrongCheck(QUALIFYING[0].id) });
    await person(page, 1).getByLabel('身份证号').blur();
    await statusMatches(page, /1 处问题/);
    let ratios = await contrastRatios(page, '#view-workshop');
    assert.deepEqual(ratios.filter((r) => r.ratio < 4.5), []);
    await upload(page, fixture('roster.csv'));
    ratios = await contrastRatios(page, '#view-workshop');
    assert.ok(ratios.length > 80, `checked ${ratios.length} text elements`);
    assert.deepEqual(ratios.filter((r) => r.ratio < 4.5), []);
    await page.screenshot({ path: fileURLToPath(new URL('workshop-upload-full.png', SHOTS)), fullPage: true });
    await done();
  });
});
