// 关怀模式 (care mode) and phones, in a real browser (harness.mjs: the strict CSP, guarded pages).
// Each of the four views, filled in as a user would leave it (a verdict, a loaded plan, an
// estimate, a workshop result), at 360 × 640 (a phone), 1366 × 768 and 683 × 384 (200% zoom), in
// normal and care mode:
// no horizontal scroll of the page; every visible target at least 44 × 44 px (60 × 60 in care
// mode); in care mode no text under 18 px and line height at least 1.5; the review's status,
// ratio and shortfall on the screen at 360 px; axe-core with the WCAG 2.0/2.1 A and AA tags (and
// in care mode also color-contrast-enhanced, 7:1) finds nothing, inside the shadow roots too.
// Screenshots: test-output/screenshots/care-<mode>-<width>-<view>.png.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { SHOTS, useBrowser } from './harness.mjs';

const env = useBrowser();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PLAN = fileURLToPath(new URL('../fixtures/plans/plan.xlsx', import.meta.url));

// 683 × 384: a 1366 × 768 laptop at 200% browser zoom (WCAG 1.4.4 and 1.4.10).
const SIZES = [{ width: 360, height: 640 }, { width: 1366, height: 768 }, { width: 683, height: 384 }];
const VIEWS = ['check', 'review', 'estimate', 'workshop', 'rules'];
const TAB = { check: '项目自查', review: '计划审核', estimate: '补贴测算', workshop: '车间核查', rules: '规则库' };
const COUNTY_OVERLAY = readFileSync(new URL('../../examples/rules/example-county-2026.json', import.meta.url));

/** Synthetic Jilin ID numbers with their GB 11643-1999 check character. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const jilin = (seq) => {
  const first17 = `22010119900307${seq}`;
  return first17 + '10X98765432'[[...first17].reduce((sum, d, i) => sum + Number(d) * WEIGHTS[i], 0) % 11];
};

/** Puts `view` in a filled state (the page is at the view's tab). */
const FILL = {
  async check(page) {
    const el = page.locator('workrelief-check');
    await el.getByLabel('项目名称').fill('某村产业路建设项目');
    await el.getByLabel('所在省份').selectOption({ label: '甘肃省' });
    await el.getByLabel('项目类型').selectOption({ label: '以工代赈中央预算内投资项目' });
    await el.getByLabel('中央资金').fill('5,000,000');
    await el.getByLabel('劳务报酬').fill('1200000');
    await el.getByLabel('核算日期').fill('2025-06-30');
    await el.getByRole('button', { name: '检查' }).click();
    await page.waitForFunction(() => document.querySelector('workrelief-check').shadowRoot.querySelector('[data-status="fail"]'));
  },
  async review(page) {
    await page.getByLabel('选择计划文件').setInputFiles(PLAN);
    await page.waitForSelector('#view-review[data-state="done"]');
    await page.waitForFunction(() => document.querySelectorAll('#review-tbody tr[data-index]').length > 2);
  },
  async estimate(page) {
    const v = page.locator('#view-estimate');
    await page.waitForFunction(() => document.getElementById('view-estimate').dataset.state);
    await v.getByLabel('人员类别').selectOption({ label: '脱贫人口' });
    await v.getByLabel('就业地点').selectOption({ label: '省外就业' });
    await v.getByLabel('通过有组织劳务输出').setChecked(true);
    await v.getByLabel('稳定就业月数').fill('6');
    await v.getByLabel('培训天数').fill('10');
    await v.getByLabel('测算日期（可选）').fill('2025-06-30');
    await page.waitForFunction(() => /¥[1-9]/.test(document.getElementById('est-total').innerText));
  },
  async workshop(page) {
    const v = page.locator('#view-workshop');
    await page.waitForFunction(() => document.getElementById('ws-province').options.length > 30);
    await v.getByLabel('所在省份').selectOption({ label: '吉林省' });
    await v.getByLabel('核查日期（可选）').fill('2025-06-30');
    const people = [
      { id: jilin(301), name: '测试一', group: '脱贫人口', contract: '3', months: '12', income: '4000' },
      { id: jilin(302), name: '测试二', group: '防止返贫监测对象', contract: '12', months: '6', income: '20000' },
    ];
    for (const [i, p] of people.entries()) {
      if (i > 0) await v.getByRole('button', { name: '添加一人' }).click();
      const card = page.locator('#ws-people fieldset.person').nth(i);
      await card.getByLabel('身份证号').fill(p.id);
      await card.getByLabel('姓名').fill(p.name);
      await card.getByLabel('人员类别').selectOption({ label: p.group });
      await card.getByLabel('合同期限（月）').fill(p.contract);
      await card.getByLabel('务工月数').fill(p.months);
      await card.getByLabel('年收入（元）').fill(p.income);
    }
    await page.waitForFunction(() => /认定标准/.test(document.getElementById('ws-status').innerText));
    await page.waitForFunction(() => document.querySelectorAll('#ws-tbody tr').length === 2);
  },
  async rules(page) {
    // The rules in force for 示例县 today, and the example overlay previewed (diff and sample plan).
    await page.waitForFunction(() => document.querySelectorAll('#rules-list li').length > 0);
    await page.getByLabel('区县代码（可选）').fill('629901');
    await page.getByLabel('选择规则库文件').setInputFiles({ name: 'example-county-2026.json', mimeType: 'application/json', buffer: COUNTY_OVERLAY });
    await page.waitForFunction(() => document.querySelectorAll('#rules-sample tbody tr').length > 0);
  },
};

