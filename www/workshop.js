// The 车间核查 view: an employer checks a workshop's people against the province's recognition
// criteria and per-person reward, either typed into the page (a few people, checked with
// checkWorkshop in the core module as they type) or uploaded as a roster file (CSV, XLSX,
// JSON, checked in a module Web Worker, roster-worker.js, with checkRosterFile). Both show the
// same results: recognition, reward, one-time awards as advice, problems with their row and
// column, and the employees a page at a time.
//
// The view's state is one object (`initialState()`); what it shows is rendered from it by
// workshop-render.js; the file, worker, progress and alert are file-check.js's, shared with
// 计划审核.
//
// ID numbers: the form's ID inputs hold what the user types, and nothing else on the page does.
// The people are never written to the URL (only province, recognized and asOf are); the results
// show only the masked `id` the module returns, and every text that may echo input goes through
// maskNumbers() once more (a file named after an ID number, a name that is one).
//
// Performance marks for benchmarks: 'workrelief-roster-start' (file chosen),
// 'workrelief-roster-checked' (the worker's report arrived) and 'workrelief-roster-shown'
// (results shown; detail: total, progressUpdates, ms, timings, wasmMemory).
import { onRulesChange } from './rules-in-use.js';
import { checkWorkshop, loadCore } from './core-module.js';
import { h, maskNumbers, dateTime, horizonNotice } from './format.js';
import { fillProvinces, provinceValue, showError, setLive } from './benefit-view.js';
import { employeeRows, pageOf, problemKey, rosterCsv } from './workshop-data.js';
import { alertBox, checkWorker, pickFiles, progressBox, saveBlob } from './file-check.js';
import {
  PERSON_FIELDS, awardNodes, cardNodes, count, factNodes, noteNodes, pageTexts, pendingMessage, personCard, phaseText,
  rowNodes, safeName, statusLine, tone,
} from './workshop-render.js';

const PAGE_SIZE = 100;
/** Milliseconds to a tenth. */
const round = (ms) => Math.round(ms * 10) / 10;
/** The options a link carries. */
const LINK_KEYS = ['province', 'recognized', 'asOf'];

/** The elements of the view, by their ids without the `ws-` prefix. */
const ELEMENTS = [
  'options', 'province', 'recognized', 'asof', 'manual', 'people', 'upload', 'file', 'drop', 'progress', 'progress-text',
  'progress-bar', 'cancel', 'alert', 'status', 'body', 'facts', 'cards', 'awards', 'notes', 'filter', 'shown', 'table',
  'caption', 'tbody', 'row-header', 'prev', 'next', 'page', 'meta', 'add', 'clear', 'export', 'print',
  'province-error', 'recognized-error', 'asof-error',
];

/** The view's state. A result is `{ workshop, rows, views, count, filled }` (typed in) or
 * `{ workshop, file, count, ms, timings }` (a file, whose rows stay in the worker). */
function initialState() {
  return {
    /** The core module is loaded; until then a link's state waits in `pending`. */
    ready: false,
    pending: null,
    /** Which results are shown: 'manual' (typed in) or 'file'. */
    source: 'manual',
    /** The people typed in (workshop-render.js personCard()), and the last one's number. */
    people: [],
    uid: 0,
    /** 核查 was pressed: every person's errors show, not only those of touched fields. */
    submittedPeople: false,
    touchedOptions: new Set(),
    manual: null,
    fileResult: null,
    file: null,
    progressUpdates: 0,
    startedAt: 0,
    view: { filter: 'all', page: 1 },
    /** The latest page asked for: an older answer is dropped. */
    pageRequest: 0,
    /** The typing pause before a check, and the file check's clock. */
    timer: 0,
    tick: 0,
  };
}

