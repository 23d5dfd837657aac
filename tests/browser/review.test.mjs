// The 计划审核 (reviewer batch check) view in Chromium, under the strict CSP from a sub-path,
// failing on any console error, dialog or request outside the origin (harness.mjs). Plans are
// uploaded with setInputFiles; the fixtures are tests/fixtures/plans/ (make_plans.py): for asOf
// 2025-06-30 they hold 5 passing, 3 failing, 2 review and 1 invalid project, one of them named
// <img src=x onerror=alert(1)>. Screenshots: test-output/review.png, review-detail.png,
// review-print.pdf.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OUT, SHOTS, useBrowser, contrastRatios } from './harness.mjs';

const env = useBrowser();
const FIXTURES = new URL('../fixtures/plans/', import.meta.url);
const fixture = (name) => fileURLToPath(new URL(name, FIXTURES));
const hasFixtures = existsSync(fixture('plan.xlsx')) && existsSync(fixture('plan-gbk.csv'));
const EXPECTED = { pass: 5, fail: 3, review: 2, invalid: 1, total: 11 };
const HOSTILE = '<img src=x onerror=alert(1)>';

const view = (page) => page.locator('#view-review');
const rows = (page) => page.locator('#review-tbody tr[data-index]');
const detail = (page) => page.locator('#review-detail');
const verdictIn = (page) => page.locator('#review-detail-body section.verdict');

/** Opens the review view, sets the options, uploads `files` and waits for the check to end. */
async function upload(page, files, { asOf, sheet, unit, state = 'done' } = {}) {
  if (asOf !== undefined) await page.getByLabel('核算日期（可选）').fill(asOf);
  if (sheet !== undefined) await page.getByLabel('工作表（可选）').fill(sheet);
  if (unit !== undefined) await view(page).getByLabel(unit, { exact: true }).check();
  await page.getByLabel('选择计划文件').setInputFiles(files);
  await page.waitForSelector(`#view-review[data-state="${state}"]`);
}

async function openReview(path = '#review') {
  const opened = await env.open(path);
  await opened.page.getByLabel('选择计划文件').waitFor();
  return opened;
}

/** The summary counts as numbers. */
async function summary(page) {
  const out = {};
  for (const [key, cls] of [['pass', 'pass'], ['fail', 'fail'], ['review', 'review'], ['invalid', 'invalid'], ['total', 'total']]) {
    out[key] = Number((await page.locator(`.count-${cls} .count-value`).innerText()).replace(/,/g, ''));
  }
  return out;
}

/** The table's visible rows as arrays of cell texts. */
function table(page) {
  return rows(page).evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.innerText.trim())));
}

const COL = { row: 0, name: 1, status: 2, ratio: 3, floor: 4, shortfall: 5, problem: 6 };

const enc = (text) => Buffer.from(text, 'utf8');
const SMALL_CSV = [
  '项目名称,所在省份,项目类型,中央资金,劳务报酬,核算日期,备注',
  '甲村道路,甘肃,中央预算内,500,150,2025-06-30,',
  '乙村水渠,甘肃,中央预算内,500,149.99,2025-06-30,',
  '丙村便道,甘肃,中央预算内,五百,1,2025-06-30,手写',
  '合计,,,1500,300.99,,',
].join('\r\n');

