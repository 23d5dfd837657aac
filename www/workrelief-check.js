// <workrelief-check>: the 以工代赈 self-check as a custom element a portal can drop into any
// page. One module to include; it loads the Wasm package from ./pkg/ beside it, renders in its
// own shadow root with its own styles, and makes no request outside its origin. Where the
// browser cannot run WebAssembly (or the page's CSP refuses it, as Chromium 90 does under
// 'wasm-unsafe-eval') it loads the JavaScript build of the same core instead (core-module.js).
//
//   <script type="module" src="/path/to/workrelief-check.js"></script>
//   <workrelief-check province="62" as-of="2025-06-30"></workrelief-check>
//
// Attributes: province (default 所在省份: name or code), as-of (default 核算日期, YYYY-MM-DD).
// Property `state` (get/set): the form as a URLSearchParams string, for shareable links.
// Event `workrelief-change` (bubbles, composed): { state, verdict } after every check.
import {
  checkProposal, engine, loadCore, projectKinds, proposalFields, provinces, resetRules, setRules,
} from './core-module.js';
import { LOAD_FAILED } from './load-build.js';
import { h } from './format.js';
import { headline, findings, meta, styleShadow, UNIT_SUSPECT } from './verdict.js';

const FUNDS = [
  ['central', 'funds.central'],
  ['provincial', 'funds.provincial'],
  ['municipal', 'funds.municipal'],
  ['county', 'funds.county'],
  ['other', 'funds.other'],
];
/**
 * Form fields in state order: [state key, the proposal's field path]. The path is where the
 * proposal sent to the module holds the value, and the `field` of the module's errors on it.
 * The state keys are the element's own (they name the values in a shared link).
 */
const FIELDS = [
  ['name', 'name'],
  ['province', 'province'],
  ['kind', 'kind'],
  ['unit', 'unit'],
  ...FUNDS,
  ['labour', 'labourRemuneration'],
  ['date', 'date'],
];
/** Error field paths of the module → form field keys. */
const FIELD_OF_ERROR = Object.fromEntries(FIELDS.map(([key, path]) => [path, key]));
const PATH_OF = Object.fromEntries(FIELDS);
/** Field paths → their Chinese names, as the core names them (proposalFields(), once loaded). */
let labels = null;
/** A form field's name: `label('central')` is 中央资金. */
const label = (key) => {
  labels ??= Object.fromEntries(proposalFields().map((f) => [f.path, f.label]));
  return labels[PATH_OF[key]];
};

/** Placeholders and the form's hint by unit: a 万元 field must not suggest yuan forms. */
const PLACEHOLDER = { 元: '如 1,600,000 或 160万', 万元: '如 160 或 160.5' };
const FORM_HINT = {
  元: '金额可填 1600000、1,600,000.00、160万元 等形式；结果随输入自动更新。',
  万元: '金额按万元填写，如 160、160.5（即 160 万元、160.5 万元）；写明“元”的按元计，如 1600000元。结果随输入自动更新。',
};

let counter = 0;

export class WorkreliefCheck extends HTMLElement {
  static observedAttributes = ['province', 'as-of', 'county', 'rules'];

