// The 规则库 view in Chromium: the rules in force for a date and a region with their floors,
// periods and citations; the example county overlay (examples/rules/) previewed from a local file
// (no problems, its diff, the built-in sample plan before and after); a broken one with its
// problems at their paths and no way to use it; and 使用此规则库, after which the self-check and
// 计划审核 judge by it and a banner says so until 恢复内置规则库.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SHOTS, useBrowser } from './harness.mjs';

const env = useBrowser();
const COUNTY = readFileSync(new URL('../../examples/rules/example-county-2026.json', import.meta.url), 'utf8');
const json = (name, text) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

const view = (page) => page.locator('#view-rules');

async function openRules(viewport) {
  const opened = await env.open('#rules', { viewport });
  await opened.page.waitForFunction(() => document.querySelectorAll('#rules-list li').length > 0);
  return opened;
}

/** The text of the rule card titled `title`. */
const card = (page, id) => view(page).locator('.rule-card', { hasText: id }).innerText();

describe('规则库', () => {
  test('the rules in force for a date and a region, with floor, period, version and citation; what ended and why', async () => {
    const { page, done } = await openRules();
    await view(page).getByLabel('查询日期').fill('2025-06-30');
    await view(page).getByLabel('地区', { exact: true }).selectOption({ label: '甘肃省' });
    await page.waitForFunction(() => /2025-06-30 在甘肃省有效/.test(document.getElementById('rules-summary').textContent));
    const budget = await card(page, 'work_relief.central_budget');
    assert.match(budget, /劳务报酬比例下限\s*30%（基数：中央资金）/);
    assert.match(budget, /有效期\s*2025-04-18 至/);
    assert.match(budget, /依据\s*《[^》]+》/);
    assert.match(budget, /“[^”]*30%[^”]*”/);
    assert.match(budget, /强制/);
    // 贵州 in 2026: its provincial policies ended, and say when.
    await view(page).getByLabel('查询日期').fill('2026-06-01');
    await view(page).getByLabel('地区', { exact: true }).selectOption({ label: '贵州省' });
    await page.waitForFunction(() => /贵州省/.test(document.getElementById('rules-summary').textContent));
    assert.match(await page.locator('#rules-ended').innerText(), /已于 2025-12-31 失效/);
    // A county code that is not 6 digits is named on its field; nothing is listed for it.
    await page.getByLabel('区县代码（可选）').fill('6299');
    await page.getByLabel('区县代码（可选）').press('Tab');
    assert.equal(await page.locator('#rules-county-error').innerText(), '区县代码应为 6 位数字，如 629901');
    assert.equal(await page.getByLabel('区县代码（可选）').getAttribute('aria-invalid'), 'true');
    await done();
  });

  for (const viewport of [{ width: 1366, height: 768 }, { width: 360, height: 640 }]) {
    test(`the example county overlay previewed at ${viewport.width} × ${viewport.height}: no problems, its diff, the sample plan before and after; nothing changes until 使用此规则库`, async () => {
      const { page, done } = await openRules(viewport);
      const version = await page.locator('#rule-book-version').innerText();
      await page.getByLabel('选择规则库文件').setInputFiles(json('example-county-2026.json', COUNTY));
      await page.waitForFunction(() => document.querySelectorAll('#rules-sample tbody tr').length > 0);
      assert.match(await page.locator('#rules-preview-title').innerText(), /候选规则库“example-county-2026\.json”（版本 [^）]+）：未发现问题/);
      assert.equal(await page.locator('#rules-problems').isVisible(), false);
      const diff = await page.locator('#rules-diff').innerText();
      assert.match(diff, /规则（\d+ 项有变化）/);
      assert.match(diff, /\[新增\]/);
      assert.match(diff, /比例下限：42%/);
      assert.match(diff, /629901/);
      // The sample plan: 157.49万 of 375万 in 示例县 after 2026-01-01 now fails by 100.00 yuan.
      const rows = await page.locator('#rules-sample tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.innerText.replace(/\s+/g, ' ').trim())));
      const row = (name) => rows.find((r) => r[1] === name);
      assert.match(row('示例县灌溉渠')[2], /符合/);
      assert.match(row('示例县灌溉渠')[3], /不符合.*下限 42%.*差 ¥100\.00/);
      assert.equal(row('示例县灌溉渠')[4], '有变化');
      assert.equal(row('示例县便民桥（2025 年）')[4], '无变化');
      assert.equal(row('城关区护坡')[4], '无变化');
      assert.match(await page.locator('#rules-sample caption').innerText(), /共 6 个项目，1 个结果有变化/);
      // Previewing did not change the book in use.
      assert.equal(await page.locator('#rules-banner').isVisible(), false);
      assert.equal(await page.locator('#rule-book-version').innerText(), version);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no sideways scroll');
      await page.locator('#rules-preview').scrollIntoViewIfNeeded();
      await page.screenshot({ path: new URL(`rules-preview-${viewport.width}.png`, SHOTS).pathname, fullPage: true });
      await done();
    });
  }

  test('a broken overlay: its problems with their JSON paths, no diff, and no way to use it', async () => {
    const { page, done } = await openRules({ width: 1366, height: 768 });
    const broken = COUNTY.replace('"floor"', '"flor"').replace(/"quote": "[^"]*"/, '"quote": "本句不在文件原文中"');
    await page.getByLabel('选择规则库文件').setInputFiles(json('broken.json', broken));
    await page.waitForFunction(() => /不能使用/.test(document.getElementById('rules-preview-title').textContent));
    assert.match(await page.locator('#rules-preview-title').innerText(), /候选规则库“broken\.json”有 \d+ 处问题，不能使用/);
    const problems = await page.locator('#rules-problems').innerText();
    assert.match(problems, /rules\[\d+\]\S*flor：未知字段/);
    assert.match(problems, /quote：/);
    assert.equal(await page.locator('#rules-actions').isVisible(), false);
    assert.equal(await page.locator('#rules-diff').innerText(), '');
    await page.locator('#rules-preview').scrollIntoViewIfNeeded();
    await page.screenshot({ path: new URL('rules-problems-1366.png', SHOTS).pathname, fullPage: true });
    // A file named after an ID number is shown masked, as in the other views.
    await page.getByLabel('选择规则库文件').setInputFiles(json('220101199003071234.json', broken));
    await page.waitForFunction(() => /2201/.test(document.getElementById('rules-preview-title').textContent));
    assert.match(await page.locator('#rules-preview-title').innerText(), /候选规则库“2201\*{10}1234\.json”有/);
        // A file that is not JSON at all.
    await page.getByLabel('选择规则库文件').setInputFiles(json('notes.json', '这不是规则库'));
    await page.waitForFunction(() => /notes\.json/.test(document.getElementById('rules-preview-title').textContent));
    assert.match(await page.locator('#rules-problems').innerText(), /不是有效的 JSON/);
    await done();
  });

  test('使用此规则库: the self-check and 计划审核 judge by it, a banner says so; 恢复内置规则库 goes back', async () => {
    const { page, done } = await openRules({ width: 1366, height: 768 });
    const builtin = await page.locator('#rule-book-version').innerText();
    await page.getByLabel('选择规则库文件').setInputFiles(json('example-county-2026.json', COUNTY));
    await page.getByRole('button', { name: '使用此规则库' }).click();
    await page.locator('#rules-banner').waitFor();
    assert.match(await page.locator('#rules-banner').innerText(), /example-county-2026\.json/);
    assert.equal(await page.getByRole('button', { name: '使用此规则库' }).isDisabled(), true);
    // The rules in force now list the county's rule.
    await page.getByLabel('区县代码（可选）').fill('629901');
    await view(page).getByLabel('查询日期').fill('2026-06-01');
    await page.waitForFunction(() => /示例县/.test(document.getElementById('rules-list').innerText));
    // The self-check: 157.49万 of 375万 in 示例县 fails by 100.00 yuan; its version is the overlay's.
    await page.getByRole('link', { name: '项目自查' }).click();
    const el = page.locator('workrelief-check');
    await el.getByLabel('所在省份').selectOption({ label: '甘肃省' });
    await el.getByLabel('项目类型').selectOption({ label: '中央财政衔接资金以工代赈任务' });
    await el.getByLabel('中央资金').fill('3750000');
    await el.getByLabel('劳务报酬').fill('1574900');
    await el.getByLabel('核算日期').fill('2026-06-01');
    await page.evaluate(() => document.querySelector('workrelief-check').setAttribute('county', '629901'));
    await el.getByRole('button', { name: '检查' }).click();
    await page.waitForFunction(() => document.querySelector('workrelief-check').shadowRoot.querySelector('.verdict[data-status="fail"]'));
    assert.match(await el.locator('.wrap').innerText(), /100\.00/);
    assert.notEqual(await page.locator('#rule-book-version').innerText(), builtin);
    // 计划审核: the worker judges by the same book.
    await page.getByRole('link', { name: '计划审核' }).click();
    const csv = '项目名称,所在省份,区县代码,项目类型,中央资金（万元）,劳务报酬（万元）,核算日期\n甲,甘肃省,629901,中央财政衔接资金以工代赈任务,375,157.49,2026-06-01\n';
    await page.getByLabel('选择计划文件').waitFor();
    await page.getByLabel('选择计划文件').setInputFiles({ name: 'p.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('#view-review[data-state="done"]');
    assert.match(await page.locator('#review-tbody').innerText(), /不符合/);
    assert.match(await page.locator('#review-facts').innerText(), /示例县/);
    await page.screenshot({ path: new URL('rules-in-use-review.png', SHOTS).pathname, fullPage: true });
    // 补贴测算 estimates by it too (its note names the book's version).
    await page.evaluate(() => { location.hash = '#estimate?group=poverty_alleviated&work=out_of_province&months=6&asOf=2025-06-30'; });
    await page.waitForFunction(() => /示例县/.test(document.getElementById('est-meta').innerText));
    await page.getByRole('link', { name: '计划审核' }).click();
    // Back to the compiled-in book: the banner goes, the plan is checked again and passes (20%).
    await page.locator('#rules-banner').getByRole('button', { name: '恢复内置规则库' }).click();
    await page.locator('#rules-banner').waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.getElementById('view-review').dataset.state === 'done'
      && /符合/.test(document.getElementById('review-tbody').innerText) && !/不符合/.test(document.getElementById('review-tbody').innerText));
    await done();
  });
});