export function initWorkshop() {
  const el = Object.fromEntries(ELEMENTS.map((id) => [id, document.getElementById(`ws-${id}`)]));
  const root = document.getElementById('view-workshop');
  const v = { root, el, state: initialState(), alert: alertBox(el.alert) };
  v.progress = progressBox({ box: el.progress, text: el['progress-text'], bar: el['progress-bar'], cancel: el.cancel });
  v.worker = checkWorker({
    url: new URL('./roster-worker.js', import.meta.url),
    noWorker: '没有正在使用的核查模块',
    stopped: '核查已停止',
    onMessage: (msg) => onMessage(v, msg),
    onFail: (message) => failFile(v, message),
  });
  v.ctrl = controller(v);
  setState(v, 'idle');
  wireOptions(v);
  wirePeople(v);
  wireFile(v);
  wireTable(v);
  addPerson(v, false);
  render(v, null);
  loadCore().then(() => {
    fillProvinces(el.province, true);
    v.state.ready = true;
    v.ctrl.state = v.state.pending ?? '';
    v.state.pending = null;
  }, () => {
    el.status.className = 'total total-invalid';
    el.status.replaceChildren(h('p', { class: 'total-line', text: '核查模块加载失败，请刷新页面重试。' }));
  });
  return v.ctrl;
}

/** What app.js sees: `state` (the options as a link's text, get/set) and `onchange`. */
function controller(v) {
  const { el, state } = v;
  const ctrl = {
    onchange: null,
    get state() {
      if (!state.ready) return state.pending ?? '';
      const params = new URLSearchParams();
      if (el.province.value) params.set('province', el.province.value);
      if (el.recognized.value) params.set('recognized', el.recognized.value);
      if (el.asof.value) params.set('asOf', el.asof.value);
      return params.toString();
    },
    set state(text) {
      if (!state.ready) {
        state.pending = String(text ?? '');
        return;
      }
      const params = new URLSearchParams(String(text ?? ''));
      el.province.value = provinceValue(el.province, params.get('province'));
      el.recognized.value = ['true', 'false'].includes(params.get('recognized')) ? params.get('recognized') : '';
      el.asof.value = params.get('asOf') ?? '';
      for (const key of LINK_KEYS) if (params.get(key)) state.touchedOptions.add(key);
      optionsChanged(v);
    },
  };
  return ctrl;
}

const setState = (v, s) => { v.root.dataset.state = s; };
const checkOptions = ({ el }) => (el.asof.value ? { asOf: el.asof.value } : undefined);
const recognizedPart = ({ el }) => (el.recognized.value ? { recognized: el.recognized.value === 'true' } : {});

// ------------------------------------------------------------------------------------------
// The form: a few people typed in.

function renumber(people) {
  people.forEach((p, i) => {
    p.legend.textContent = `第 ${i + 1} 人`;
    p.remove.textContent = `删除第 ${i + 1} 人`;
  });
}

function addPerson(v, focus = true) {
  const { people } = v.state;
  const p = personCard(++v.state.uid);
  p.remove.addEventListener('click', () => removePerson(v, p));
  people.push(p);
  v.el.people.append(p.el);
  renumber(people);
  if (focus) p.inputs.id.focus();
  return p;
}

function removePerson(v, p) {
  const { people } = v.state;
  const i = people.indexOf(p);
  if (i < 0) return;
  people.splice(i, 1);
  p.el.remove();
  if (!people.length) addPerson(v, false);
  renumber(people);
  (people[i] ?? people[people.length - 1]).inputs.id.focus();
  checkManual(v);
}

function personValues(p) {
  const values = {};
  for (const [key] of PERSON_FIELDS) {
    const c = p.inputs[key];
    values[key] = key === 'subsidyClaimed' ? c.checked : c.value.trim();
  }
  return values;
}

const isBlank = (values) => PERSON_FIELDS.every(([key]) => !values[key]);

function checkManual(v) {
  const { state, el } = v;
  if (!state.ready) return;
  const employees = [];
  state.people.forEach((p, i) => {
    const values = personValues(p);
    if (!isBlank(values)) employees.push({ row: i + 1, ...values });
  });
  const workshop = checkWorkshop({ province: el.province.value, ...recognizedPart(v), employees }, checkOptions(v));
  const rows = employeeRows(workshop);
  state.manual = { workshop, rows, views: new Map(), count: rows.length, filled: employees.length };
  showPersonErrors(v, workshop);
  showOptionErrors(v, workshop);
  if (state.source === 'manual') render(v, state.manual);
}