/**
 * The states measured, in order: each view filled in, then the first minute's warnings (a
 * self-check with amounts in the wrong unit, 贵州's estimate today with its notice before the form
 * and the expired items collapsed), so that their new elements are held to the same sizes.
 */
const STATES = [
  ...VIEWS.map((view) => ({ view, name: view, fill: FILL[view] })),
  {
    view: 'check',
    name: 'check-unit',
    async fill(page) {
      // The tab's bare #check empties the form: fill it in again, then type yuan under 万元.
      await FILL.check(page);
      const el = page.locator('workrelief-check');
      await el.getByLabel('万元', { exact: true }).check();
      await el.getByLabel('中央资金').fill('5000000');
      await el.getByLabel('劳务报酬').fill('1600000');
      await el.getByRole('button', { name: '检查' }).click();
      await el.locator('.field-central .warning').waitFor();
      await el.locator('.unit-warnings').waitFor();
    },
  },
  {
    view: 'estimate',
    name: 'estimate-expired',
    async fill(page) {
      const v = page.locator('#view-estimate');
      await v.getByLabel('户籍省份').selectOption({ label: '贵州省' });
      await v.getByLabel('测算日期（可选）').fill('');
      await page.locator('#est-notice').waitFor();
      await page.waitForFunction(() => /暂无可申领|12333/.test(document.getElementById('est-total').innerText));
      const expired = page.locator('#view-estimate .expired-items summary');
      if (await expired.count()) await expired.first().click();
    },
  },
];

/**
 * What the page looks like to a user at this size: page scroll, the targets smaller than `min`
 * and the smallest target, text under 18 px or with line height under 1.5 (care mode), the
 * review table's key cells outside the viewport. Shadow roots included.
 */
