// The page in a real browser: Debian's Chromium driven by playwright-core. The page is served
// from a sub-path under the strict CSP; every test fails on a console error, an uncaught error,
// a CSP violation or any request outside the page's origin (see harness.mjs). Screenshots and
// the printed report go to test-output/ (git-ignored). The review view: review.test.mjs; 补贴测算 and
// 车间核查: benefits.test.mjs.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { OUT, SHOTS, useBrowser, contrastRatios } from './harness.mjs';

const env = useBrowser();
const open = (...args) => env.open(...args);

const check = (page) => page.locator('workrelief-check');
const status = (page) => check(page).getByRole('status');

async function fillProposal(page, { kind, province, central, provincial, other, labour, date, name, unit }) {
  const el = check(page);
  if (name !== undefined) await el.getByLabel('项目名称').fill(name);
  if (province !== undefined) await el.getByLabel('所在省份').selectOption({ label: province });
  if (kind !== undefined) await el.getByLabel('项目类型').selectOption({ label: kind });
  if (unit !== undefined) await el.getByLabel(unit, { exact: true }).check();
  if (central !== undefined) await el.getByLabel('中央资金').fill(central);
  if (provincial !== undefined) await el.getByLabel('省级资金').fill(provincial);
  if (other !== undefined) await el.getByLabel('其他资金').fill(other);
  if (labour !== undefined) await el.getByLabel('劳务报酬').fill(labour);
  if (date !== undefined) await el.getByLabel('核算日期').fill(date);
}

