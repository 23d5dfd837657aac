// The 补贴测算 view: a worker describes themself and sees, as they type, each subsidy of their
// province (estimateSubsidies in the core module): the amount, whether it can be claimed, why,
// and the policy sentence it rests on; the subsidies paid to whoever organised the work apart;
// and the total. The form lives in the URL fragment (#estimate?group=…), as the self-check's.
//
// What applies is the core's decision (subsidy.rs): each item's status, whether it would apply
// to this person at all (`applicable`), when an expired policy ended, and the province's
// policies at the date (`policies.notice` when none is in force). The page shows: a notice
// before the form when the province's policies have all ended (as soon as the province is
// known); the items that can be claimed or that are in force but not met, as cards; expired
// items that would have applied collapsed under one line, without amounts; expired items that
// would not have applied, not at all; and, when nothing can be claimed, a neutral sentence
// with where to ask instead of a red ¥0.00.
//
// The view's state (touched fields, 测算 pressed, a link's state waiting for the core) is one
// object; the render functions at the end draw an estimate into the view's boxes and hold none.
import { onRulesChange } from './rules-in-use.js';
import { estimateSubsidies, loadCore } from './core-module.js';
import { h, yuan, dateTime, horizonNotice } from './format.js';
import { badge, cite, fillProvinces, provinceValue, showError, setLive } from './benefit-view.js';

const DEFAULT_PROVINCE = '52';

/** Form fields: [state key, label, the module's field path]. */
const FIELDS = [
  ['province', '户籍省份', 'province'],
  ['group', '人员类别', 'group'],
  ['work', '就业地点', 'work'],
  ['organized', '通过有组织劳务输出', 'organized'],
  ['firstTime', '首次外出就业', 'firstTime'],
  ['newCrossProvince', '新跨省务工', 'newCrossProvince'],
  ['months', '稳定就业月数', 'monthsEmployed'],
  ['days', '培训天数', 'trainingDays'],
  ['asOf', '测算日期', 'options.asOf'],
];
const FLAGS = ['organized', 'firstTime', 'newCrossProvince'];
const KEY_OF_FIELD = Object.fromEntries(FIELDS.map(([key, , field]) => [field, key]));
const LABEL = Object.fromEntries(FIELDS.map(([key, label]) => [key, label]));
/** Where each field's errors are shown (the three checkboxes share one). */
const ERROR_OF = { organized: 'flags', firstTime: 'flags', newCrossProvince: 'flags' };

const STATUS = {
  eligible: ['pass', '✓', '可申领'],
  ineligible: ['fail', '✗', '不符合'],
  expired: ['review', '–', '已过期'],
};
/** For subsidies paid to the organiser: the worker does not claim them. */
const RELATED_STATUS = { ...STATUS, eligible: ['pass', '✓', '符合条件（由机构申领）'] };

/** The elements' ids, by the view's names for them. */
const ELEMENTS = { form: 'est-form', total: 'est-total', items: 'est-items', related: 'est-related', meta: 'est-meta', printInputs: 'est-print-inputs' };
const controlId = (key) => `est-${key === 'asOf' ? 'asof' : key}`;

export function initEstimate() {
  const el = Object.fromEntries(Object.entries(ELEMENTS).map(([name, id]) => [name, document.getElementById(id)]));
  const controls = Object.fromEntries(FIELDS.map(([key]) => [key, document.getElementById(controlId(key))]));
  // Before the form: what a worker must know before filling it in.
  el.notice = h('div', { id: 'est-notice', class: 'est-notice', role: 'status', hidden: true });
  el.form.before(el.notice);
  const v = {
    root: document.getElementById('view-estimate'),
    el,
    controls,
    /** Fields touched, 测算 pressed: their errors show; the core is loaded (else a link's state waits). */
    state: { touched: new Set(), submitted: false, ready: false, pending: null, timer: 0 },
  };
  v.ctrl = controller(v);
  wire(v);
  loadCore().then(() => {
    fillProvinces(controls.province);
    v.state.ready = true;
    v.ctrl.state = v.state.pending ?? '';
    v.state.pending = null;
  }, () => {
    el.total.className = 'total total-invalid';
    el.total.replaceChildren(h('p', { class: 'total-line', text: '测算模块加载失败，请刷新页面重试。' }));
  });
  return v.ctrl;
}