function measure({ min, care }) {
  const vw = document.documentElement.clientWidth;
  const out = {
    scrollWidth: document.scrollingElement.scrollWidth, clientWidth: document.scrollingElement.clientWidth,
    small: [], smallest: null, text: [], offscreen: [], targets: 0, texts: 0,
  };
  const name = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''} "${(el.textContent || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 16)}"`;
  const hiddenText = (el) => el.closest('.visually-hidden, option, select, [hidden]');
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) visit(el.shadowRoot);
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      // Nothing visible cut off at the viewport's sides (inside a dialog or a scroll box too).
      if (!el.closest('.visually-hidden, .skip, thead') && !(el.getRootNode().host?.closest?.('.visually-hidden'))) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && (r.left < -0.5 || r.right > vw + 0.5)) out.offscreen.push(`${name(el)} ${Math.round(r.left)}..${Math.round(r.right)}`);
      }
      const interactive = el.matches('a[href], button, input:not([type=hidden]), select, textarea, summary');
      if (interactive) {
        // A radio or checkbox is reached through its label: the label is the target.
        const target = el.matches('input[type=radio], input[type=checkbox]') ? el.closest('label') ?? el : el;
        const r = target.getBoundingClientRect();
        // Outside the viewport horizontally: the skip link until it is focused.
        if (r.right <= 0 || r.left >= vw || r.width === 0) continue;
        // No inline links inside sentences are exempted (WCAG 2.5.8's inline exception): the
        // page has none; every link is a block or a 44 px inline-flex box.
        out.targets += 1;
        const size = Math.min(r.width, r.height);
        if (!out.smallest || size < out.smallest.size) out.smallest = { what: name(target), size: Math.round(size * 10) / 10, width: Math.round(r.width), height: Math.round(r.height) };
        if (r.width < min - 0.5 || r.height < min - 0.5) out.small.push(`${name(target)} ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
      if (care && !hiddenText(el) && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) {
        const s = getComputedStyle(el);
        const size = parseFloat(s.fontSize);
        const lh = s.lineHeight === 'normal' ? 1.2 : parseFloat(s.lineHeight) / size;
        out.texts += 1;
        if (size < 18 - 0.01 || lh < 1.5 - 0.01) out.text.push(`${name(el)} ${size}px/${Math.round(lh * 100) / 100}`);
      }
    }
  };
  visit(document);
  for (const td of document.querySelectorAll('#view-review:not([hidden]) #review-tbody tr[data-index] > td:is(:nth-child(3), :nth-child(4), :nth-child(6))')) {
    const r = td.getBoundingClientRect();
    if (r.left < 0 || r.right > vw + 0.5) out.offscreen.push(`${td.dataset.label} ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  // Nothing cut off in the row detail's dialog.
  for (const dialog of document.querySelectorAll('dialog[open]')) {
    if (dialog.scrollWidth > dialog.clientWidth) out.offscreen.push(`dialog#${dialog.id} scrolls sideways (${dialog.scrollWidth} > ${dialog.clientWidth})`);
  }
  // Nothing cut off inside a table's scroll box where the rows are cards.
  for (const wrap of document.querySelectorAll('.view:not([hidden]) .table-wrap')) {
    if (vw < 768 && wrap.scrollWidth > wrap.clientWidth) out.offscreen.push(`${wrap.parentElement.className || wrap.parentElement.id}: the table scrolls sideways (${wrap.scrollWidth} > ${wrap.clientWidth})`);
  }
  return out;
}