function showPersonErrors({ state }, workshop) {
  const byCard = new Map();
  for (const e of workshop.errors) {
    const key = problemKey(e);
    if (!key || !e.row) continue;
    const list = byCard.get(e.row) ?? new Map();
    byCard.set(e.row, list);
    (list.get(key) ?? list.set(key, []).get(key)).push(maskNumbers(e.message));
  }
  state.people.forEach((p, i) => {
    const errs = byCard.get(i + 1) ?? new Map();
    for (const [key] of PERSON_FIELDS) {
      const visible = state.submittedPeople || p.touched.has(key);
      showError(p.errors[key], p.inputs[key], visible ? errs.get(key) ?? [] : []);
    }
  });
}

function showOptionErrors({ state, el }, report) {
  const errs = { province: [], recognized: [], asOf: [] };
  for (const e of report?.errors ?? []) {
    const key = e.field === 'options.asOf' ? 'asOf' : e.field;
    if (errs[key] && (key !== 'province' || state.touchedOptions.has('province') || state.source === 'file')) errs[key].push(maskNumbers(e.message));
  }
  showError(el['province-error'], el.province, errs.province);
  showError(el['recognized-error'], el.recognized, errs.recognized);
  showError(el['asof-error'], el.asof, errs.asOf);
}

// ------------------------------------------------------------------------------------------
// The file: checked in a worker.

function stopFile(v) {
  v.worker.stop();
  clearInterval(v.state.tick);
}

function failFile(v, message) {
  stopFile(v);
  v.progress.hide();
  v.state.fileResult = null;
  setState(v, 'error');
  v.alert.show('无法完成核查', [message]);
  renderFile(v);
}

const elapsed = ({ state }) => ((performance.now() - state.startedAt) / 1000).toFixed(1);

function startFile(v, chosen) {
  const { state, el, progress } = v;
  stopFile(v);
  state.file = chosen;
  state.fileResult = null;
  v.alert.clear();
  if (!el.province.value) {
    setState(v, 'needs-province');
    v.alert.show('请先选择所在省份', [`已选择文件“${safeName(chosen.name)}”；选择所在省份后将自动核查。`]);
    renderFile(v);
    el.province.focus();
    return;
  }
  state.progressUpdates = 0;
  state.startedAt = performance.now();
  performance.mark('workrelief-roster-start');
  setState(v, 'checking');
  renderFile(v);
  progress.start(`正在读取文件“${safeName(chosen.name)}”…`);
  clearInterval(state.tick);
  state.tick = setInterval(() => {
    const s = elapsed(v);
    progress.text.dataset.elapsed = s;
    progress.box.querySelector('.elapsed')?.replaceChildren(`已用时 ${s} 秒`);
  }, 250);
  const meta = { province: el.province.value };
  if (el.recognized.value) meta.recognized = el.recognized.value === 'true';
  const options = checkOptions(v) ?? {};
  v.worker.start(chosen, () => ({ meta, options }));
}

function onMessage(v, msg) {
  if (msg.type === 'phase') {
    v.state.progressUpdates++;
    v.progress.text.replaceChildren(phaseText(msg, v.state.file.name), ' ', h('span', { class: 'elapsed', text: `已用时 ${elapsed(v)} 秒` }));
  } else if (msg.type === 'done') {
    fileDone(v, msg);
  }
}

async function fileDone(v, msg) {
  const { state } = v;
  performance.mark('workrelief-roster-checked');
  document.getElementById('view-workshop').dataset.engine = msg.engine;
  clearInterval(state.tick);
  v.progress.hide();
  const ms = performance.now() - state.startedAt;
  const { file: facts, workshop } = msg;
  if (facts.errors.length) {
    v.alert.show(workshop ? '文件有问题' : '无法核查此文件', facts.errors.map((e) => maskNumbers(e.message)));
  }
  if (!workshop) {
    state.fileResult = null;
    setState(v, 'error');
    renderFile(v);
    mark(v, msg, ms);
    return;
  }
  state.fileResult = { workshop, file: facts, count: msg.count, ms, timings: msg.timings };
  showOptionErrors(v, workshop);
  setState(v, 'shown');
  if (state.source === 'file') await render(v, state.fileResult);
  setState(v, 'done');
  mark(v, msg, ms);
}