  #root;
  /** Resolves once the shadow root's styles apply (styleShadow()). */
  #styled;
  #content = null;
  #ids = `wr${++counter}`;
  #form = null;
  #inputs = {};
  #errors = {};
  #warnings = {};
  #status = null;
  #touched = new Set();
  /** Fields whose value was committed (left, or given by a link): their unit warnings show. */
  #settled = new Set();
  #submitted = false;
  #timer = 0;
  #pendingState = null;
  #firstVerdict = true;
  lastVerdict = null;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    // The form's styles and the verdict's.
    this.#styled = styleShadow(this.#root, ['workrelief-check.css', 'verdict.css']);
    this.#show(h('p', { class: 'loading', text: '正在加载检查模块…' }));
  }

  /** Shows `node` as the element's content (after the stylesheet links styleShadow() may add). */
  #show(node) {
    if (this.#content) this.#content.replaceWith(node);
    else this.#root.append(node);
    this.#content = node;
  }

  async connectedCallback() {
    if (this.#form) return;
    try {
      // The form is built once its styles apply too (linked ones load while the module does).
      await Promise.all([loadCore(), this.#styled]);
    } catch (err) {
      // The engine's own words (English) stay in the console; the user reads what to do.
      console.error(err);
      this.#show(h('p', { class: 'fatal', role: 'alert', text: LOAD_FAILED }));
      return;
    }
    // Which build answers ('wasm' or 'js'): for tests and whoever debugs a portal.
    this.dataset.engine = engine;
    // A portal's own rule book first: no verdict is given by a book it did not mean.
    if (!(await this.#loadRules())) return;
    this.#build();
    // Setting the state checks the form.
    if (this.#pendingState !== null) this.state = this.#pendingState;
    else this.#check();
  }

  attributeChangedCallback(name, old, value) {
    if (name === 'rules') {
      if (old !== value && this.dataset.engine) this.#reloadRules();
      return;
    }
    if (name === 'county') {
      this.#check();
      return;
    }
    if (!this.#form || value === null) return;
    const key = name === 'as-of' ? 'date' : 'province';
    if (!this.#inputs[key].value) {
      this.#setValue(key, value);
      this.#check();
    }
  }

  /**
   * Loads the rule book the `rules` attribute names (a same-origin URL of a rules.json, or of an
   * overlay with "extends": "builtin" that goes on the compiled-in book); without the attribute,
   * the compiled-in book. Returns whether checks may run: on any problem the element shows it
   * in Chinese, with each problem's path in the file, and gives no verdict.
   */
  async #loadRules() {
    const value = this.getAttribute('rules');
    this.dataset.rules = 'loading';
    resetRules();
    if (value === null || value.trim() === '') {
      delete this.dataset.rules;
      return true;
    }
    let url;
    try {
      url = new URL(value, document.baseURI);
    } catch {
      return this.#rulesFailed(`规则库地址“${value}”无法识别。`);
    }
    if (url.origin !== location.origin) {
      return this.#rulesFailed(`规则库地址必须与本页同源（${location.origin}），“${url.href}”不是；为防止使用未经核实的规则，本组件不从其他网站读取规则库。`);
    }
    let text;
    try {
      const response = await fetch(url.href, { credentials: 'same-origin' });
      if (!response.ok) return this.#rulesFailed(`无法获取规则库“${url.pathname}”（HTTP ${response.status}）。`);
      text = await response.text();
    } catch (err) {
      console.error(err);
      return this.#rulesFailed(`无法获取规则库“${url.pathname}”，请检查网络或地址。`);
    }
    try {
      setRules(text);
    } catch (err) {
      const problems = Array.isArray(err?.problems) ? err.problems : [];
      return this.#rulesFailed(`规则库“${url.pathname}”有 ${problems.length || 1} 处问题，未使用：`, problems);
    }
    this.dataset.rules = 'loaded';
    return true;
  }

  /** Shows why the rule book was not loaded, in place of the form: no verdict without it. */
  #rulesFailed(message, problems = []) {
    resetRules();
    this.dataset.rules = 'failed';
    this.#form = null;
    const list = problems.map((p) => h('li', { text: p.path ? `${p.path}：${p.message}` : p.message }));
    this.#show(h('div', { class: 'fatal', role: 'alert' },
      h('p', { text: `${message}` }),
      list.length ? h('ul', {}, ...list) : null,
      h('p', { text: '在规则库问题解决之前，本组件不给出检查结果。' })));
    return false;
  }

  async #reloadRules() {
    const state = this.#form ? this.state : this.#pendingState;
    if (!(await this.#loadRules())) return;
    if (!this.#form) this.#build();
    this.state = state ?? '';
  }

  /** The form as a URLSearchParams string (only filled fields). */
  get state() {
    if (!this.#form) return this.#pendingState ?? '';
    const params = new URLSearchParams();
    for (const [key] of FIELDS) {
      const value = this.#value(key);
      if (value && !(key === 'unit' && value === '元')) params.set(key, value);
    }
    return params.toString();
  }

  set state(value) {
    if (!this.#form) {
      this.#pendingState = String(value ?? '');
      return;
    }
    const params = new URLSearchParams(String(value ?? ''));
    for (const [key] of FIELDS) {
      const v = params.get(key);
      this.#setValue(key, v ?? (key === 'unit' ? '元' : this.#defaultFor(key)));
      if (v) {
        this.#touched.add(key);
        this.#settled.add(key);
      }
    }
    this.#check();
  }

  #defaultFor(key) {
    if (key === 'province') return this.getAttribute('province') ?? '';
    if (key === 'date') return this.getAttribute('as-of') ?? '';
    return '';
  }

  #value(key) {
    if (key === 'unit') {
      return this.#form.querySelector('input[name="unit"]:checked')?.value ?? '元';
    }
    return this.#inputs[key].value.trim();
  }

  #setValue(key, value) {
    if (key === 'unit') {
      for (const radio of this.#form.querySelectorAll('input[name="unit"]')) {
        radio.checked = radio.value === (value === '万元' ? '万元' : '元');
      }
      this.#updateUnits();
      return;
    }
    const input = this.#inputs[key];
    if (key === 'province' && value) {
      // Accept a code or a name for the default province.
      const match = [...input.options].find((o) => o.value === value || o.textContent === value || o.dataset.short === value);
      input.value = match ? match.value : '';
      return;
    }
    if (input.tagName === 'SELECT' && ![...input.options].some((o) => o.value === value)) {
      input.value = '';
      return;
    }
    input.value = value;
  }

  #build() {
    const id = (key) => `${this.#ids}-${key}`;
    const field = (key, control, hint) => {
      const error = h('p', { class: 'error', id: id(`${key}-error`), hidden: true });
      // Remarks on the value (an amount that looks written in the other unit), not errors.
      const warning = h('p', { class: 'warning', id: id(`${key}-warning`), hidden: true });
      this.#errors[key] = error;
      this.#warnings[key] = warning;
      this.#inputs[key] = control;
      control.id = id(key);
      control.name = key;
      const described = [hint?.id, error.id, warning.id].filter(Boolean).join(' ');
      control.setAttribute('aria-describedby', described);
      return h('div', { class: `field field-${key}` },
        h('label', { for: control.id, text: label(key) }),
        h('div', { class: 'control' }, control, hint),
        error, warning);
    };
    const amount = (key) => field(key,
      h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false', placeholder: PLACEHOLDER.元 }),
      h('span', { class: 'unit', id: id(`${key}-unit`), text: '元' }));

    const kindSelect = h('select', {},
      h('option', { value: '', text: '请选择项目类型' }),
      projectKinds().map((k) => h('option', { value: k.id, text: k.name })));
    const provinceSelect = h('select', {},
      h('option', { value: '', text: '未选择（仅适用全国性规则）' }),
      provinces().map((p) => h('option', { value: p.code, 'data-short': p.short, text: p.name })));

    const unitField = h('fieldset', { class: 'field field-unit' },
      h('legend', { text: label('unit') }),
      h('div', { class: 'radios' },
        ['元', '万元'].map((u) => h('label', { class: 'radio' },
          h('input', { type: 'radio', name: 'unit', value: u, checked: u === '元' }), u))));
    this.#errors.unit = h('p', { class: 'error', id: id('unit-error'), hidden: true });
    unitField.append(this.#errors.unit);

    this.#status = h('section', {
      class: 'verdict', role: 'status', 'aria-live': 'polite', 'aria-label': '检查结果',
    });
    this.#form = h('form', { class: 'form', novalidate: true, 'aria-label': '以工代赈项目自查' },
      h('div', { class: 'grid' },
        field('name', h('input', { type: 'text', autocomplete: 'off', maxlength: 200 })),
        field('province', provinceSelect),
        field('kind', kindSelect),
        unitField,
        FUNDS.map(([key]) => amount(key)),
        amount('labour'),
        field('date', h('input', { type: 'date', min: '1900-01-01', max: '2999-12-31' }),
          h('span', { class: 'hint', id: id('date-hint'), text: '默认今天' }))),
      h('p', { class: 'form-hint', text: FORM_HINT.元 }),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary', text: '检查' }),
        h('button', { type: 'button', class: 'secondary', text: '打印报告', onclick: () => window.print() }),
        h('button', { type: 'button', class: 'secondary', text: '清空', onclick: () => this.#clear() })));

    this.#form.addEventListener('input', (e) => {
      this.#touch(e.target);
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.#check(), 150);
    });
    this.#form.addEventListener('change', (e) => {
      this.#touch(e.target);
      if (e.target?.name) this.#settled.add(e.target.name);
      if (e.target.name === 'unit') this.#updateUnits();
      clearTimeout(this.#timer);
      this.#check();
    });
    this.#form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#submitted = true;
      clearTimeout(this.#timer);
      this.#check();
      if (!this.#focusFirstError()) this.#reveal();
    });

    for (const key of ['province', 'date']) {
      const v = this.#defaultFor(key);
      if (v) this.#setValue(key, v);
    }
    this.#show(h('div', { class: 'wrap' }, this.#form, this.#status, h('div', { class: 'print-inputs' })));
  }

  #touch(target) {
    const key = target?.name;
    if (key) this.#touched.add(key);
  }

  #clear() {
    this.#touched.clear();
    this.#settled.clear();
    this.#submitted = false;
    this.state = '';
  }

  #updateUnits() {
    const unit = this.#value('unit');
    for (const el of this.#root.querySelectorAll('.unit')) el.textContent = unit;
    for (const key of [...FUNDS.map(([k]) => k), 'labour']) this.#inputs[key].placeholder = PLACEHOLDER[unit];
    this.#form.querySelector('.form-hint').textContent = FORM_HINT[unit];
  }

  /**
   * Brings the verdict's headline into view after 检查 or Enter, when it is not (below the
   * form on a laptop screen, the owner would think nothing happened) or only in the screen's
   * last third (the verdict itself would still be out of sight): the verdict's top then goes to
   * the top of the screen. The verdict is a polite
   * live region, re-rendered by the check: screen readers announce it once, and focus stays on
   * the button or field, so nothing is read twice.
   */
  #reveal() {
    const headline = this.#status.querySelector('.headline') ?? this.#status;
    const box = headline.getBoundingClientRect();
    const height = window.innerHeight || document.documentElement.clientHeight;
    if (box.top >= 0 && box.bottom <= height * (2 / 3)) return;
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    this.#status.scrollIntoView({ block: 'start', behavior: reduce ? 'auto' : 'smooth' });
  }

  /** The form as the module's proposal: each field's value at its path (FIELDS). */
  #proposal() {
    const proposal = {};
    for (const [key, path] of FIELDS) {
      const [head, leaf] = path.split('.');
      if (leaf) (proposal[head] ??= {})[leaf] = this.#value(key);
      else proposal[head] = this.#value(key);
    }
    // A county portal's code (the `county` attribute): it decides which local rules apply.
    if (this.getAttribute('county')) proposal.county = this.getAttribute('county');
    return proposal;
  }

  #check() {
    if (!this.#form) return;
    const proposal = this.#proposal();
    const verdict = checkProposal(proposal);
    this.lastVerdict = verdict;
    this.#showFieldErrors(verdict);
    this.#render(verdict);
    if (this.#firstVerdict) {
      this.#firstVerdict = false;
      performance.mark('workrelief-first-verdict');
    }
    this.dispatchEvent(new CustomEvent('workrelief-change', {
      bubbles: true, composed: true, detail: { state: this.state, verdict },
    }));
  }

  #visible(key) {
    return this.#submitted || this.#touched.has(key);
  }

  #showFieldErrors(verdict) {
    const byField = {};
    for (const e of verdict.errors) {
      const key = FIELD_OF_ERROR[e.field];
      if (key) (byField[key] ??= []).push(e.message);
    }
    const warned = {};
    for (const w of verdict.warnings) {
      const key = w.code === UNIT_SUSPECT ? FIELD_OF_ERROR[w.field] : null;
      if (key) (warned[key] ??= []).push(w.message);
    }
    for (const [key, el] of Object.entries(this.#warnings)) {
      // Once the value is committed (not while "1600000" is typed digit by digit, which would
      // flash "不足 10 万元" at every key), and always after 检查: the verdict's headline says it
      // in any case, so a wrong unit never passes silently.
      const messages = this.#submitted || this.#settled.has(key) ? warned[key] ?? [] : [];
      el.textContent = messages.join('；');
      el.hidden = messages.length === 0;
    }
    for (const [key, el] of Object.entries(this.#errors)) {
      const messages = this.#visible(key) ? byField[key] ?? [] : [];
      el.textContent = messages.join('；');
      el.hidden = messages.length === 0;
      const control = key === 'unit' ? null : this.#inputs[key];
      if (control) {
        if (messages.length) control.setAttribute('aria-invalid', 'true');
        else control.removeAttribute('aria-invalid');
      }
    }
  }

  /** Focuses the first field with an error; false when there is none. */
  #focusFirstError() {
    const first = FIELDS.map(([k]) => k).find((k) => !this.#errors[k]?.hidden);
    if (!first) return false;
    if (first !== 'unit') this.#inputs[first].focus();
    else this.#form.querySelector('input[name="unit"]:checked')?.focus();
    return true;
  }

  #render(verdict) {
    const shownErrors = verdict.errors.filter((e) => {
      const key = FIELD_OF_ERROR[e.field];
      return key ? this.#visible(key) : true;
    });
    const pristine = verdict.status === 'invalid' && shownErrors.length === 0;
    const nodes = [];
    if (pristine) {
      const missing = verdict.errors
        .map((e) => FIELD_OF_ERROR[e.field] && label(FIELD_OF_ERROR[e.field]))
        .filter(Boolean);
      nodes.push(h('div', { class: 'status status-pending' },
        h('p', { class: 'headline', text: '请填写项目信息' }),
        h('p', { text: missing.length ? `尚需填写：${[...new Set(missing)].join('、')}。` : '' })));
    } else {
      nodes.push(headline(verdict, shownErrors, (e) => FIELD_OF_ERROR[e.field] && label(FIELD_OF_ERROR[e.field])));
    }
    nodes.push(...findings(verdict), meta(verdict));
    this.#status.replaceChildren(...nodes);
    this.#status.dataset.status = pristine ? 'pending' : verdict.status;
    this.#renderPrintInputs();
  }

  #renderPrintInputs() {
    const unit = this.#value('unit');
    const amount = (key) => {
      const x = this.#value(key);
      return [label(key), x ? `${x}${/[元万]$/.test(x) ? '' : ` ${unit}`}` : '—'];
    };
    const chosen = (key) => {
      const option = this.#inputs[key].selectedOptions[0];
      return option?.value ? option.textContent : '（未填写）';
    };
    const rows = [
      [label('name'), this.#value('name') || '（未填写）'],
      [label('province'), chosen('province')],
      [label('kind'), chosen('kind')],
      ...FUNDS.map(([key]) => amount(key)),
      amount('labour'),
      [label('date'), this.#value('date') || '（今天）'],
    ];
    // Two label/value pairs per row keeps the printed report on one A4 page.
    const pairsPerRow = [];
    for (let i = 0; i < rows.length; i += 2) pairsPerRow.push(rows.slice(i, i + 2));
    this.#root.querySelector('.print-inputs').replaceChildren(
      h('h2', { text: '填报信息' }),
      h('table', {}, h('tbody', {}, pairsPerRow.map((pair) => h('tr', {},
        pair.map(([k, v]) => [h('th', { scope: 'row', text: k }), h('td', { text: v })]))))));
  }
}

customElements.define('workrelief-check', WorkreliefCheck);