describe('the page', () => {
  test('four views are reachable from the first screen', async () => {
    const { page, done } = await open();
    await status(page).waitFor();
    await page.screenshot({ path: new URL('view-check-empty.png', SHOTS).pathname, fullPage: true });
    await page.getByRole('link', { name: '计划审核' }).click();
    await page.getByLabel('选择计划文件').waitFor();
    assert.equal(await page.locator('#view-check').isVisible(), false);
    assert.doesNotMatch(await page.locator('#view-review').innerText(), /即将推出/);
    await page.screenshot({ path: new URL('view-review.png', SHOTS).pathname, fullPage: true });
    await page.getByRole('link', { name: '补贴测算' }).click();
    await page.locator('#view-estimate').getByLabel('人员类别').waitFor();
    assert.doesNotMatch(await page.locator('#view-estimate').innerText(), /即将推出/);
    await page.screenshot({ path: new URL('view-estimate.png', SHOTS).pathname, fullPage: true });
    await page.getByRole('link', { name: '车间核查' }).click();
    await page.locator('#view-workshop').getByLabel('上传名单文件').waitFor();
    assert.equal(await page.locator('#view-estimate').isVisible(), false);
    await page.screenshot({ path: new URL('view-workshop.png', SHOTS).pathname, fullPage: true });
    await page.getByRole('link', { name: '项目自查' }).click();
    // The view is shown by the hashchange handler, a moment after the click.
    await page.locator('#view-check').waitFor({ state: 'visible' });
    const labels = ['项目名称', '所在省份', '项目类型', '中央资金', '省级资金', '市级资金', '县级资金', '其他资金', '劳务报酬', '核算日期'];
    for (const label of labels) assert.equal(await check(page).getByLabel(label, { exact: true }).count(), 1, label);
    assert.equal(await check(page).getByRole('button', { name: '检查' }).count(), 1);
    await done();
  });

  test('a passing proposal, and its link reproduces the check', async () => {
    const { page, done } = await open();
    await fillProposal(page, { kind: '以工代赈中央预算内投资项目', province: '甘肃省', central: '5,000,000', labour: '1500000', date: '2025-06-30' });
    await check(page).getByRole('button', { name: '检查' }).click();
    const text = await status(page).innerText();
    assert.match(text, /✓\s*符合/);
    assert.match(text, /30\.00%/);
    assert.match(text, /已达到下限/);
    assert.match(text, /以工代赈中央预算内投资项目劳务报酬占中央资金比例达30%以上/);
    assert.match(text, /甘肃省人力资源和社会保障厅/);
    assert.match(text, /建议与义务/);
    assert.equal(await status(page).getAttribute('data-status'), 'pass');
    const link = page.url();
    assert.match(link, /#check\?/);
    assert.match(decodeURIComponent(link), /central=5,000,000/);
    await page.screenshot({ path: new URL('check-pass.png', SHOTS).pathname, fullPage: true });

    const again = await open(link.slice(env.url.length));
    await again.page.waitForFunction(() => document.querySelector('workrelief-check')?.shadowRoot?.querySelector('[data-status="pass"]'));
    assert.equal(await check(again.page).getByLabel('中央资金').inputValue(), '5,000,000');
    assert.equal(await check(again.page).getByLabel('劳务报酬').inputValue(), '1500000');
    await again.done();
    await done();
  });

  test('a failing proposal shows the ratio, the floor and the shortfall', async () => {
    const { page, done } = await open();
    await fillProposal(page, { kind: '以工代赈中央预算内投资项目', central: '5000000', labour: '1499999.99', date: '2025-06-30' });
    await check(page).getByRole('button', { name: '检查' }).click();
    const text = await status(page).innerText();
    assert.match(text, /✗\s*不符合/);
    assert.match(text, /29\.99%/);
    assert.match(text, /不低于 30%（至少 ¥1,500,000\.00）/);
    assert.match(text, /还需增加劳务报酬 ¥0\.01/);
    await page.screenshot({ path: new URL('check-fail.png', SHOTS).pathname, fullPage: true });
    await done();
  });

  test('an invalid proposal shows the error next to its field', async () => {
    const { page, done } = await open();
    await fillProposal(page, { kind: '以工代赈中央预算内投资项目', central: '-5', labour: '一百万', date: '2025-06-30' });
    await check(page).getByRole('button', { name: '检查' }).click();
    assert.match(await status(page).innerText(), /输入有误/);
    const central = check(page).getByLabel('中央资金');
    assert.equal(await central.getAttribute('aria-invalid'), 'true');
    const errorId = (await central.getAttribute('aria-describedby')).split(' ').find((id) => id.endsWith('-error'));
    const error = check(page).locator(`[id="${errorId}"]`);
    assert.equal(await error.isVisible(), true);
    assert.match(await error.innerText(), /负数/);
    // The error sits next to its field, inside the same field block.
    assert.equal(await central.locator('xpath=ancestor::div[contains(@class,"field")][1]').locator(`[id="${errorId}"]`).count(), 1);
    assert.match(await check(page).getByLabel('劳务报酬').getAttribute('aria-invalid'), /true/);
    await page.screenshot({ path: new URL('check-invalid.png', SHOTS).pathname, fullPage: true });
    await done();
  });

  test('the verdict updates as the user types, in 万元 too', async () => {
    const { page, done } = await open();
    await fillProposal(page, { kind: '农业农村基础设施建设领域推广以工代赈方式的项目', unit: '万元', central: '200', other: '300', date: '2025-06-30' });
    const labour = check(page).getByLabel('劳务报酬');
    await labour.pressSequentially('19.99');
    await page.waitForFunction(() => document.querySelector('workrelief-check').shadowRoot.querySelector('[data-status="fail"]'));
    assert.match(await status(page).innerText(), /还需增加劳务报酬 ¥100\.00/);
    await labour.press('Backspace');
    await labour.press('Backspace');
    await labour.press('Backspace');
    await labour.pressSequentially('20');
    await page.waitForFunction(() => document.querySelector('workrelief-check').shadowRoot.querySelector('[data-status="pass"]'));
    assert.match(await status(page).innerText(), /¥2,000,000\.00/);
    await done();
  });

  test('a hostile project name is shown as text and runs nothing', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const { page, done } = await open(`#check?${new URLSearchParams({ name: hostile, kind: 'central_budget', central: '100', labour: '30', date: '2025-06-30' })}`);
    await page.waitForFunction(() => document.querySelector('workrelief-check')?.shadowRoot?.querySelector('[data-status="pass"]'));
    await check(page).getByLabel('项目名称').fill(`${hostile}<script>alert(2)</script>`);
    await check(page).getByRole('button', { name: '检查' }).click();
    const images = await page.evaluate(() => document.querySelector('workrelief-check').shadowRoot.querySelectorAll('img, script').length);
    assert.equal(images, 0);
    assert.equal(await page.locator('img').count(), 0);
    await page.emulateMedia({ media: 'print' });
    assert.match(await check(page).locator('.print-inputs').innerText(), /<img src=x onerror=alert\(1\)><script>alert\(2\)<\/script>/);
    await done();
  });

  test('keyboard only: tab to every field, type, submit with Enter; focus is visible', async () => {
    const { page, done } = await open();
    await status(page).waitFor();
    const focused = () => page.evaluate(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      const style = getComputedStyle(el);
      return { name: el.name ?? '', tag: el.tagName, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    const seen = [];
    for (let i = 0; i < 40 && !seen.includes('labour'); i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      seen.push(f.name);
      if (['name', 'kind', 'central', 'labour'].includes(f.name)) {
        assert.notEqual(f.outline, 'none', `focus on ${f.name} is visible`);
        assert.ok(f.width >= 2, `outline on ${f.name} is ${f.width}px`);
      }
      if (f.name === 'kind') await page.keyboard.press('ArrowDown'); // the first kind
      if (f.name === 'central') await page.keyboard.type('5000000');
      if (f.name === 'labour') await page.keyboard.type('1500000');
    }
    for (const name of ['name', 'province', 'kind', 'unit', 'central', 'provincial', 'municipal', 'county', 'other', 'labour']) {
      assert.ok(seen.includes(name), `${name} reachable by Tab (seen ${seen.join(',')})`);
    }
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('workrelief-check').shadowRoot.querySelector('.verdict[data-status="pass"]'));
    assert.match(await status(page).innerText(), /符合/);
    await page.screenshot({ path: new URL('check-keyboard.png', SHOTS).pathname, fullPage: true });
    await done();
  });

  test('text colours meet WCAG 2.1 AA contrast', async () => {
    const { page, done } = await open(`#check?${new URLSearchParams({ kind: 'central_budget', central: '100', labour: '29.99', date: '2025-06-30' })}`);
    await page.waitForFunction(() => document.querySelector('workrelief-check')?.shadowRoot?.querySelector('[data-status="fail"]'));
    const ratios = await contrastRatios(page);
    assert.ok(ratios.length > 30, `checked ${ratios.length} text elements`);
    const low = ratios.filter((r) => r.ratio < 4.5);
    assert.deepEqual(low, []);
    await done();
  });

  test('the printed report is one A4 page with verdict, inputs, citations, version and date', async () => {
    const { page, done } = await open(`#check?${new URLSearchParams({ name: '某村道路硬化工程', province: '62', kind: 'central_budget', central: '5000000', labour: '1499999.99', date: '2025-06-30' })}`);
    await page.waitForFunction(() => document.querySelector('workrelief-check')?.shadowRoot?.querySelector('[data-status="fail"]'));
    await page.emulateMedia({ media: 'print' });
    // innerText does not cross shadow roots: read the component and the page around it.
    const text = `${await check(page).locator('.wrap').innerText()}\n${await page.locator('body').innerText()}`;
    for (const want of ['填报信息', '某村道路硬化工程', '不符合', '还需增加劳务报酬 ¥0.01', '以工代赈中央预算内投资项目劳务报酬占中央资金比例达30%以上', '规则库版本', '核算日期 2025-06-30', '检查时间']) {
      assert.ok(text.includes(want), `print shows ${want}`);
    }
    assert.equal(await check(page).locator('form').isVisible(), false);
    await page.screenshot({ path: new URL('report-print-media.png', SHOTS).pathname, fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(new URL('report.pdf', OUT), pdf);
    const pageCount = (bytes) => (bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.equal(pageCount(pdf), 1, 'one A4 page');
    // The longest report: a Fujian project, whose duties add the most items.
    await page.emulateMedia({ media: 'screen' });
    await check(page).getByLabel('所在省份').selectOption({ label: '福建省' });
    await page.waitForFunction(() => document.querySelector('workrelief-check').shadowRoot.querySelector('[data-rule="work_relief.duty.coordination"]'));
    await page.emulateMedia({ media: 'print' });
    const fujian = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(new URL('report-fujian.pdf', OUT), fujian);
    assert.equal(pageCount(fujian), 1, 'one A4 page for the longest report too');
    await done();
  });

  test('a server that sends the .wasm under another type still gets the verdict, from Wasm', async () => {
    // The loader compiles the module as it streams in, which needs application/wasm; a portal
    // that serves it as application/octet-stream gets it compiled from its bytes instead, with
    // no warning and without falling back to the JavaScript build.
    const context = await env.browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    const served = [];
    await page.route('**/*.wasm', async (route) => {
      const response = await route.fetch();
      served.push(route.request().url());
      await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
    });
    const fallback = [];
    page.on('request', (r) => {
      if (r.url().includes('/pkg/js/')) fallback.push(r.url());
    });
    await page.goto(`${env.url}#check?${new URLSearchParams({ kind: 'central_budget', central: '100', labour: '29.99', date: '2025-06-30' })}`);
    const text = await status(page).innerText();
    assert.match(text, /不符合/);
    assert.match(text, /还需增加劳务报酬 ¥0\.01/);
    assert.equal(served.length, 1, 'the preloaded response is the one used');
    assert.equal(await check(page).getAttribute('data-engine'), 'wasm');
    assert.deepEqual(fallback, [], 'the JavaScript build is not fetched');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a page whose modules cannot run says so in Chinese and names the browsers that work', async () => {
    // As in a browser too old to parse the modules, or a network that lost them: the element is
    // never defined, and the classic no-module.js shows the notice once the page has loaded.
    const context = await env.browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route(/\/(app|workrelief-check)\.js$/, (route) => route.fulfill({
      status: 200, contentType: 'text/javascript', body: 'export const x = 1 +;',
    }));
    await page.goto(env.url);
    const notice = page.locator('#no-module');
    await notice.waitFor({ state: 'visible' });
    const text = await notice.innerText();
    assert.match(text, /未能在此浏览器中运行/);
    assert.match(text, /Chrome 或 Edge 90 及以上版本/);
    assert.match(text, /Safari 15 及以上版本/);
    assert.doesNotMatch(text, /[A-Za-z]{4,}Error|undefined|Unexpected/);
    await context.close();

    // A working page never shows it.
    const ok = await open('#check');
    await status(ok.page).waitFor();
    await ok.page.waitForLoadState('load');
    assert.equal(await ok.page.locator('#no-module').isVisible(), false);
    await ok.done();
  });

  test('first verdict timing (printed, not asserted)', async (t) => {
    const { page, done } = await open(`#check?${new URLSearchParams({ kind: 'central_budget', central: '100', labour: '30', date: '2025-06-30' })}`);
    await page.waitForFunction(() => performance.getEntriesByName('workrelief-first-verdict').length > 0);
    const ms = await page.evaluate(() => performance.getEntriesByName('workrelief-first-verdict')[0].startTime);
    t.diagnostic(`first verdict ${ms.toFixed(1)} ms after navigation start (Chromium, localhost)`);
    console.log(`# first verdict in Chromium: ${ms.toFixed(1)} ms after navigation start`);
    await done();
  });
});

describe('the custom element in a portal page', () => {
  test('embed.html renders <workrelief-check> in its own shadow root with the attributes as defaults', async () => {
    const { page, done } = await open('embed.html');
    const el = check(page);
    await el.getByRole('status').waitFor();
    assert.equal(await page.evaluate(() => !!document.querySelector('workrelief-check').shadowRoot), true);
    assert.equal(await el.getByLabel('所在省份').inputValue(), '62');
    assert.equal(await el.getByLabel('核算日期').inputValue(), '2025-06-30');
    // The portal's hostile styles (30px red labels) do not reach inside.
    const fontSize = await el.locator('label[for$="-central"]').evaluate((n) => getComputedStyle(n).fontSize);
    assert.equal(fontSize, '16px');
    await el.getByLabel('项目类型').selectOption({ label: '省级财政衔接资金以工代赈任务' });
    await el.getByLabel('省级资金').fill('100万');
    await el.getByLabel('劳务报酬').fill('15万');
    await el.getByRole('button', { name: '检查' }).click();
    const text = await el.getByRole('status').innerText();
    assert.match(text, /不符合/);
    assert.match(text, /还需增加劳务报酬 ¥50,000\.00/);
    assert.match(text, /甘肃省/);
    // The portal's own URL is left alone.
    assert.equal(new URL(page.url()).hash, '');
    await page.screenshot({ path: new URL('embed.png', SHOTS).pathname, fullPage: true });
    await done();
  });
});
