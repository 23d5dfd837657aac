// One small driver interface over the four ways the engine tests drive a browser:
//
//   chromium    Debian's current Chromium, playwright-core
//   chromium90  Chromium 90.0.4427 from the npm package chrome-aws-lambda, puppeteer-core 8
//   firefox     Debian's Firefox ESR, puppeteer-core 24 over WebDriver BiDi
//   webkit      WebKitGTK's MiniBrowser, selenium-webdriver against WebKitWebDriver, on an Xvfb
//               display this module starts (WebKitGTK has no headless mode)
//
// `await launch(engine, options)` gives a driver with: version, open(url), eval(fn, ...args)
// (fn runs in the page; args and result are JSON), waitFor(fn, args, { timeout, what }),
// text(spec), fill(spec, value), select(spec, optionText), click(spec), setChecked(spec, on),
// setFile(spec, path), screenshot(path), events() (what the driver itself saw since open:
// console errors and warnings, uncaught errors, requests outside the origin, failed requests;
// WebKit's driver sees none of these, tests/browser/guard.js records them in the page) and
// close(). An element `spec` is { css } or { label } (a <label>'s text: the control it names) or
// { text, tag } (an element of that tag with that text), each looked up inside the shadow root
// of the element `within` (a CSS selector) if it has one, else inside that element, else in the
// document. Values are set in the page (value, then `input` and `change` events, as a user's
// typing ends: the same way in every engine, date inputs included); clicks and files go through
// the driver, as a user's would.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const CHROMIUM = '/usr/bin/chromium';
export const FIREFOX = '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync', '--disable-dev-shm-usage', '--lang=zh-CN',
];
const VIEWPORT = { width: 1200, height: 900 };

// ---------------------------------------------------------------------------------------------
// In the page.

/** The element `spec` names, or null (runs in the page: plain ES2015 for old engines). */
const FIND = `function find(spec) {
  var root = document;
  if (spec.within) {
    var host = document.querySelector(spec.within);
    if (!host) return null;
    root = host.shadowRoot || host;
  }
  if (spec.css) return root.querySelector(spec.css);
  var all, i;
  if (spec.label) {
    all = root.querySelectorAll('label');
    for (i = 0; i < all.length; i++) {
      if (all[i].textContent.trim() !== spec.label) continue;
      var id = all[i].getAttribute('for');
      var el;
      if (!id) el = all[i].querySelector('input, select, textarea');
      else if (root.getElementById) el = root.getElementById(id);
      else el = root.querySelector('#' + CSS.escape(id));
      if (el) return el;
    }
    return null;
  }
  all = root.querySelectorAll(spec.tag || '*');
  for (i = 0; i < all.length; i++) if (all[i].textContent.trim() === spec.text) return all[i];
  return null;
}`;

const inPage = (body) => `function (spec, value) { ${FIND}
  var el = find(spec);
  if (!el) throw new Error('no element for ' + JSON.stringify(spec));
  ${body}
}`;

const FILL = inPage(`el.focus();
  var proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));`);

const SELECT = inPage(`var option = Array.prototype.find.call(el.options, function (o) { return o.textContent.trim() === value; });
  if (!option) throw new Error('no option ' + value + ' in ' + JSON.stringify(spec));
  el.focus();
  el.value = option.value;
  el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));`);

const TEXT = inPage('return el.innerText;');
const CHECKED = inPage('return el.checked;');
const ELEMENT = inPage('el.scrollIntoView({ block: "center" }); return el;');

const call = (fn, args) => `(${fn})(${args.map((a) => JSON.stringify(a) ?? 'undefined').join(', ')})`;

// ---------------------------------------------------------------------------------------------
// The drivers.

class Driver {
  /** Runs `fn` (a function or its source) in the page with JSON `args`; resolves with its result. */
  eval(fn, ...args) {
    return this.evaluate(call(String(fn), args));
  }

  /** Polls `fn(...args)` in the page until it is truthy; resolves with that value. */
  async waitFor(fn, args = [], { timeout = 30_000, what = String(fn) } = {}) {
    const end = Date.now() + timeout;
    // An element does not come back as JSON from every driver: it counts as true.
    const poll = `(function (v) { return v instanceof Node ? true : v; })(${call(String(fn), args)})`;
    for (;;) {
      const value = await this.evaluate(poll);
      if (value) return value;
      if (Date.now() > end) {
        // What went wrong in the page is usually the reason.
        const problems = await this.evaluate('JSON.stringify(window.__problems || null)').catch((e) => e.message);
        throw new Error(`${this.name}: timed out after ${timeout} ms waiting for ${what}; in the page: ${problems}; driver: ${JSON.stringify(this.events())}`);
      }
      await new Promise((ok) => setTimeout(ok, 100));
    }
  }