/** What app.js sees: `state` (the form as a link's text, get/set), `onchange`, `lastEstimate`. */
function controller(v) {
  const { state } = v;
  const ctrl = {
    /** Called with the new state after every estimate. */
    onchange: null,
    lastEstimate: null,
    get state() {
      if (!state.ready) return state.pending ?? '';
      const params = new URLSearchParams();
      for (const [key] of FIELDS) {
        const x = value(v, key);
        if (FLAGS.includes(key)) {
          if (x) params.set(key, '1');
        } else if (x) {
          params.set(key, x);
        }
      }
      return params.toString();
    },
    set state(text) {
      if (!state.ready) {
        state.pending = String(text ?? '');
        return;
      }
      const params = new URLSearchParams(String(text ?? ''));
      for (const [key] of FIELDS) {
        const x = params.get(key);
        set(v, key, x);
        if (x) state.touched.add(key);
      }
      estimate(v);
    },
  };
  return ctrl;
}

function value({ controls }, key) {
  const c = controls[key];
  if (FLAGS.includes(key)) return c.checked;
  return c.value.trim();
}

function set({ controls }, key, x) {
  const c = controls[key];
  if (FLAGS.includes(key)) {
    c.checked = x === '1' || x === 'true';
  } else if (key === 'province') {
    c.value = provinceValue(c, x ?? DEFAULT_PROVINCE) || DEFAULT_PROVINCE;
  } else if (c.tagName === 'SELECT') {
    c.value = [...c.options].some((o) => o.value === x) ? x : '';
  } else {
    c.value = x ?? '';
  }
}

function profile(v) {
  return {
    province: value(v, 'province'),
    group: value(v, 'group'),
    work: value(v, 'work'),
    organized: value(v, 'organized'),
    firstTime: value(v, 'firstTime'),
    newCrossProvince: value(v, 'newCrossProvince'),
    monthsEmployed: value(v, 'months'),
    trainingDays: value(v, 'days'),
  };
}

function estimate(v) {
  const { state, el, controls } = v;
  if (!state.ready) return;
  const visible = (key) => state.submitted || state.touched.has(key);
  const asOf = value(v, 'asOf');
  const result = estimateSubsidies(profile(v), asOf ? { asOf } : undefined);
  v.ctrl.lastEstimate = result;
  // Field errors next to their fields, once the field was touched (or 测算 pressed).
  const byKey = {};
  const unplaced = [];
  for (const e of result.errors) {
    const key = KEY_OF_FIELD[e.field];
    if (key) (byKey[ERROR_OF[key] ?? key] ??= []).push({ key, message: e.message });
    else unplaced.push(e.message);
  }
  for (const key of [...FIELDS.map(([k]) => k).filter((k) => !ERROR_OF[k]), 'flags']) {
    const list = (byKey[key] ?? []).filter((e) => visible(e.key));
    showError(document.getElementById(`${controlId(key)}-error`), key === 'flags' ? null : controls[key], list.map((e) => e.message));
  }
  const shown = result.errors.filter((e) => {
    const key = KEY_OF_FIELD[e.field];
    return key ? visible(key) : true;
  });
  if (result.errors.length && !shown.length) {
    const missing = [...new Set(result.errors.map((e) => LABEL[KEY_OF_FIELD[e.field]]).filter(Boolean))];
    renderPending(el, missing);
  } else if (result.errors.length) {
    renderInvalid(el, shown, unplaced);
  } else {
    renderEstimate(el, result, asOf);
  }
  renderNotice(el.notice, result.policies);
  el.printInputs.replaceChildren(...printInputNodes(v, asOf));
  v.root.dataset.state = result.errors.length ? (shown.length ? 'invalid' : 'pending') : 'done';
  v.ctrl.onchange?.(v.ctrl.state);
}