function mark({ state }, msg, ms) {
  performance.mark('workrelief-roster-shown', {
    detail: {
      total: msg.count,
      progressUpdates: state.progressUpdates,
      ms: round(ms),
      shownMs: round(performance.now() - state.startedAt),
      timings: Object.fromEntries(Object.entries(msg.timings ?? {}).map(([k, t]) => [k, round(t)])),
      wasmMemory: msg.wasmMemory,
    },
  });
}

function cancelCheck(v) {
  if (!v.worker.busy) return;
  stopFile(v);
  setState(v, 'cancelled');
  v.progress.cancelled('已取消核查。重新选择文件即可再次核查。');
  renderFile(v);
  v.el.file.focus();
}

// ------------------------------------------------------------------------------------------
// Results, for whichever source is shown.

/** Shows the file's results (or its state) if the file is the source shown. */
function renderFile(v) {
  if (v.state.source === 'file') render(v, v.state.fileResult);
}

const current = ({ state }) => (state.source === 'manual' ? state.manual : state.fileResult);

async function render(v, result) {
  const { state, el } = v;
  const { source } = state;
  const pendingText = pendingMessage(result, { source, state: v.root.dataset.state, province: el.province.value });
  if (pendingText) {
    el.status.className = 'total total-pending';
    setLive(el.status, [h('p', { class: 'total-line', text: pendingText })], `pending|${pendingText}`);
    el.body.hidden = true;
    return;
  }
  const { workshop } = result;
  el.status.className = `total total-${tone(workshop)}`;
  const line = statusLine(workshop);
  const horizon = horizonNotice(workshop.warnings);
  setLive(el.status, [
    h('p', { class: 'total-line', text: '核查结果' }),
    h('p', { class: 'total-message', text: line }),
    horizon,
  ], `done|${source}|${line}|${result.count}|${horizon ? horizon.textContent : ''}`);
  el.facts.replaceChildren(...factNodes(result, { source, recognized: el.recognized.value, asOf: el.asof.value }));
  el.cards.replaceChildren(...cardNodes(workshop));
  el.awards.replaceChildren(...awardNodes(workshop));
  const notes = noteNodes(result, source);
  el.notes.replaceChildren(...notes);
  el.notes.hidden = notes.length === 0;
  el['row-header'].textContent = source === 'manual' ? '序号' : '行号';
  el.body.hidden = false;
  el.meta.textContent = `规则库版本 ${workshop.ruleBookVersion}；核查日期 ${workshop.asOf}${el.asof.value ? '' : '（今天）'}；`
    + `核查时间 ${dateTime()}。结果仅供参考，以主管部门审核认定为准。`;
  await loadPage(v, true);
}

async function loadPage(v, reset = false) {
  const { state, el } = v;
  const { view } = state;
  const result = current(v);
  if (!result) return;
  if (reset) {
    view.filter = el.filter.value;
    view.page = 1;
  }
  const request = ++state.pageRequest;
  el.table.setAttribute('aria-busy', 'true');
  const query = { filter: view.filter, page: view.page, pageSize: PAGE_SIZE };
  let res;
  try {
    res = await (state.source === 'manual' ? pageOf(result.rows, query, result.views) : v.worker.ask({ type: 'page', ...query }));
  } catch {
    return;
  } finally {
    if (request === state.pageRequest) el.table.removeAttribute('aria-busy');
  }
  if (request !== state.pageRequest || result !== current(v)) return;
  view.page = res.page;
  el.tbody.replaceChildren(...rowNodes(res));
  const texts = pageTexts(res, view.filter);
  el.shown.textContent = texts.shown;
  el.caption.textContent = texts.caption;
  el.page.textContent = texts.page;
  el.prev.disabled = res.page <= 1;
  el.next.disabled = res.page >= res.pages;
}

