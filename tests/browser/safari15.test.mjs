// What Safari 15 (iOS 15: WeChat's WebView) lacks, taken away from Chromium before the page runs,
// so that the page's fallbacks run here under the strict CSP, with the harness's guards (no
// console error, CSP violation or request outside the origin): no constructed stylesheets (Safari
// 16.4), so the shadow roots link their .css files (styleShadow() in www/verdict.js); and, as
// in Safari 15.0 to 15.3, no <dialog> methods, so the review's row detail is a panel
// (www/review.js). Screenshot: test-output/screenshots/safari15-review-detail.png.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { SHOTS, useBrowser } from './harness.mjs';

const env = useBrowser();

/** Removes what Safari 15.0 lacks; run in the page before its scripts. */
function likeSafari15() {
  delete Document.prototype.adoptedStyleSheets;
  delete ShadowRoot.prototype.adoptedStyleSheets;
  delete CSSStyleSheet.prototype.replaceSync;
  delete CSSStyleSheet.prototype.replace;
  delete HTMLDialogElement.prototype.showModal;
  delete HTMLDialogElement.prototype.close;
}

/**
 * Loads the page again with Safari 15's gaps (init scripts run from the next load on), once the
 * first load has settled (the other views' modules load in the background: a reload would abort
 * them, and the harness fails a test on an aborted request).
 */
async function reloadLikeSafari15(page) {
  await page.waitForLoadState('networkidle');
  await page.addInitScript(likeSafari15);
  await page.reload();
}

/** Computed styles of the element's parts that its two stylesheets set. */
function elementStyles(page) {
  return page.evaluate(() => {
    const root = document.querySelector('workrelief-check').shadowRoot;
    const pick = (selector, props) => {
      const el = root.querySelector(selector);
      if (!el) return null;
      const style = getComputedStyle(el);
      return Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]));
    };
    return {
      host: getComputedStyle(document.querySelector('workrelief-check')).display,
      form: pick('.form', ['border-top-color', 'border-radius', 'padding-left']),
      grid: pick('.grid', ['display', 'column-gap']),
      label: pick('label', ['font-weight', 'font-size']),
      primary: pick('button.primary', ['background-color', 'color']),
      status: pick('.status', ['background-color', 'border-top-color', 'border-radius']),
      finding: pick('.finding', ['border-left-color', 'border-left-width']),
      citation: pick('.citation blockquote', ['font-family']),
      links: root.querySelectorAll('link[rel="stylesheet"]').length,
      adopted: root.adoptedStyleSheets?.length ?? null,
    };
  });
}

async function failingVerdict(page) {
  const el = page.locator('workrelief-check');
  await el.getByLabel('项目类型').selectOption({ label: '省级财政衔接资金以工代赈任务' });
  await el.getByLabel('省级资金').fill('100万');
  await el.getByLabel('劳务报酬').fill('15万');
  await el.getByRole('button', { name: '检查' }).click();
  await el.getByRole('status').getByText('还需增加劳务报酬 ¥50,000.00').waitFor();
}

describe('Safari 15, simulated in Chromium', () => {
  test('without constructed stylesheets the element links its styles and looks the same', async () => {
    const { page, done } = await env.open('embed.html');
    await failingVerdict(page);
    const constructed = await elementStyles(page);
    assert.equal(constructed.adopted, 2);
    assert.equal(constructed.links, 0);
    await reloadLikeSafari15(page);
    await failingVerdict(page);
    const linked = await elementStyles(page);
    assert.equal(linked.adopted, null, 'the page ran without adoptedStyleSheets');
    assert.equal(linked.links, 2);
    assert.deepEqual({ ...linked, links: 0, adopted: 2 }, constructed);
    // The styles really apply (not the browser's defaults).
    assert.equal(linked.host, 'block');
    assert.equal(linked.primary['background-color'], 'rgb(11, 87, 208)');
    await done();
  });

  test('without <dialog> a row detail opens as a panel; Escape and 关闭 close it and focus goes back', async () => {
    const { page, done } = await env.open('#review');
    await reloadLikeSafari15(page);
    const csv = ['项目名称,所在省份,项目类型,中央资金,劳务报酬,核算日期',
      '甲村道路,甘肃,中央预算内,500,149.99,2025-06-30',
      '乙村水渠,甘肃,中央预算内,500,150,2025-06-30'].join('\r\n');
    await page.getByLabel('选择计划文件').waitFor();
    await page.getByLabel('选择计划文件').setInputFiles({ name: 'plan.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('#view-review[data-state="done"]');
    const detail = page.locator('#review-detail');
    assert.equal(await detail.isVisible(), false, 'the closed panel is hidden');
    assert.equal(await page.evaluate(() => typeof document.getElementById('review-detail').showModal), 'undefined');

    const rowButton = page.locator('#review-tbody tr[data-index]').first().getByRole('button');
    await rowButton.focus();
    await page.keyboard.press('Enter');
    const verdict = page.locator('#review-detail-body section.verdict');
    await verdict.waitFor();
    assert.equal(await detail.isVisible(), true);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'review-detail-title');
    assert.match(await verdict.innerText(), /还需增加劳务报酬 ¥0\.01/);
    const panel = await detail.evaluate((d) => {
      const style = getComputedStyle(d);
      const shadow = d.querySelector('.detail-verdict').shadowRoot;
      return {
        position: style.position,
        className: d.className,
        links: shadow.querySelectorAll('link[rel="stylesheet"]').length,
        status: getComputedStyle(shadow.querySelector('.status')).backgroundColor,
      };
    });
    assert.deepEqual(panel, { position: 'fixed', className: 'detail no-dialog', links: 2, status: 'rgb(253, 236, 234)' });
    await page.screenshot({ path: new URL('safari15-review-detail.png', SHOTS).pathname });

    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement.className), 'row-link', 'focus is back on the row');

    await page.keyboard.press('Enter');
    await verdict.waitFor();
    await page.getByRole('button', { name: '关闭' }).click();
    await detail.waitFor({ state: 'hidden' });
    await done();
  });
});