describe('计划审核', () => {
  test('a file already in the input when review.js arrives is checked, not silently dropped', async () => {
    const { page, done } = await env.open('');
    await page.waitForLoadState('networkidle');
    let release;
    const held = new Promise((ok) => { release = ok; });
    await page.route(/\/review\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    // A fresh load of #review whose view module is held back: the file goes into the input
    // before anything listens to it (users cannot, the form is hidden until then; a script can).
    await page.goto(`${env.url}?held#review`);
    await page.getByLabel('选择计划文件').setInputFiles({ name: 'early.csv', mimeType: 'text/csv', buffer: enc(SMALL_CSV) });
    assert.equal(await view(page).getAttribute('data-state'), null);
    release();
    await page.waitForSelector('#view-review[data-state="done"]');
    assert.deepEqual(await summary(page), { pass: 1, fail: 1, review: 0, invalid: 1, total: 3 });
    await done();
  });

  test('a small CSV: counts, facts, notes (unmapped column, 合计 row), and the 元/万元 option re-checks', async () => {
    const { page, done } = await openReview();
    await upload(page, { name: 'small.csv', mimeType: 'text/csv', buffer: enc(SMALL_CSV) }, { asOf: '2025-06-30' });
    assert.deepEqual(await summary(page), { pass: 1, fail: 1, review: 0, invalid: 1, total: 3 });
    const facts = await page.locator('#review-facts').innerText();
    for (const want of ['small.csv', 'CSV', 'UTF-8', '第 1 行', '2025-06-30', '规则库版本']) assert.ok(facts.includes(want), `facts show ${want}`);
    const notes = await page.locator('#review-notes').innerText();
    assert.match(notes, /未识别的列/);
    assert.match(notes, /G 列“备注”/);
    assert.match(notes, /第 5 行：“合计”行/);
    const t = await table(page);
    assert.deepEqual(t.map((r) => r[COL.status].replace(/^\W\s*/u, '')), ['符合', '不符合', '输入有误']);
    assert.match(t[2][COL.problem], /D（中央资金）|中文数字/);
    // 元: 150 / 500 yuan. As 万元 nothing changes in the ratio, but the base and shortfall do.
    assert.equal(t[1][COL.shortfall], '0.01');
    await view(page).getByLabel('万元', { exact: true }).check();
    await page.waitForFunction(() => document.querySelector('#review-tbody tr:nth-child(2) td:nth-child(6)')?.textContent === '100.00');
    await page.waitForSelector('#view-review[data-state="done"]');
    assert.match(await page.locator('#review-facts').innerText(), /small\.csv/);
    await done();
  });

  test('the fixture XLSX: summary, file facts, the 合计 row skipped, progress shown, every row in the table', { skip: !hasFixtures && 'fixtures not generated' }, async () => {
    const { page, done } = await openReview();
    await upload(page, fixture('plan.xlsx'), { asOf: '2025-06-30' });
    assert.deepEqual(await summary(page), EXPECTED);
    const facts = await page.locator('#review-facts').innerText();
    for (const want of ['plan.xlsx', 'XLSX', '项目计划', '第 2 行', '2025-06-30']) assert.ok(facts.includes(want), `facts show ${want}`);
    assert.match(facts, /规则库版本\s+\d{4}\.\d+/);
    assert.match(await page.locator('#review-notes').innerText(), /“合计”行是汇总行/);
    const t = await table(page);
    assert.equal(t.length, 11);
    assert.deepEqual(t.map((r) => r[COL.row]), ['3', '4', '5', '6', '7', '9', '10', '11', '12', '13', '14']);
    assert.equal(await page.locator('#review-page').innerText(), '第 1 / 1 页');
    assert.equal(await page.locator('#review-prev').isDisabled(), true);
    assert.equal(await page.locator('#review-next').isDisabled(), true);
    const mark = await page.evaluate(() => performance.getEntriesByName('workrelief-review-shown').at(-1).detail);
    assert.ok(mark.progressUpdates >= 2, `progress posted ${mark.progressUpdates} times`);
    assert.equal(await page.locator('#review-alert').isVisible(), false);
    await page.screenshot({ path: fileURLToPath(new URL('review.png', OUT)), fullPage: true });
    await done();
  });

  test('an .xls plan gives the XLSX verdicts; only then is the .xls module fetched; a password is named', { skip: !existsSync(fixture('plan.xls')) && 'fixtures not generated' }, async () => {
    const { page, done } = await openReview();
    // Requests from the page and its workers (each check runs in a new worker).
    const fetched = [];
    page.context().on('request', (r) => fetched.push(new URL(r.url()).pathname));
    const xlsModule = () => fetched.filter((p) => p.includes('workrelief_xls'));
    await upload(page, { name: 'small.csv', mimeType: 'text/csv', buffer: enc(SMALL_CSV) }, { asOf: '2025-06-30' });
    assert.ok(fetched.some((p) => p.includes('workrelief_plans')), 'the worker loaded the plan module');
    assert.deepEqual(xlsModule(), [], 'a CSV does not fetch the .xls module');
    // Nor did the page as it loaded (before the listener above).
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    assert.ok(loaded.some((u) => u.includes('workrelief_bg.wasm')), loaded.join(', '));
    assert.deepEqual(loaded.filter((u) => u.includes('workrelief_xls')), []);
    await upload(page, fixture('plan.xls'), { asOf: '2025-06-30' });
    assert.deepEqual(await summary(page), EXPECTED);
    const facts = await page.locator('#review-facts').innerText();
    for (const want of ['plan.xls', 'Excel 97-2003', '项目计划', '第 2 行']) assert.ok(facts.includes(want), `facts show ${want}`);
    const t = await table(page);
    assert.deepEqual(t.map((r) => r[COL.row]), ['3', '4', '5', '6', '7', '9', '10', '11', '12', '13', '14']);
    assert.ok(xlsModule().some((p) => p.endsWith('workrelief_xls_bg.wasm')), `fetched: ${xlsModule()}`);
    for (const name of ['encrypted.xlsx', 'encrypted.xls']) {
      await upload(page, fixture(name), { state: 'error' });
      assert.match(await page.getByRole('alert').innerText(), /文件设置了打开密码，请取消密码后再上传/);
    }
    await done();
  });

  test('an .xls the reader stops on is named damaged in Chinese, and the next .xls is read', { skip: !existsSync(fixture('damaged.xls')) && 'fixtures not generated' }, async () => {
    const { page, problems, done } = await openReview();
    await upload(page, fixture('damaged.xls'), { state: 'error' });
    const alert = await page.getByRole('alert').innerText();
    assert.match(alert, /XLS 文件无法读取：工作簿内容已损坏或不完整/);
    assert.doesNotMatch(alert, /unreachable|RuntimeError|wasm/i);
    // The module trapped (calamine panicked): the worker logged the engine's words to the
    // console, and only there.
    const trap = (p) => /^(worker )?console error: RuntimeError: unreachable/.test(p);
    assert.ok(problems.some(trap), problems.join('\n'));
    // (Chromium reports a worker's console on the page too.)
    problems.splice(0, problems.length, ...problems.filter((p) => !trap(p)));
    await upload(page, fixture('plan.xls'), { asOf: '2025-06-30' });
    assert.deepEqual(await summary(page), EXPECTED);
    await done();
  });

  test('the GBK CSV gives the same counts', { skip: !hasFixtures && 'fixtures not generated' }, async () => {
    const { page, done } = await openReview();
    await upload(page, fixture('plan-gbk.csv'), { asOf: '2025-06-30' });
    assert.deepEqual(await summary(page), EXPECTED);
    assert.match(await page.locator('#review-facts').innerText(), /GBK/);
    await done();
  });

  test('the 工作表 option picks the sheet; a missing sheet is the one error, and fixing it re-checks', { skip: !hasFixtures && 'fixtures not generated' }, async () => {
    const { page, done } = await openReview();
    await upload(page, fixture('plan.xlsx'), { asOf: '2025-06-30', sheet: '不存在', state: 'error' });
    assert.match(await page.getByRole('alert').innerText(), /没有名为“不存在”的工作表（现有：“项目计划”、“说明”）/);
    await page.getByLabel('工作表（可选）').fill('项目计划');
    await page.getByLabel('工作表（可选）').press('Enter');
    await page.waitForSelector('#view-review[data-state="done"]');
    assert.deepEqual(await summary(page), EXPECTED);
    assert.equal(await page.getByRole('alert').isVisible(), false);
    await done();
  });

  test('a file dropped on the drop zone is checked', async () => {
    const { page, done } = await openReview();
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
      return dt;
    }, SMALL_CSV);
    await page.dispatchEvent('#review-drop', 'dragover', { dataTransfer });
    assert.match(await page.locator('#review-drop').getAttribute('class'), /dragging/);
    await page.dispatchEvent('#review-drop', 'drop', { dataTransfer });
    await page.waitForSelector('#view-review[data-state="done"]');
    assert.equal((await summary(page)).total, 3);
    assert.match(await page.locator('#review-facts').innerText(), /dropped\.csv/);
    assert.doesNotMatch(await page.locator('#review-drop').getAttribute('class'), /dragging/);
    await done();
  });

  test('filter to 不符合 shows only failing rows; sorting by 差额 puts the largest shortfall first, then reverses', { skip: !hasFixtures && 'fixtures not generated' }, async () => {
    const { page, done } = await openReview();
    await upload(page, fixture('plan.xlsx'), { asOf: '2025-06-30' });
    await page.getByLabel('按结果筛选').selectOption({ label: '不符合' });
    await page.waitForFunction(() => document.querySelectorAll('#review-tbody tr[data-index]').length === 3);
    let t = await table(page);
    assert.ok(t.every((r) => r[COL.status].includes('不符合')), JSON.stringify(t));
    assert.match(await page.locator('#review-shown').innerText(), /筛选后共 3 个项目/);
    const header = page.locator('th[data-sort="shortfall"]');
    // The first click puts the largest shortfall first; the second reverses it.
    await header.getByRole('button').click();
    await page.waitForSelector('th[data-sort="shortfall"][aria-sort="descending"]');
    t = await table(page);
    assert.deepEqual(t.map((r) => r[COL.shortfall]), ['25,000.00', '100.00', '0.01']);
    await header.getByRole('button').click();
    await page.waitForSelector('th[data-sort="shortfall"][aria-sort="ascending"]');
    t = await table(page);
    assert.deepEqual(t.map((r) => r[COL.shortfall]), ['0.01', '100.00', '25,000.00']);
    assert.equal(await page.locator('th[data-sort="row"]').getAttribute('aria-sort'), null);
    // Back to every row, sorted by ratio: the rows without a ratio (review, invalid) go last.
    await page.getByLabel('按结果筛选').selectOption({ label: '全部结果' });
    await page.locator('th[data-sort="ratio"] button').click();
    await page.waitForFunction(() => document.querySelectorAll('#review-tbody tr[data-index]').length === 11
      && document.querySelector('th[data-sort="ratio"]').getAttribute('aria-sort') === 'ascending');
    t = await table(page);
    assert.deepEqual(t.map((r) => r[COL.ratio]), ['9.54%', '12.50%', '19.99%', '19.99%', '20.00%', '30.00%', '30.00%', '32.00%', '—', '—', '—']);
    await done();
  });

  test('clicking a failing row shows its verdict: ratio, floor, shortfall, the quoted policy and its source', { skip: !hasFixtures && 'fixtures not generated' }, async () => {
    const { page, done } = await openReview();
    await upload(page, fixture('plan.xlsx'), { asOf: '2025-06-30' });
    await rows(page).filter({ hasText: '定西市安定区香泉镇小型水利设施修缮' }).locator('td').first().click();
    await verdictIn(page).waitFor();
    assert.equal(await detail(page).isVisible(), true);
    assert.match(await page.locator('#review-detail-title').innerText(), /第 4 行：定西市安定区香泉镇小型水利设施修缮/);
    const text = await verdictIn(page).innerText();
    assert.match(text, /✗\s*不符合/);
    assert.match(text, /19\.99%/);
    assert.match(text, /不低于 20%（至少 ¥600,000\.00）/);
    assert.match(text, /还需增加劳务报酬 ¥100\.00/);
    assert.match(text, /“中央\(省级\)财政衔接资金以工代赈任务劳务报酬占中央\(省级\)资金比例达 20% 以上”/);
    assert.match(text, /依据：《甘肃省人力资源和社会保障厅/);
    assert.match(text, /建议与义务/);
    assert.match(text, /中央资金\s+¥3,000,000\.00/);
    assert.equal(await verdictIn(page).getAttribute('data-status'), 'fail');
    await page.screenshot({ path: fileURLToPath(new URL('review-detail.png', OUT)) });
    await page.keyboard.press('Escape');
    await detail(page).waitFor({ state: 'hidden' });

    // The invalid row names its column.
    await rows(page).filter({ hasText: '永靖县村组道路硬化' }).getByRole('button').click();
    await page.waitForFunction(() => document.querySelector('#review-detail-body .detail-verdict')?.shadowRoot?.querySelector('[data-status="invalid"]'));
    const invalid = await verdictIn(page).innerText();
    assert.match(invalid, /输入有误/);
    assert.match(invalid, /E 列“中央资金（万元）”：“五百”使用了中文数字/);
    await page.getByRole('button', { name: '关闭' }).click();
    await detail(page).waitFor({ state: 'hidden' });
    await done();
  });

  test('a hostile project name is shown as text and runs nothing', { skip: !hasFixtures && 'fixtures not generated' }, async () => {
    const { page, done } = await openReview();
    await upload(page, fixture('plan-gbk.csv'), { asOf: '2025-06-30' });
    const row = rows(page).filter({ hasText: HOSTILE });
    assert.equal(await row.count(), 1);
    assert.equal(await row.locator('.row-link').evaluate((b) => b.firstChild.textContent), HOSTILE);
    await row.getByRole('button').click();
    await verdictIn(page).waitFor();
    assert.equal(await page.locator('#review-detail-title').innerText(), `第 13 行：${HOSTILE}`);
    const elements = await page.evaluate(() => {
      let n = document.querySelectorAll('img, script:not([src])').length;
      for (const el of document.querySelectorAll('*')) if (el.shadowRoot) n += el.shadowRoot.querySelectorAll('img, script').length;
      return n;
    });
    assert.equal(elements, 0);
    await page.keyboard.press('Escape');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('#review-print-list').innerText().then((t) => t.includes(HOSTILE)), false, 'the hostile row passes, so it is not listed');
    await done(); // the guard fails the test on any dialog (alert)
  });

  test('exports: CSV with BOM, one line per row plus header; JSON with the same summary', { skip: !hasFixtures && 'fixtures not generated' }, async () => {
    const { page, done } = await openReview();
    await upload(page, fixture('plan.xlsx'), { asOf: '2025-06-30' });
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    assert.equal(csvDownload.suggestedFilename(), '审核结果-plan.csv');
    const csv = readFileSync(await csvDownload.path());
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const lines = csv.toString('utf8').slice(1).replace(/\r\n$/, '').split('\r\n');
    assert.equal(lines.length, 1 + EXPECTED.total);
    assert.match(lines[0], /^文件,行号,项目名称,结果/);
    assert.ok(lines.some((l) => l.includes(`"${HOSTILE}"`) || l.includes(HOSTILE)));
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 JSON' }).click()]);
    assert.equal(jsonDownload.suggestedFilename(), '审核结果-plan.json');
    const json = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8'));
    assert.deepEqual(json.summary, EXPECTED);
    assert.equal(json.rows.length, EXPECTED.total);
    await done();
  });

  test('a stated 劳务报酬占比: a contradiction warned in the table and the verdict, the rounding trap named, the verdicts on the amounts', async () => {
    const { page, done } = await openReview();
    const csv = [
      '项目名称,所在省份,项目类型,中央资金（元）,劳务报酬（元）,劳务报酬占比,核算日期',
      '填报不符,甘肃,中央预算内,1000000,299900,32%,2025-06-30',
      '四舍五入,甘肃,中央预算内,1000000,299960,30.00%,2025-06-30',
      '如实填报,甘肃,中央预算内,1000000,300000,30%,2025-06-30',
    ].join('\r\n');
    await upload(page, { name: 'share.csv', mimeType: 'text/csv', buffer: enc(csv) });
    assert.deepEqual(await summary(page), { pass: 1, fail: 2, review: 0, invalid: 0, total: 3 });
    const t = await table(page);
    assert.match(t[0][COL.problem], /第 2 行：表中填报的劳务报酬占比 32% 与金额不符：按金额计算为 29\.99%/);
    assert.match(t[1][COL.problem], /30\.00% 是四舍五入后的数字：按金额精确计算为 29\.996%/);
    assert.equal(t[2][COL.problem], '');
    await rows(page).filter({ hasText: '填报不符' }).locator('td').first().click();
    await verdictIn(page).waitFor();
    const text = await verdictIn(page).innerText();
    assert.match(text, /✗\s*不符合/);
    assert.match(text, /与金额不符/);
    await done();
  });

  test('export XLSX: the export module loads on demand and gives the workbook the modules give in Node', { skip: !hasFixtures && 'fixtures not generated' }, async () => {
    const { page, done } = await openReview();
    await upload(page, fixture('plan.xlsx'), { asOf: '2025-06-30' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 XLSX' }).click()]);
    assert.equal(download.suggestedFilename(), '审核结果-plan.xlsx');
    const xlsx = readFileSync(await download.path());
    assert.equal(xlsx.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'a zip');
    // The same file through the same two modules in Node (tests/export_xlsx.rs reads that
    // workbook back cell for cell with calamine and LibreOffice).
    const plans = await import('../../pkg/workrelief_plans.js');
    plans.initSync({ module: readFileSync(new URL('../../pkg/workrelief_plans_bg.wasm', import.meta.url)) });
    const exporter = await import('../../pkg/workrelief_export.js');
    exporter.initSync({ module: readFileSync(new URL('../../pkg/workrelief_export_bg.wasm', import.meta.url)) });
    const checker = new plans.PlanChecker(readFileSync(fixture('plan.xlsx')), 'plan.xlsx', { asOf: '2025-06-30' });
    while (!checker.step(1000));
    const expected = Buffer.from(exporter.xlsxFromTable(checker.exportTable()));
    checker.free();
    assert.ok(xlsx.equals(expected), 'the downloaded workbook is the modules\' workbook');
    await done();
  });

  test('a file that is not a plan shows its one error in the alert and no results', async () => {
    const { page, done } = await openReview();
    const notAPlan = existsSync(fixture('not-a-plan.csv'))
      ? fixture('not-a-plan.csv')
      : { name: 'not-a-plan.csv', mimeType: 'text/csv', buffer: enc('姓名,联系电话\r\n张三,13800000000\r\n') };
    await upload(page, notAPlan, { state: 'error' });
    const alert = page.getByRole('alert');
    assert.equal(await alert.isVisible(), true);
    const text = await alert.innerText();
    assert.match(text, /无法检查此文件/);
    assert.match(text, /[\u4e00-\u9fff]/);
    assert.equal(await alert.locator('li').count(), 0, 'one error, not a list');
    assert.equal(await page.locator('#review-results').isVisible(), false);
    // A JSON that is not JSON, then a real plan: the alert goes away.
    await upload(page, { name: 'x.json', mimeType: 'application/json', buffer: enc('{"a": 1') }, { state: 'error' });
    assert.match(await alert.innerText(), /JSON/);
    await upload(page, { name: 'small.csv', mimeType: 'text/csv', buffer: enc(SMALL_CSV) });
    assert.equal(await alert.isVisible(), false);
    await done();
  });

  test('the template CSV and XLSX download under their names and check with no errors', async () => {
    const { page, done } = await openReview();
    for (const [label, ext] of [['以工代赈项目计划模板.csv', 'csv'], ['以工代赈项目计划模板.xlsx', 'xlsx']]) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: label }).click()]);
      assert.equal(download.suggestedFilename(), label);
      const path = await download.path();
      const bytes = readFileSync(path);
      if (ext === 'csv') {
        assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'template CSV has a BOM');
        const text = bytes.toString('utf8').slice(1);
        assert.ok(text.startsWith('序号,项目名称,所在省份,项目类型,中央资金（万元）,省级资金（万元）,市级资金（万元）,县级资金（万元）,其他资金（万元）,劳务报酬（万元）,核算日期\r\n'));
        assert.equal(text.split('\r\n').filter(Boolean).length, 3, 'header and two examples');
      } else {
        assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
      }
      await upload(page, { name: label, mimeType: 'application/octet-stream', buffer: bytes });
      const s = await summary(page);
      assert.equal(s.total, 2, label);
      assert.equal(s.invalid, 0, label);
      assert.equal(s.pass, 2, label);
      assert.equal(await page.locator('#review-alert').isVisible(), false);
      assert.equal(await page.locator('#review-notes .note-warning').count(), 0, `${label}: no warnings`);
      assert.equal(await page.locator('#review-notes').innerText().then((t) => /未识别的列/.test(t)), false);
    }
    await done();
  });

  test('keyboard only: Tab to the file input, choose, sort, open a row with Enter, Escape back', { skip: !hasFixtures && 'fixtures not generated' }, async () => {
    const { page, done } = await openReview();
    const focused = () => page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return { id: el.id, tag: el.tagName, cls: el.className, text: el.textContent.trim(), outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    let f;
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      f = await focused();
      if (f.id === 'review-file') break;
    }
    assert.equal(f.id, 'review-file', 'the file input is reachable by Tab');
    assert.notEqual(f.outline, 'none', 'focus on the file input is visible');
    // Set the date by keyboard first: Shift+Tab is not needed, the options follow the input.
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles(fixture('plan.xlsx'));
    await page.waitForSelector('#view-review[data-state="done"]');
    // Tab on to the 差额 header's button and sort with Enter.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      f = await focused();
      if (f.text === '差额（元）') break;
    }
    assert.equal(f.text, '差额（元）');
    assert.ok(f.width >= 2, 'focus on the sort button is visible');
    await page.keyboard.press('Enter');
    await page.waitForSelector('th[data-sort="shortfall"][aria-sort="descending"]');
    // Tab to the first row's button (focus stays on the header button after sorting).
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      f = await focused();
      if (f.cls === 'row-link') break;
    }
    assert.equal(f.cls, 'row-link');
    assert.notEqual(f.outline, 'none', 'focus on the row button is visible');
    const name = f.text.replace(/（查看详情）$/, '');
    await page.keyboard.press('Enter');
    await verdictIn(page).waitFor();
    assert.equal(await detail(page).isVisible(), true);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'review-detail-title');
    assert.ok((await page.locator('#review-detail-title').innerText()).includes(name));
    await page.keyboard.press('Escape');
    await detail(page).waitFor({ state: 'hidden' });
    f = await focused();
    assert.equal(f.cls, 'row-link', 'focus goes back to the row');
    await done();
  });

  test('cancel stops a long check; progress counts rows', async () => {
    const { page, done } = await openReview();
    // Units written in the cells send every row through the loose reader: a check of seconds.
    const lines = ['项目名称,项目类型,中央资金,劳务报酬,核算日期'];
    for (let i = 0; i < 150_000; i++) lines.push(`项目${i},中央预算内,${100 + (i % 50)}万元,${30 + (i % 7)}万元,2025-06-30`);
    await page.getByLabel('选择计划文件').setInputFiles({ name: 'long.csv', mimeType: 'text/csv', buffer: enc(lines.join('\n')) });
    await page.waitForFunction(() => /已检查 [\d,]+ 行（\d+%）/.test(document.getElementById('review-progress-text').textContent));
    assert.equal(await page.locator('#review-progress progress').isVisible(), true);
    await page.getByRole('button', { name: '取消' }).click();
    await page.waitForSelector('#view-review[data-state="cancelled"]');
    assert.match(await page.locator('#review-progress-text').innerText(), /已取消检查/);
    assert.equal(await page.locator('#review-results').isVisible(), false);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'review-file');
    await done();
  });

  test('text colours in the review view meet WCAG 2.1 AA contrast', { skip: !hasFixtures && 'fixtures not generated' }, async () => {
    const { page, done } = await openReview();
    await upload(page, fixture('plan.xlsx'), { asOf: '2025-06-30' });
    let ratios = await contrastRatios(page, '#view-review');
    assert.ok(ratios.length > 60, `checked ${ratios.length} text elements`);
    assert.deepEqual(ratios.filter((r) => r.ratio < 4.5), []);
    await rows(page).filter({ hasText: '岷县中药材产业路建设' }).getByRole('button').click();
    await verdictIn(page).waitFor();
    ratios = await contrastRatios(page, '#review-detail');
    assert.ok(ratios.length > 20, `checked ${ratios.length} text elements in the detail`);
    assert.deepEqual(ratios.filter((r) => r.ratio < 4.5), []);
    await done();
  });

  test('the printed summary: counts, file facts, rule book version, date, the rows that did not pass, no controls', { skip: !hasFixtures && 'fixtures not generated' }, async () => {
    const { page, done } = await openReview();
    await upload(page, fixture('plan.xlsx'), { asOf: '2025-06-30' });
    await page.emulateMedia({ media: 'print' });
    const text = await page.locator('body').innerText();
    for (const want of ['以工代赈项目计划审核摘要', 'plan.xlsx', '项目计划', '规则库版本', '检查时间', '核算日期', '未通过的项目（6）',
      '定西市安定区香泉镇小型水利设施修缮', '永靖县村组道路硬化', '黔西市乡村旅游步道建设', '25,000.00']) {
      assert.ok(text.includes(want), `print shows ${want}`);
    }
    assert.equal(text.includes('会宁县土高山乡村组道路硬化工程'), false, 'passing rows are not listed');
    for (const hidden of ['选择计划文件', '导出 CSV', '按结果筛选', '上一页']) {
      assert.equal(text.includes(hidden), false, `print hides ${hidden}`);
    }
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(new URL('review-print.pdf', OUT), pdf);
    await page.screenshot({ path: fileURLToPath(new URL('review-print-media.png', SHOTS)), fullPage: true });
    await done();
  });

  test('the print list is capped at 200 rows and says how many more', async () => {
    const { page, done } = await openReview();
    const lines = ['项目名称,项目类型,中央资金（万元）,劳务报酬（万元）,核算日期'];
    for (let i = 0; i < 450; i++) lines.push(`项目${i},中央预算内,100,${i % 3 ? 29 : 31},2025-06-30`);
    await upload(page, { name: 'many.csv', mimeType: 'text/csv', buffer: enc(lines.join('\n')) });
    assert.deepEqual(await summary(page), { pass: 150, fail: 300, review: 0, invalid: 0, total: 450 });
    assert.equal(await page.locator('#review-page').innerText(), '第 1 / 5 页');
    assert.equal(await rows(page).count(), 100, 'one page of 100 rows in the DOM');
    await page.getByRole('button', { name: '下一页' }).click();
    await page.waitForFunction(() => document.getElementById('review-page').textContent === '第 2 / 5 页');
    assert.equal(await rows(page).first().locator('td').first().innerText(), '102');
    assert.equal(await page.locator('#review-print-list tbody tr').count(), 200);
    await page.emulateMedia({ media: 'print' });
    assert.match(await page.locator('#review-print-list').innerText(), /仅列出前 200 个，另有 100 个未通过的项目未列出/);
    await done();
  });
});