function wire(v) {
  const { state, el, controls } = v;
  // The page's rule book changed (规则库 view): estimate again by it.
  onRulesChange(() => {
    if (state.ready) estimate(v);
  });
  el.form.addEventListener('input', (e) => {
    if (e.target.name) state.touched.add(e.target.name);
    clearTimeout(state.timer);
    state.timer = setTimeout(() => estimate(v), 150);
  });
  el.form.addEventListener('change', (e) => {
    if (e.target.name) state.touched.add(e.target.name);
    clearTimeout(state.timer);
    estimate(v);
  });
  el.form.addEventListener('submit', (e) => {
    e.preventDefault();
    state.submitted = true;
    clearTimeout(state.timer);
    estimate(v);
    const first = FIELDS.map(([k]) => k).find((k) => controls[k].getAttribute('aria-invalid') === 'true');
    if (first) controls[first].focus();
  });
  document.getElementById('est-print').addEventListener('click', () => window.print());
  document.getElementById('est-clear').addEventListener('click', () => {
    state.touched.clear();
    state.submitted = false;
    v.ctrl.state = '';
    controls.group.focus();
  });
}

// ------------------------------------------------------------------------------------------
// Rendering: from an estimate to the view's boxes (`el`); no state.

function renderNotice(notice, policies) {
  const text = policies?.notice ?? '';
  if (notice.dataset.key === text) return;
  notice.dataset.key = text;
  notice.hidden = !text;
  notice.replaceChildren(...(text ? [
    h('p', { class: 'est-notice-title', text: policies.ended ? '本省补贴政策已到期' : '本省补贴政策目前不在执行期内' }),
    h('p', { text }),
  ] : []));
}

function renderPending(el, missing) {
  el.total.className = 'total total-pending';
  setLive(el.total, [
    h('p', { class: 'total-line', text: '请填写个人情况' }),
    h('p', { class: 'total-message', text: missing.length ? `尚需选择：${missing.join('、')}。` : '' }),
  ], `pending|${missing.join()}`);
  redraw(el.items, '', []);
  redraw(el.related, '', []);
  el.meta.textContent = '';
}

function renderInvalid(el, errors, unplaced) {
  el.total.className = 'total total-invalid';
  const messages = errors.map((e) => {
    const key = KEY_OF_FIELD[e.field];
    return key ? `${LABEL[key]}：${e.message}` : e.message;
  });
  setLive(el.total, [
    h('p', { class: 'total-line' }, h('span', { 'aria-hidden': 'true', text: '! ' }), '填写的信息有误'),
    h('p', { class: 'total-message', text: '请按提示修改后再测算。' }),
    h('ul', { class: 'error-list' }, messages.map((m) => h('li', { text: m }))),
  ], `invalid|${messages.join('|')}|${unplaced.join('|')}`);
  redraw(el.items, '', []);
  redraw(el.related, '', []);
  el.meta.textContent = '';
}

function amountText(item) {
  return `${item.upTo ? '最高 ' : ''}${yuan(item.amount)}`;
}

function itemCard(item, words = STATUS) {
  const [tone, icon, word] = words[item.status] ?? ['none', '–', item.status];
  return h('li', { class: `benefit benefit-${item.status}`, 'data-id': item.id, 'data-status': item.status },
    h('div', { class: 'benefit-head' },
      h('h4', { text: item.name }),
      badge(tone, icon, word),
      h('span', { class: 'amount' }, h('span', { class: 'visually-hidden', text: '金额 ' }), amountText(item))),
    h('p', { class: 'reason', text: item.reason }),
    cite(item.citation, { note: item.note }));
}

/**
 * Replaces a box's content only when what it shows changes (`key`): leaving a field draws the
 * view again, and a <details> opened, or a click on it that began before, must survive that.
 */
function redraw(box, key, nodes) {
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.replaceChildren(...nodes);
}

