// The horizon notice on the page: a check dated past the end of the texts the rules rest on
// shows "依据的政策文件可能已过适用期限" with the document and the date beside the verdict (the
// self-check form) and in the plan report's notes (计划审核); one dated inside shows none.
// Screenshots at 1366x768 and 360x640 go to test-output/screenshots/horizon-*.png.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { SHOTS, useBrowser } from './harness.mjs';

const env = useBrowser();
const check = (page) => page.locator('workrelief-check');
const notice = (page) => check(page).locator('.horizon-notice');

async function propose(page, date) {
  const el = check(page);
  await el.getByLabel('所在省份').selectOption({ label: '甘肃省' });
  await el.getByLabel('项目类型').selectOption({ label: '以工代赈中央预算内投资项目' });
  await el.getByLabel('中央资金').fill('5000000');
  await el.getByLabel('劳务报酬').fill('1750000');
  await el.getByLabel('核算日期').fill(date);
  await el.getByRole('button', { name: '检查' }).click();
  await page.waitForFunction((d) => document.querySelector('workrelief-check')?.shadowRoot
    ?.querySelector(`.verdict[data-status="pass"]`)?.textContent.includes(d), date);
}

describe('the horizon notice', () => {
  for (const [w, hgt] of [[1366, 768], [360, 640]]) {
    test(`beside the form's verdict, ${w}x${hgt}`, async () => {
      const { page, done } = await env.open('', { viewport: { width: w, height: hgt } });
      await propose(page, '2026-06-01');
      const box = notice(page);
      await box.waitFor();
      assert.equal(await box.getAttribute('role'), 'note');
      const text = await box.innerText();
      assert.match(text, /依据的政策文件可能已过适用期限/);
      assert.match(text, /核查日期 2026-06-01 已晚于《甘肃省人力资源和社会保障厅 甘肃省农业农村厅关于做好脱贫人口就业帮扶工作有关事项的通知》的适用期限 2025-12-31/);
      // Beside the verdict: inside the status block, not among the remarks below it.
      assert.equal(await check(page).locator('.status .horizon-notice').count(), 1);
      assert.doesNotMatch(await check(page).locator('.group.warnings').allInnerTexts().then((t) => t.join('')), /适用期限/);
      const size = await box.evaluate((n) => parseFloat(getComputedStyle(n).fontSize));
      assert.ok(size >= 16, `${size}px`);
      await box.scrollIntoViewIfNeeded();
      await page.screenshot({ path: new URL(`horizon-check-${w}x${hgt}.png`, SHOTS).pathname });
      await propose(page, '2025-06-30');
      assert.equal(await notice(page).count(), 0);
      await done();
    });
  }

  for (const [w, hgt] of [[1366, 768], [360, 640]]) {
    test(`with the estimate's total (贵州, 2026: ¥0), ${w}x${hgt}`, async () => {
      const q = new URLSearchParams({ province: '52', group: 'poverty_alleviated', work: 'out_of_province', organized: '1', firstTime: '1', asOf: '2026-06-01' });
      const { page, done } = await env.open(`#estimate?${q}`, { viewport: { width: w, height: hgt } });
      const box = page.locator('#est-total .horizon-notice');
      await box.waitFor();
      assert.equal(await box.getAttribute('role'), 'note');
      assert.match(await box.innerText(), /切实加强就业帮扶.*2025-12-31（文件载明的执行期限）/s);
      await box.scrollIntoViewIfNeeded();
      await page.screenshot({ path: new URL(`horizon-estimate-${w}x${hgt}.png`, SHOTS).pathname });
      await done();
    });
  }

  test('in the plan report of 计划审核', async () => {
    const { page, done } = await env.open('#review', { viewport: { width: 1366, height: 768 } });
    const csv = '项目名称,所在省份,项目类型,中央资金（万元）,劳务报酬（万元）,核算日期\n甲,甘肃省,中央预算内,500,160,2026-06-01\n乙,甘肃省,中央衔接资金,500,160,2026-06-01\n';
    await page.getByLabel('选择计划文件').waitFor();
    await page.getByLabel('选择计划文件').setInputFiles({ name: 'p.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('#view-review[data-state="done"]');
    const box = page.locator('#view-review .horizon-notice');
    assert.equal(await box.count(), 1);
    assert.match(await box.innerText(), /2025-12-31.*可能已有新的文件/s);
    await box.scrollIntoViewIfNeeded();
    await page.screenshot({ path: new URL('horizon-review-1366x768.png', SHOTS).pathname });
    await done();
  });
});
