// What the browser tests share: the static server on a sub-path under the strict CSP, Debian's
// Chromium driven by playwright-core, and pages with guards that fail a test on a console error
// or warning (the page's or a worker's), an uncaught error, a dialog, a CSP violation or any
// request outside the page's origin. Screenshots and printed reports go to test-output/
// (git-ignored).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const OUT = new URL('../../test-output/', import.meta.url);
export const SHOTS = new URL('screenshots/', OUT);
mkdirSync(SHOTS, { recursive: true });

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync', '--disable-dev-shm-usage',
];
export const BASE = '/portal/workrelief/';

/**
 * Starts the server and the browser before the file's tests and stops them after. Returns an
 * object whose `url`, `origin` and `browser` are set once the tests run, and whose `open(path)`
 * gives a fresh guarded page: call `done()` at the end of the test to assert nothing went wrong.
 */
export function useBrowser({ base = BASE } = {}) {
  const env = { url: '', origin: '', browser: null, server: null, open };
  before(async () => {
    ({ server: env.server, url: env.url } = await startServer({ port: 0, base, quiet: true }));
    env.origin = new URL(env.url).origin;
    env.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await env.browser?.close();
    env.server?.close();
  });

  async function open(path = '', { viewport = { width: 1200, height: 900 } } = {}) {
    const context = await env.browser.newContext({
      locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport, acceptDownloads: true,
    });
    const page = await context.newPage();
    const problems = [];
    const onConsole = (where) => (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${where}console ${m.type()}: ${m.text()}`);
    };
    page.on('console', onConsole(''));
    page.on('worker', (w) => w.on('console', onConsole('worker ')));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog opened: ${d.message()}`);
      d.dismiss();
    });
    const sameOrigin = (u) => u.startsWith(`${env.origin}/`) || u.startsWith(`blob:${env.origin}/`);
    page.on('request', (r) => {
      if (!sameOrigin(r.url())) problems.push(`request outside the origin: ${r.url()}`);
    });
    page.on('requestfailed', (r) => {
      // A download's blob: URL "fails" in the page once the download takes it over.
      if (!(r.url().startsWith('blob:') && r.failure()?.errorText === 'net::ERR_ABORTED')) {
        problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
      }
    });
    // Intercept file choosers from the start: Playwright turns interception on only when a
    // listener is added, without waiting, so a chooser opened right after
    // waitForEvent('filechooser') could otherwise slip past it on a busy machine.
    page.on('filechooser', () => {});
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(env.url + path);
    return {
      page,
      context,
      problems,
      async done() {
        const csp = await page.evaluate(() => window.__csp);
        await context.close();
        assert.deepEqual([...problems, ...csp.map((c) => `CSP violation: ${c}`)], []);
      },
    };
  }

  return env;
}

/**
 * The contrast ratio of every visible element with its own text (shadow roots included) under
 * `selector`, against its nearest opaque background.
 */
export function contrastRatios(page, selector = 'body') {
  return page.evaluate((selector) => {
    const parse = (c) => c.match(/[\d.]+/g).slice(0, 4).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement ?? e.getRootNode().host) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c.length < 4 || c[3] > 0) return c;
      }
      return [255, 255, 255];
    };
    const out = [];
    const visit = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) visit(el.shadowRoot);
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        if (!own || !el.checkVisibility()) continue;
        const fg = lum(parse(getComputedStyle(el).color));
        const bg = lum(background(el));
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        out.push({ text: el.textContent.trim().slice(0, 20), ratio: Math.round(ratio * 100) / 100 });
      }
    };
    const root = document.querySelector(selector);
    if (root.shadowRoot) visit(root.shadowRoot);
    visit(root);
    return out;
  }, selector);
}