  text(spec) {
    return this.evaluate(call(TEXT, [spec]));
  }

  async fill(spec, value) {
    await this.evaluate(call(FILL, [spec, value]));
  }

  async select(spec, optionText) {
    await this.evaluate(call(SELECT, [spec, optionText]));
  }

  async click(spec) {
    await this.clickElement(await this.element(spec));
  }

  async setChecked(spec, on) {
    if ((await this.evaluate(call(CHECKED, [spec]))) !== on) await this.click(spec);
  }

  async setFile(spec, path) {
    await this.setFileOn(await this.element(spec), path);
  }

  async screenshot(path) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, await this.png());
  }
}

/** Driver events shared by playwright and puppeteer pages. */
function listen(page, origin, events, { workers = null } = {}) {
  const sameOrigin = (u) => u.startsWith(`${origin}/`) || u.startsWith(`blob:${origin}/`) || u.startsWith('data:');
  const onConsole = (where) => (m) => {
    const type = m.type();
    if (type === 'error' || type === 'warning' || type === 'warn') events.push(`${where}console ${type}: ${m.text()}`);
  };
  page.on('console', onConsole(''));
  if (workers) page.on(workers, (w) => w.on?.('console', onConsole('worker ')));
  page.on('pageerror', (e) => events.push(`page error: ${e?.message ?? e}`));
  page.on('dialog', (d) => {
    events.push(`dialog opened: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('request', (r) => {
    if (!sameOrigin(r.url())) events.push(`request outside the origin: ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    const failure = typeof r.failure === 'function' ? r.failure() : null;
    events.push(`request failed: ${r.url()} ${failure?.errorText ?? ''}`);
  });
}

class PlaywrightDriver extends Driver {
  constructor(browser, { initScript }) {
    super();
    this.name = 'chromium';
    this.browser = browser;
    this.version = `Chromium ${browser.version()}`;
    this.initScript = initScript;
    this.context = null;
    this.page = null;
    this.log = [];
  }

  async open(url) {
    await this.context?.close();
    this.log = [];
    this.context = await this.browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: VIEWPORT });
    if (this.initScript) await this.context.addInitScript({ content: this.initScript });
    this.page = await this.context.newPage();
    listen(this.page, new URL(url).origin, this.log, { workers: 'worker' });
    await this.page.goto(url);
  }

  evaluate(expression) {
    return this.page.evaluate(expression);
  }

  async element(spec) {
    return (await this.page.evaluateHandle(call(ELEMENT, [spec]))).asElement();
  }

  clickElement(el) {
    return el.click();
  }

  setFileOn(el, path) {
    return el.setInputFiles(path);
  }

  png() {
    return this.page.screenshot({ fullPage: true });
  }

  events() {
    return [...this.log];
  }

  async close() {
    await this.context?.close();
    await this.browser.close();
  }
}

class PuppeteerDriver extends Driver {
  constructor(name, browser, version) {
    super();
    this.name = name;
    this.browser = browser;
    this.version = version;
    this.page = null;
    this.log = [];
  }

  async open(url) {
    await this.page?.close();
    this.log = [];
    this.page = await this.browser.newPage();
    await this.page.setViewport(VIEWPORT);
    listen(this.page, new URL(url).origin, this.log);
    await this.page.goto(url);
  }

  evaluate(expression) {
    return this.page.evaluate(expression);
  }

  async element(spec) {
    const el = (await this.page.evaluateHandle(call(ELEMENT, [spec]))).asElement();
    if (!el) throw new Error(`${this.name}: no element for ${JSON.stringify(spec)}`);
    return el;
  }

  clickElement(el) {
    return el.click();
  }

  setFileOn(el, path) {
    return el.uploadFile(path);
  }

  async png() {
    if (this.name !== 'chromium90') return this.page.screenshot({ fullPage: true });
    // Chromium 90's full-page capture leaves what lies below the first viewport unpainted: the
    // viewport is made as tall as the page instead, for one frame.
    const height = await this.evaluate('document.documentElement.scrollHeight');
    await this.page.setViewport({ ...VIEWPORT, height: Math.max(VIEWPORT.height, height) });
    await this.evaluate('new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)))');
    const png = await this.page.screenshot();
    await this.page.setViewport(VIEWPORT);
    return png;
  }

  events() {
    return [...this.log];
  }

  async close() {
    await this.browser.close();
  }
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    }).on('error', fail);
  });
}

/** Starts Xvfb on a display it picks itself (-displayfd); resolves with { display, process }. */
function startXvfb() {
  return new Promise((ok, fail) => {
    const xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`Xvfb did not start: ${err}`)), 15_000);
    xvfb.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^(\d+)\n/);
      if (m) {
        clearTimeout(timer);
        ok({ display: `:${m[1]}`, process: xvfb });
      }
    });
    xvfb.stderr.on('data', (d) => { err += d; });
    xvfb.on('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    xvfb.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`Xvfb exited with ${code}: ${err}`));
    });
  });
}