async function download(v) {
  const { state } = v;
  const result = current(v);
  if (!result) return;
  let blob;
  if (state.source === 'manual') {
    blob = new Blob([rosterCsv(result.rows, { rowHeader: '序号' })], { type: 'text/csv;charset=utf-8' });
  } else {
    try {
      blob = await v.worker.ask({ type: 'export' });
    } catch (err) {
      v.alert.show('导出失败', [err.message]);
      return;
    }
  }
  const base = state.source === 'file' ? safeName(state.file.name).replace(/\.[^.]*$/, '') : '';
  saveBlob(blob, `车间核查结果${base ? `-${base}` : ''}.csv`);
}

// ------------------------------------------------------------------------------------------
// Wiring.

function optionsChanged(v) {
  const { state } = v;
  v.ctrl.onchange?.(v.ctrl.state);
  checkManual(v);
  if (state.file && (state.source === 'file' || state.fileResult)) startFile(v, state.file);
  else renderFile(v);
}

function setSource(v, next) {
  const { state, el } = v;
  state.source = next;
  for (const radio of el.options.elements.source) radio.checked = radio.value === next;
  el.manual.hidden = next !== 'manual';
  el.upload.hidden = next !== 'file';
  el.filter.value = 'all';
  if (next === 'manual') checkManual(v);
  else render(v, state.fileResult);
}

/** Province, recognized, date, and which source is shown. */
function wireOptions(v) {
  const { el, state } = v;
  // The page's rule book changed (规则库 view): check again by it.
  onRulesChange(() => optionsChanged(v));
  el.options.addEventListener('change', (e) => {
    if (e.target.name === 'source') {
      setSource(v, e.target.value);
      return;
    }
    if (e.target.name) state.touchedOptions.add(e.target.name);
    optionsChanged(v);
  });
  el.options.addEventListener('submit', (e) => e.preventDefault());
}

/** The people typed in: checked a moment after typing, at once on a change or 核查. */
function wirePeople(v) {
  const { el, state } = v;
  const touch = (e) => {
    const p = state.people.find((x) => String(x.uid) === e.target.dataset.person);
    if (p && e.target.name) p.touched.add(e.target.name);
    clearTimeout(state.timer);
  };
  el.manual.addEventListener('submit', (e) => {
    e.preventDefault();
    state.submittedPeople = true;
    checkManual(v);
  });
  el.manual.addEventListener('input', (e) => {
    touch(e);
    state.timer = setTimeout(() => checkManual(v), 150);
  });
  el.manual.addEventListener('change', (e) => {
    touch(e);
    checkManual(v);
  });
  el.add.addEventListener('click', () => addPerson(v, true));
  el.clear.addEventListener('click', () => {
    for (const p of state.people.splice(0)) p.el.remove();
    state.submittedPeople = false;
    addPerson(v, true);
    checkManual(v);
  });
}

/** The roster file: picked or dropped (the input would show its name, perhaps an ID number; the
 * page shows it masked), cancel. */
function wireFile(v) {
  const { el, root } = v;
  el.upload.addEventListener('submit', (e) => e.preventDefault());
  pickFiles({ root, input: el.file, drop: el.drop, keepName: false, onFile: (file) => startFile(v, file) });
  el.cancel.addEventListener('click', () => cancelCheck(v));
}

/** The employee table's filter and pages, export and print. */
function wireTable(v) {
  const { el, state } = v;
  const show = (change) => {
    Object.assign(state.view, change);
    loadPage(v);
  };
  el.filter.addEventListener('change', () => show({ filter: el.filter.value, page: 1 }));
  el.prev.addEventListener('click', () => show({ page: state.view.page - 1 }));
  el.next.addEventListener('click', () => show({ page: state.view.page + 1 }));
  el.export.addEventListener('click', () => download(v));
  el.print.addEventListener('click', () => window.print());
}
