// Files that are not plans uploaded to 计划审核 and 车间核查 in Chromium, as a user uploads them
// by mistake (a photo of the plan, a PDF, a Word file, broken JSON, JSON of something else):
// the alert says in Chinese what the file is, and holds no English word but the names of file
// formats (tests/node/junk.mjs: ALLOWED_WORDS). Under the strict CSP with the harness's guards.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './harness.mjs';
import { BAD_JSON, JUNK, englishWords } from '../node/junk.mjs';

const env = useBrowser();

/**
 * The alert's text after uploading `file` to the review view, once the view has ended in
 * `error` with an alert that holds `expected` (the previous upload's alert may still show).
 */
async function reviewAlert(page, file, expected) {
  await page.getByLabel('选择计划文件').setInputFiles(file);
  await page.waitForFunction((words) => document.getElementById('view-review').dataset.state === 'error'
    && document.getElementById('review-alert').innerText.includes(words), expected);
  return page.locator('#review-alert').innerText();
}

function assertChinese(text) {
  assert.match(text, /[\u4e00-\u9fff]/);
  assert.deepEqual(englishWords(text), [], text);
}

describe('files that are not plans', () => {
  test('计划审核: a PNG, a JPEG, a PDF, a Word file and a ZIP are told what they are', async () => {
    const { page, done } = await env.open('#review');
    await page.getByLabel('选择计划文件').waitFor();
    for (const [name, mimeType, buffer, what] of JUNK) {
      const alert = await reviewAlert(page, { name, mimeType, buffer }, `这是${what}，`);
      assert.match(alert, /无法检查此文件/);
      assert.ok(alert.includes(`这是${what}，不是表格文件`), alert);
      assert.match(alert, /请上传 XLSX、XLS、CSV 或 JSON 格式的项目计划表/);
      assert.doesNotMatch(alert, /没有找到表头/);
      assertChinese(alert);
      assert.match(await page.locator('#review-live').innerText(), new RegExp(`无法检查此文件：这是${what}`));
    }
    await done();
  });

  test('计划审核: broken JSON and JSON that is no plan', async () => {
    const { page, done } = await env.open('#review');
    await page.getByLabel('选择计划文件').waitFor();
    for (const [name, text, , words] of BAD_JSON) {
      const alert = await reviewAlert(page, { name, mimeType: 'application/json', buffer: Buffer.from(text) }, words);
      assert.ok(alert.includes(words), alert);
      assert.doesNotMatch(alert, /EOF|expected|line|column|invalid|没有找到表头/);
      assertChinese(alert);
    }
    await done();
  });

  test('车间核查: a photo uploaded as the roster', async () => {
    const { page, done } = await env.open('#workshop?province=22&asOf=2025-06-30');
    const ws = page.locator('#view-workshop');
    await ws.getByLabel('所在省份').waitFor();
    await ws.getByRole('radio', { name: '上传名单文件' }).check();
    const [name, mimeType, buffer, what] = JUNK[0];
    await ws.getByLabel('上传人员名单').setInputFiles({ name: '名单.png', mimeType, buffer });
    await page.waitForSelector('#view-workshop[data-state="error"]');
    const alert = await ws.getByRole('alert').innerText();
    assert.match(alert, /无法核查此文件/);
    assert.ok(alert.includes(`这是${what}，不是表格文件。请上传 XLSX、XLS、CSV 或 JSON 格式的人员名单。`), `${name}: ${alert}`);
    assertChinese(alert);
    await done();
  });
});