/** Resolves once `url` answers, or fails after `timeout` ms. */
async function waitForHttp(url, timeout = 15_000) {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`${url} did not answer in ${timeout} ms`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

class SeleniumDriver extends Driver {
  constructor(driver, version, stop) {
    super();
    this.name = 'webkit';
    this.driver = driver;
    this.version = version;
    this.stop = stop;
  }

  async open(url) {
    await this.driver.get(url);
  }

  evaluate(expression) {
    return this.driver.executeScript(`return ${expression};`);
  }

  async element(spec) {
    const el = await this.driver.executeScript(`return ${call(ELEMENT, [spec])};`);
    if (!el) throw new Error(`webkit: no element for ${JSON.stringify(spec)}`);
    return el;
  }

  clickElement(el) {
    return el.click();
  }

  setFileOn(el, path) {
    return el.sendKeys(path);
  }

  async png() {
    // A screenshot taken right after a change can show the frame before it.
    await new Promise((ok) => setTimeout(ok, 1500));
    return Buffer.from(await this.driver.takeScreenshot(), 'base64');
  }

  events() {
    return [];
  }

  async close() {
    try {
      await this.driver.quit();
    } finally {
      this.stop();
    }
  }
}

/**
 * Launches `engine` ('chromium', 'chromium90', 'firefox' or 'webkit'). Options: `initScript`
 * (chromium: source run in every page before its own scripts), `prefs` (firefox: extra prefs).
 */
export async function launch(engine, { initScript = null, prefs = {} } = {}) {
  if (engine === 'chromium') {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    return new PlaywrightDriver(browser, { initScript });
  }
  if (engine === 'chromium90') {
    // chrome-aws-lambda unpacks its Chromium (to /tmp) only when it believes it runs in AWS
    // Lambda; FONTCONFIG_PATH lets that Chromium find the system's CJK fonts. It also puts its
    // own libraries first on LD_LIBRARY_PATH, which breaks any other browser started from this
    // process: the environment is put back once it is unpacked, and that Chromium alone gets
    // the Lambda one. Its `args` are tuned for Lambda (--single-process,
    // --disable-web-security, ...): a visitor's browser runs with none of them, so the usual
    // headless flags are used instead.
    const saved = { ...process.env };
    let env;
    let executablePath;
    let lambda;
    try {
      process.env.AWS_LAMBDA_FUNCTION_NAME ||= 'workrelief-tests';
      process.env.AWS_EXECUTION_ENV ||= 'AWS_Lambda_nodejs12.x';
      process.env.FONTCONFIG_PATH ||= '/etc/fonts';
      lambda = require('chrome-aws-lambda');
      executablePath = await lambda.executablePath;
      env = { ...process.env, LD_LIBRARY_PATH: process.env.LD_LIBRARY_PATH || '/tmp/aws/lib' };
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
    const browser = await lambda.puppeteer.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, env });
    return new PuppeteerDriver('chromium90', browser, (await browser.version()).replace('HeadlessChrome/', 'Chromium '));
  }
  if (engine === 'firefox') {
    const { default: puppeteer } = await import('puppeteer-core-24');
    const browser = await puppeteer.launch({
      browser: 'firefox', executablePath: FIREFOX, headless: true,
      extraPrefsFirefox: { 'intl.accept_languages': 'zh-CN', ...prefs },
    });
    return new PuppeteerDriver('firefox', browser, (await browser.version()).replace(/^firefox\//i, 'Firefox '));
  }
  if (engine === 'webkit') {
    const { default: webdriver } = await import('selenium-webdriver');
    const xvfb = await startXvfb();
    const port = await freePort();
    const server = spawn(WEBKIT_DRIVER, [`--port=${port}`], { stdio: 'ignore', env: { ...process.env, DISPLAY: xvfb.display } });
    const stop = () => {
      server.kill();
      xvfb.process.kill();
      process.off('exit', stop);
    };
    process.on('exit', stop);
    try {
      await waitForHttp(`http://127.0.0.1:${port}/status`);
      const driver = await new webdriver.Builder().usingServer(`http://127.0.0.1:${port}`)
        .withCapabilities({ browserName: 'MiniBrowser' }).build();
      await driver.manage().window().setRect({ width: VIEWPORT.width, height: VIEWPORT.height });
      const caps = await driver.getCapabilities();
      return new SeleniumDriver(driver, `WebKitGTK ${caps.get('browserVersion')} (${caps.get('browserName')})`, stop);
    } catch (err) {
      stop();
      throw err;
    }
  }
  throw new Error(`unknown engine ${engine}`);
}