/** Expired items that would have applied: one line, opened on demand, without amounts. */
function expiredLine(expired) {
  if (!expired.length) return null;
  const days = [...new Set(expired.map((i) => i.ended).filter(Boolean))];
  const when = days.length === 1 ? `已于 ${days[0]} 到期` : '已到期';
  return h('details', { class: 'expired-items' },
    h('summary', { text: `另有 ${expired.length} 项政策${when}，不再列入合计` }),
    h('ul', {}, expired.map((i) => h('li', { 'data-id': i.id, 'data-status': i.status },
      h('strong', { text: i.name }), '：', i.reason))));
}

function headline(result, eligible, totalText) {
  if (eligible) {
    return h('p', { class: 'total-line' },
      h('span', { class: 'total-label', text: '合计可申领 ' }),
      h('span', { class: 'total-amount', text: totalText }));
  }
  if (result.items.length === 0) return h('p', { class: 'total-line', text: '暂无可测算的补贴' });
  return h('p', { class: 'total-line', text: result.policies?.notice ? '本省补贴政策已到期，暂无可申领的补贴' : '按您填写的情况，暂无可申领的补贴' });
}

function renderEstimate(el, result, asOf) {
  const eligible = result.items.filter((i) => i.status === 'eligible').length;
  const totalText = `${result.totalUpTo ? '最高 ' : ''}${yuan(result.total)}`;
  // Nothing to claim is not an alarm: a neutral sentence that says where to ask.
  el.total.className = `total ${eligible ? 'total-pass' : 'total-pending'}`;
  // The policies rest on texts whose period ended before the date: said with the total.
  const horizon = horizonNotice(result.warnings);
  setLive(el.total, [headline(result, eligible, totalText), h('p', { class: 'total-message', text: result.message }), horizon],
    `done|${eligible}|${totalText}|${result.message}|${horizon ? horizon.textContent : ''}`);
  const cards = result.items.filter((i) => i.status !== 'expired');
  const expired = result.items.filter((i) => i.status === 'expired' && i.applicable);
  redraw(el.items, JSON.stringify([cards, expired]), cards.length || expired.length ? [h('section', { class: 'group-box', 'aria-labelledby': 'h-est-items' },
    h('h3', { id: 'h-est-items', text: '发给本人的补贴' }),
    cards.length ? h('ul', { class: 'benefit-list' }, cards.map((i) => itemCard(i))) : null,
    expiredLine(expired))] : []);
  const related = result.related.filter((i) => i.status !== 'expired');
  redraw(el.related, JSON.stringify(related), related.length ? [h('section', { class: 'group-box related', 'aria-labelledby': 'h-est-related' },
    h('h3', { id: 'h-est-related', text: '发给组织就业机构的补贴（不计入合计）' }),
    h('p', { class: 'hint', text: '以下补贴由组织您就业的人力资源服务机构、劳务公司等申领，不发给本人，也不计入上面的合计，列出供参考。' }),
    h('ul', { class: 'benefit-list' }, related.map((i) => itemCard(i, RELATED_STATUS))))] : []);
  el.meta.textContent = `规则库版本 ${result.ruleBookVersion}；测算日期 ${result.asOf}${asOf ? '' : '（今天）'}；`
    + `测算时间 ${dateTime()}。结果仅供参考，以当地人社部门审核为准。`;
}

/** What was filled in, for the printed page. */
function printInputNodes(v, asOf) {
  const { controls } = v;
  const option = (key) => (controls[key].value ? controls[key].selectedOptions[0]?.textContent : '（未填写）');
  const flags = FLAGS.filter((k) => controls[k].checked).map((k) => LABEL[k]);
  const rows = [
    ['户籍省份', option('province')],
    ['人员类别', option('group')],
    ['就业地点', option('work')],
    ['务工情况', flags.length ? flags.join('、') : '（均未勾选）'],
    ['稳定就业月数', value(v, 'months') || '（未填写）'],
    ['培训天数', value(v, 'days') || '（未填写）'],
    ['测算日期', asOf || '（今天）'],
  ];
  return [h('h3', { text: '填报信息' }),
    h('table', {}, h('tbody', {}, rows.map(([k, x]) => h('tr', {}, h('th', { scope: 'row', text: k }), h('td', { text: x })))))];
}