async function axe(page, care) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  return page.evaluate(async (care) => {
    const brief = (r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)}`) }));
    const aa = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    // Care mode promises 7:1 (WCAG's AAA contrast) too.
    const enhanced = care ? await window.axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast-enhanced'] } }) : { violations: [] };
    return { violations: [...brief(aa), ...brief(enhanced)], passes: aa.passes.length };
  }, care);
}

const report = [];

describe('care mode and phones', () => {
  for (const care of [false, true]) {
    for (const size of SIZES) {
      const mode = care ? 'care' : 'normal';
      test(`${mode} mode at ${size.width} × ${size.height}: every view filled in fits, targets ≥ ${care ? 60 : 44} px, axe finds nothing`, async () => {
        const { page, done } = await env.open('#check', { viewport: size });
        await page.locator('workrelief-check').getByRole('button', { name: '检查' }).waitFor();
        const toggle = page.getByRole('button', { name: '关怀模式' });
        assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
        if (care) {
          await toggle.click();
          assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
          assert.equal(await page.locator('workrelief-check').getAttribute('care'), '');
        }
        const failures = [];
        for (const { view, name: state, fill } of STATES) {
          await page.getByRole('link', { name: TAB[view] }).click();
          await page.locator(`#view-${view}`).waitFor({ state: 'visible' });
          await fill(page);
          await page.evaluate(() => window.scrollTo(0, 0));
          const m = await page.evaluate(measure, { min: care ? 60 : 44, care });
          const a = await axe(page, care);
          if (care) assert.ok(m.texts > 20, `${m.texts} text elements measured`);
          report.push(`${mode} ${size.width} ${state}: ${m.targets} targets, smallest ${m.smallest?.what} ${m.smallest?.width}×${m.smallest?.height}; axe ${a.violations.length} violations (${a.passes} rules passed)`);
          await page.screenshot({ path: new URL(`care-${mode}-${size.width}-${state}.png`, SHOTS).pathname, fullPage: true });
          if (m.scrollWidth > m.clientWidth) failures.push(`${state}: the page scrolls sideways (${m.scrollWidth} > ${m.clientWidth})`);
          for (const s of m.small) failures.push(`${state}: target under ${care ? 60 : 44} px: ${s}`);
          for (const t of m.text) failures.push(`${state}: text under 18 px or line height under 1.5: ${t}`);
          for (const o of m.offscreen) failures.push(`${state}: outside the viewport: ${o}`);
          for (const v of a.violations) failures.push(`${state}: axe ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.join('\n    ')}`);
          if (state === 'review') {
            if (size.width === 360) assert.ok(await page.locator('#review-tbody tr[data-index] td[data-label="差额（元）"]').count() > 2);
            // A row's verdict in the detail dialog: its own shadow root, in care mode too.
            await page.locator('#review-tbody .row-link').nth(1).click();
            await page.waitForFunction(() => document.querySelector('#review-detail .detail-verdict')?.shadowRoot?.querySelector('.verdict'));
            assert.equal(await page.locator('#review-detail .detail-verdict').evaluate((el) => el.hasAttribute('care')), care);
            const d = await page.evaluate(measure, { min: care ? 60 : 44, care });
            const da = await axe(page, care);
            report.push(`${mode} ${size.width} review detail: ${d.targets} targets, smallest ${d.smallest?.what} ${d.smallest?.width}×${d.smallest?.height}; axe ${da.violations.length} violations`);
            await page.screenshot({ path: new URL(`care-${mode}-${size.width}-review-detail.png`, SHOTS).pathname });
            for (const t of d.small) failures.push(`review detail: target under ${care ? 60 : 44} px: ${t}`);
            for (const t of d.text) failures.push(`review detail: text under 18 px or line height under 1.5: ${t}`);
            for (const o of d.offscreen) failures.push(`review detail: outside the viewport: ${o}`);
            for (const v of da.violations) failures.push(`review detail: axe ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.join('\n    ')}`);
            await page.keyboard.press('Escape');
            await page.locator('#review-detail').waitFor({ state: 'hidden' });
          }
          if (state === 'workshop') {
            // The person card: 人员类别 as wide as the card, the checkbox's label on few lines.
            const card = await page.evaluate(() => {
              const p = document.querySelector('#ws-people fieldset.person');
              const select = p.querySelector('select').getBoundingClientRect();
              const label = p.querySelector('label.check');
              const lines = Math.round(label.getBoundingClientRect().height / parseFloat(getComputedStyle(label).lineHeight));
              return { select: select.width, grid: p.querySelector('.person-grid').getBoundingClientRect().width, lines };
            });
            if (card.select < Math.min(150, card.grid - 1)) failures.push(`workshop: 人员类别 is ${card.select} px wide`);
            if (card.lines > 2) failures.push(`workshop: 已享受一次性吸纳补贴 over ${card.lines} lines`);
          }
        }
        assert.deepEqual(failures, []);
        await done();
      });
    }
  }

  test('care mode is remembered across a reload, follows prefers-contrast: more and forced colours, and survives storage that throws', async () => {
    const { page, done } = await env.open('#check', { viewport: { width: 360, height: 640 } });
    const styles = () => page.evaluate(() => {
      const el = document.querySelector('workrelief-check');
      const check = el.shadowRoot.querySelector('button.primary');
      return {
        care: document.documentElement.classList.contains('care'),
        attr: el.hasAttribute('care'),
        body: getComputedStyle(document.body).fontSize,
        shadow: check ? getComputedStyle(el.shadowRoot.querySelector('.form')).fontSize : null,
        accent: check ? getComputedStyle(check).backgroundColor : null,
        tabBorder: getComputedStyle(document.querySelector('.tabs a[aria-current=page]')).borderTopWidth,
      };
    });
    await page.locator('workrelief-check').getByRole('button', { name: '检查' }).waitFor();
    assert.deepEqual(await styles(), { care: false, attr: false, body: '16px', shadow: '16px', accent: 'rgb(11, 87, 208)', tabBorder: '0px' });
    await page.getByRole('button', { name: '关怀模式' }).click();
    assert.deepEqual(await styles(), { care: true, attr: true, body: '20px', shadow: '20px', accent: 'rgb(8, 66, 160)', tabBorder: '0px' });

    // Applied before the page's modules run: the class is there as soon as the document is.
    // The other views' modules load in the background: let them arrive before the reload.
    await page.waitForLoadState('networkidle');
    await page.reload({ waitUntil: 'commit' });
    await page.waitForFunction(() => document.body);
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('care')), true);
    await page.locator('workrelief-check').getByRole('button', { name: '检查' }).waitFor();
    assert.equal(await page.getByRole('button', { name: '关怀模式' }).getAttribute('aria-pressed'), 'true');
    assert.equal((await styles()).shadow, '20px');

    await page.emulateMedia({ forcedColors: 'active' });
    const forced = await styles();
    assert.equal(forced.body, '20px');
    assert.equal(forced.tabBorder, '3px', 'the current tab is marked by a border, not only a background');
    await page.emulateMedia({ forcedColors: 'none' });

    // Off again: forgotten; prefers-contrast: more alone gives the 7:1 colours.
    await page.getByRole('button', { name: '关怀模式' }).click();
    await page.waitForLoadState('networkidle');
    await page.reload();
    await page.locator('workrelief-check').getByRole('button', { name: '检查' }).waitFor();
    assert.equal((await styles()).care, false);
    await page.emulateMedia({ contrast: 'more' });
    const more = await styles();
    assert.equal(more.body, '16px');
    assert.equal(more.accent, 'rgb(8, 66, 160)');
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.intro')).color), 'rgb(26, 26, 26)');
    await done();

    // Storage that throws (a private mode, blocked cookies): the switch still works for the page.
    const blocked = await env.open('', { viewport: { width: 360, height: 640 } });
    await blocked.context.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });
    });
    await blocked.page.waitForLoadState('networkidle');
    await blocked.page.reload();
    await blocked.page.locator('workrelief-check').getByRole('button', { name: '检查' }).waitFor();
    await blocked.page.getByRole('button', { name: '关怀模式' }).click();
    assert.equal(await blocked.page.evaluate(() => document.querySelector('workrelief-check').hasAttribute('care')), true);
    await blocked.done();
  });

  test('a #estimate link shows the estimate view from the first paint, even while app.js is slow', async () => {
    const { page, done } = await env.open('', { viewport: { width: 360, height: 640 } });
    await page.waitForLoadState('networkidle');
    await page.route(/\/app\.js$/, async (route) => {
      await new Promise((ok) => setTimeout(ok, 2000));
      await route.continue();
    });
    // Every frame until app.js has run: which view could be seen.
    await page.context().addInitScript(() => {
      window.__frames = [];
      const look = () => {
        const check = document.getElementById('view-check');
        const estimate = document.getElementById('view-estimate');
        if (check && estimate) {
          const form = document.getElementById('est-form');
          window.__frames.push({
            check: check.checkVisibility(), estimate: estimate.checkVisibility(), early: document.documentElement.dataset.view ?? null,
            // Before its module is set up the form must take no input (it would be overwritten).
            formLive: form ? getComputedStyle(form).visibility !== 'hidden' : null,
          });
        }
        if (!window.__frames.length || window.__frames[window.__frames.length - 1].early) requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
    await page.goto(`${env.url}?slow#estimate?group=poverty_alleviated`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__frames?.length > 3);
    await page.screenshot({ path: new URL('care-slow-estimate-first-paint.png', SHOTS).pathname });
    const early = await page.evaluate(() => ({ frames: window.__frames.slice(), tab: getComputedStyle(document.querySelector('.tabs a[data-view=estimate]')).backgroundColor }));
    assert.ok(early.frames.some((f) => f.early === 'estimate'), 'frames painted while app.js was still on its way');
    assert.deepEqual(early.frames.filter((f) => f.check || !f.estimate), []);
    assert.equal(early.tab, 'rgb(238, 241, 245)', 'the 补贴测算 tab is marked current');
    assert.deepEqual(early.frames.filter((f) => f.early && f.formLive === true), [], 'no frame offers the form before estimate.js has set it up');
    // Then app.js takes over: the same view, from its hidden attributes.
    await page.locator('#view-estimate').getByLabel('人员类别').waitFor();
    await page.waitForFunction(() => !document.documentElement.dataset.view);
    assert.equal(await page.locator('#view-check').isVisible(), false);
    assert.equal(await page.locator('#view-estimate').getAttribute('hidden'), null);
    assert.equal(await page.locator('#view-estimate').getByLabel('人员类别').inputValue(), 'poverty_alleviated');
    const frames = await page.evaluate(() => window.__frames);
    assert.deepEqual(frames.filter((f) => f.check || !f.estimate), []);
    await done();
  });

  test('report', () => {
    console.log(report.join('\n'));
  });
});
