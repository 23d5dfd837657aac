// <workrelief-check rules="..."> with the example 示例县 overlay (examples/rules/, served
// same-origin for the test): its county's 42% floor gives the verdicts; a broken
// overlay or one from another origin is shown in Chinese with its paths, and no verdict is given.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SHOTS, useBrowser } from './harness.mjs';

const env = useBrowser();
const OVERLAY = readFileSync(new URL('../../examples/rules/example-county-2026.json', import.meta.url), 'utf8');

/** Opens the embedding demo with `files` served at rules/<name>, and one element of `attrs`. */
async function portal(files, attrs) {
  const opened = await env.open('embed.html');
  const { page } = opened;
  for (const [name, body] of Object.entries(files)) {
    await page.route(`**/rules/${name}`, (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
  }
  await page.evaluate((a) => {
    for (const old of document.querySelectorAll('workrelief-check')) old.remove();
    const el = document.createElement('workrelief-check');
    for (const [k, v] of Object.entries(a)) el.setAttribute(k, v);
    document.querySelector('main').append(el);
  }, attrs);
  return opened;
}

const root = (page) => page.locator('workrelief-check');

async function propose(page, labour) {
  const el = root(page);
  await el.getByLabel('项目类型').selectOption({ label: '中央财政衔接资金以工代赈任务' });
  await el.getByLabel('中央资金').fill('3750000');
  await el.getByLabel('劳务报酬').fill(labour);
  await el.getByRole('button', { name: '检查' }).click();
}

const status = (page) => page.waitForFunction(() => document.querySelector('workrelief-check')
  ?.shadowRoot?.querySelector('.verdict[data-status]')?.dataset.status);

describe('the element\'s rules attribute', () => {
  test('the example county overlay: 157.50万 of 375万 passes, 157.49万 fails by 100.00', async () => {
    const { page, done } = await portal({ 'example-county-2026.json': OVERLAY },
      { rules: 'rules/example-county-2026.json', county: '629901', 'as-of': '2026-06-01' });
    await page.waitForFunction(() => document.querySelector('workrelief-check')?.dataset.rules === 'loaded');
    await propose(page, '1575000');
    await page.waitForFunction(() => document.querySelector('workrelief-check').shadowRoot.querySelector('.verdict[data-status="pass"]'));
    await propose(page, '1574900');
    await page.waitForFunction(() => document.querySelector('workrelief-check').shadowRoot.querySelector('.verdict[data-status="fail"]'));
    const text = await root(page).locator('.wrap').innerText();
    assert.match(text, /示例县/);
    assert.match(text, /100\.00/);
    assert.match(text, /示例县-2026\.1/);
    await page.screenshot({ path: new URL('overlay-element.png', SHOTS).pathname, fullPage: true });
    // Without the attribute the compiled-in book answers: the same figures pass on 20%.
    await page.evaluate(() => document.querySelector('workrelief-check').removeAttribute('rules'));
    await page.waitForFunction(() => !document.querySelector('workrelief-check').dataset.rules);
    await propose(page, '1574900');
    await page.waitForFunction(() => document.querySelector('workrelief-check').shadowRoot.querySelector('.verdict[data-status="pass"]'));
    await done();
  });

  test('a broken overlay is shown with its path and gives no verdict', async () => {
    const broken = OVERLAY.replace('42%（不低于157.50万元）"', '45%（不低于157.50万元）"');
    assert.notEqual(broken, OVERLAY);
    const { page, done } = await portal({ 'broken.json': broken }, { rules: 'rules/broken.json', county: '629901' });
    await page.waitForFunction(() => document.querySelector('workrelief-check')?.dataset.rules === 'failed');
    const alert = root(page).getByRole('alert');
    const text = await alert.innerText();
    assert.match(text, /rules\[0\]\.versions\[0\]\.citation\.quote/);
    assert.match(text, /原文/);
    assert.match(text, /不给出检查结果/);
    assert.equal(await root(page).locator('form').count(), 0);
    assert.equal(await root(page).locator('.verdict').count(), 0);
    await page.screenshot({ path: new URL('overlay-broken.png', SHOTS).pathname, fullPage: true });
    await done();
  });

  test('a rule book from another origin is refused without a request', async () => {
    const { page, done } = await portal({}, { rules: 'https://rules.example.com/overlay.json' });
    await page.waitForFunction(() => document.querySelector('workrelief-check')?.dataset.rules === 'failed');
    assert.match(await root(page).getByRole('alert').innerText(), /必须与本页同源/);
    await done();
  });
});
