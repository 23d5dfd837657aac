// The 计划审核 view: a reviewer picks (or drops) a plan file; a module Web Worker
// (review-worker.js) reads and checks it in chunks while this page shows the progress; then the
// page shows the summary, notes about the file, and one page of the row table at a time, asked
// from the worker (filtered and sorted there), so that a 100,000-row plan never becomes 100,000
// DOM nodes or a long task here. A row's full verdict is asked on demand and rendered with the
// self-check's renderer (verdict.js); the CSV/JSON exports come from the worker as Blobs.
//
// The view's state is one object (`state` below); what it shows is rendered from it and from the
// worker's answers by review-render.js; the file, worker, progress and alert are file-check.js's,
// shared with 车间核查.
//
// Performance marks for benchmarks: 'workrelief-review-start' (file chosen),
// 'workrelief-review-checked' (the worker's report arrived) and 'workrelief-review-shown' (table
// shown; detail: total, progressUpdates, wasmMemory, the worker's timings).
import { onRulesChange } from './rules-in-use.js';
import { h } from './format.js';
import { alertBox, checkWorker, pickFiles, progressBox, saveBlob } from './file-check.js';
import {
  count, countNodes, detailTitle, factNodes, noteNodes, pageRowNodes, pageTexts, printListNodes, problemLine, verdictHost,
} from './review-render.js';

const CHUNK = 2000;
const PAGE_SIZE = 100;
/**
 * The direction of a column's first sort, a second click reverses it: a reviewer looks for the
 * largest shortfall first, not for the projects that have none.
 */
const FIRST_DIRECTION = { shortfall: 'descending' };
const FIRST_VIEW = { status: 'all', sort: 'row', dir: 'ascending', page: 1 };

/** The elements of the view, by their ids without the `review-` prefix. */
const ELEMENTS = [
  'form', 'file', 'drop', 'asof', 'sheet', 'progress', 'progress-text', 'progress-bar', 'cancel', 'live', 'alert',
  'results', 'counts', 'facts', 'notes', 'filter', 'shown', 'table', 'caption', 'tbody', 'prev', 'next', 'page',
  'print-list', 'detail', 'detail-title', 'detail-body', 'detail-close', 'export-csv', 'export-json', 'export-xlsx', 'print',
];

/** The view's state: the file, what the worker reported, and which page of the table is shown. */
function initialState() {
  return {
    file: null,
    report: null,
    checkedAt: null,
    /** The 核算日期 the file was checked at ('' when each row's own). */
    asOfUsed: '',
    progressUpdates: 0,
    startedAt: 0,
    view: { ...FIRST_VIEW },
    /** The rows of the page shown, for their details. */
    shownRows: [],
    /** The latest page asked for: an older answer is dropped. */
    pageRequest: 0,
    /** What had focus before the detail opened, to give it back. */
    opener: null,
  };
}

/**
 * The row detail: a <dialog>, which arrives in Safari 15.4. Before it (iOS 15.0 to 15.3,
 * WeChat's WebView too) the element is an unknown one, without showModal(), close() or `open`:
 * there the detail is a panel fixed over the page (style.css, dialog.detail.no-dialog) that
 * Escape and 关闭 close.
 */
function detailDialog(dialog) {
  const modal = 'showModal' in dialog;
  const isOpen = () => (modal ? dialog.open : dialog.hasAttribute('open'));
  const close = () => {
    if (!isOpen()) return;
    if (modal) {
      dialog.close();
      return;
    }
    dialog.removeAttribute('open');
    dialog.dispatchEvent(new Event('close'));
  };
  if (!modal) {
    dialog.classList.add('no-dialog');
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') close();
    });
  }
  return {
    isOpen,
    close,
    open() {
      // eslint-disable-next-line no-restricted-properties -- only where the browser has <dialog>
      if (modal) dialog.showModal();
      else dialog.setAttribute('open', '');
    },
  };
}

export function initReview(root = document.getElementById('view-review')) {
  const el = Object.fromEntries(ELEMENTS.map((id) => [id, document.getElementById(`review-${id}`)]));
  const v = { root, el, state: initialState(), alert: alertBox(el.alert), dialog: detailDialog(el.detail) };
  v.progress = progressBox({ box: el.progress, text: el['progress-text'], bar: el['progress-bar'], cancel: el.cancel });
  v.worker = checkWorker({
    url: new URL('./review-worker.js', import.meta.url),
    noWorker: '没有正在使用的检查模块',
    stopped: '检查已停止',
    onMessage: (msg) => onMessage(v, msg),
    onFail: (message) => fail(v, message),
  });
  setState(v, 'idle');
  wireFile(v);
  wireTable(v);
}

const setState = (v, s) => { v.root.dataset.state = s; };

function options({ el }) {
  const o = { unit: el.form.elements.unit.value === '万元' ? '万元' : '元' };
  if (el.asof.value) o.asOf = el.asof.value;
  if (el.sheet.value.trim()) o.sheet = el.sheet.value.trim();
  return o;
}

function stop(v) {
  v.worker.stop();
  v.dialog.close();
}

function fail(v, message) {
  stop(v);
  v.progress.hide();
  setState(v, 'error');
  v.alert.show('无法完成检查', [message]);
  v.el.live.textContent = '';
}

function start(v, chosen) {
  stop(v);
  const { state, el } = v;
  Object.assign(state, { file: chosen, report: null, progressUpdates: 0, startedAt: performance.now() });
  performance.mark('workrelief-review-start');
  setState(v, 'checking');
  el.results.hidden = true;
  v.alert.clear();
  v.progress.start(`正在读取文件“${chosen.name}”…`);
  el.live.textContent = `正在检查文件“${chosen.name}”。`;
  v.worker.start(chosen, () => {
    state.asOfUsed = options(v).asOf ?? '';
    return { options: options(v), chunk: CHUNK };
  });
}

function onMessage(v, msg) {
  const { state, progress } = v;
  if (msg.type === 'reading') {
    progress.text.textContent = `正在读取文件“${state.file.name}”…`;
  } else if (msg.type === 'progress') {
    state.progressUpdates++;
    progress.fraction(msg.fraction);
    progress.text.textContent = `已检查 ${count(msg.checked)} 行（${Math.floor(msg.fraction * 100)}%）`;
  } else if (msg.type === 'done') {
    done(v, msg);
  }
}

async function done(v, msg) {
  const { state, el } = v;
  performance.mark('workrelief-review-checked');
  // Which build checked the file ('wasm' or 'js'): for tests and whoever debugs a portal.
  document.getElementById('view-review').dataset.engine = msg.engine;
  const { report } = msg;
  state.report = report;
  state.checkedAt = new Date();
  v.progress.hide();
  const { summary } = report;
  if (report.errors.length) v.alert.show(summary.total ? '文件有问题' : '无法检查此文件', report.errors.map(problemLine));
  if (report.errors.length && summary.total === 0) {
    setState(v, 'error');
    el.live.textContent = `无法检查此文件：${report.errors[0].message}`;
    mark(v, msg);
    return;
  }
  el.counts.replaceChildren(...countNodes(summary));
  el.facts.replaceChildren(...factNodes(report, state.asOfUsed, state.checkedAt));
  const notes = noteNodes(report);
  el.notes.replaceChildren(...notes);
  el.notes.hidden = notes.length === 0;
  el['print-list'].replaceChildren(...printListNodes(msg.failing, msg.failingCount));
  state.view = { ...FIRST_VIEW };
  el.filter.value = 'all';
  el.results.hidden = false;
  await loadPage(v);
  setState(v, 'done');
  el.live.textContent = `检查完成：共 ${count(summary.total)} 个项目，符合 ${count(summary.pass)} 个，不符合 ${count(summary.fail)} 个，需人工审核 ${count(summary.review)} 个，输入有误 ${count(summary.invalid)} 个。`;
  mark(v, msg);
}

function mark({ state }, msg) {
  performance.mark('workrelief-review-shown', {
    detail: {
      total: msg.report.summary.total,
      progressUpdates: state.progressUpdates,
      wasmMemory: msg.wasmMemory,
      timings: msg.timings,
      ms: performance.now() - state.startedAt,
    },
  });
}

function cancelCheck(v) {
  if (!v.worker.busy) return;
  const text = v.progress.text.textContent;
  stop(v);
  setState(v, 'cancelled');
  v.progress.cancelled(`已取消检查（${text.replace(/…$/, '')}）。重新选择文件即可再次检查。`);
  v.el.live.textContent = '已取消检查。';
  v.el.file.focus();
}

async function loadPage(v) {
  const { state, el } = v;
  const { view } = state;
  const request = ++state.pageRequest;
  el.table.setAttribute('aria-busy', 'true');
  // Sorting 100,000 rows by name takes the worker a moment: say so if it is not instant.
  const slow = setTimeout(() => {
    if (request === state.pageRequest) el.shown.textContent = '正在排序和筛选…';
  }, 150);
  let res;
  try {
    res = await v.worker.ask({ type: 'page', status: view.status, sort: view.sort, dir: view.dir, page: view.page, pageSize: PAGE_SIZE });
  } catch {
    return;
  } finally {
    clearTimeout(slow);
    if (request === state.pageRequest) el.table.removeAttribute('aria-busy');
  }
  if (request !== state.pageRequest) return;
  view.page = res.page;
  state.shownRows = res.rows;
  el.table.dataset.workerMs = res.ms.toFixed(1);
  el.tbody.replaceChildren(...pageRowNodes(res));
  const texts = pageTexts(res, view.status);
  el.shown.textContent = texts.shown;
  el.caption.textContent = texts.caption;
  el.page.textContent = texts.page;
  el.prev.disabled = res.page <= 1;
  el.next.disabled = res.page >= res.pages;
  for (const th of el.table.querySelectorAll('th[data-sort]')) {
    if (th.dataset.sort === view.sort) th.setAttribute('aria-sort', view.dir);
    else th.removeAttribute('aria-sort');
  }
}

async function openDetail(v, index, from) {
  const { state, el, dialog } = v;
  const r = state.shownRows.find((x) => x.index === index);
  if (!r) return;
  state.opener = from;
  el['detail-title'].textContent = detailTitle(r);
  el['detail-body'].replaceChildren(h('p', { class: 'loading', text: '正在生成详细结果…' }));
  if (!dialog.isOpen()) dialog.open();
  el['detail-title'].focus();
  let verdict;
  try {
    verdict = await v.worker.ask({ type: 'verdict', index });
  } catch (err) {
    el['detail-body'].replaceChildren(h('p', { class: 'loading', text: `无法生成详细结果：${err.message}` }));
    return;
  }
  if (!verdict || !dialog.isOpen()) return;
  el['detail-body'].replaceChildren(verdictHost(verdict, state.checkedAt, document.documentElement.classList.contains('care')));
}

async function download(v, format) {
  let blob;
  try {
    blob = await v.worker.ask({ type: 'export', format });
  } catch (err) {
    v.alert.show('导出失败', [err.message]);
    return;
  }
  if (!blob) return;
  const { name } = v.state.file;
  saveBlob(blob, `审核结果-${name.replace(/\.[^.]*$/, '') || name}.${format}`);
}

/** The file, its options, cancel. */
function wireFile(v) {
  const { el, root } = v;
  pickFiles({ root, input: el.file, drop: el.drop, keepName: true, onFile: (file) => start(v, file) });
  for (const control of [el.asof, el.sheet, ...el.form.elements.unit]) {
    control.addEventListener('change', () => {
      if (v.state.file && root.dataset.state !== 'checking') start(v, v.state.file);
    });
  }
  el.form.addEventListener('submit', (e) => e.preventDefault());
  el.cancel.addEventListener('click', () => cancelCheck(v));
  // The page's rule book changed (规则库 view): the file is checked again by it.
  onRulesChange(() => {
    if (v.state.file) start(v, v.state.file);
  });
}

/** The table (filter, sort, pages), the row detail, exports and print. */
function wireTable(v) {
  const { el, state } = v;
  const show = (change) => {
    Object.assign(state.view, change);
    loadPage(v);
  };
  el.filter.addEventListener('change', () => show({ status: el.filter.value, page: 1 }));
  el.table.tHead.addEventListener('click', (e) => {
    const th = e.target.closest('th[data-sort]');
    if (!th || !e.target.closest('button')) return;
    const key = th.dataset.sort;
    const { view } = state;
    const dir = view.sort !== key ? FIRST_DIRECTION[key] ?? 'ascending' : view.dir === 'ascending' ? 'descending' : 'ascending';
    show({ sort: key, dir, page: 1 });
  });
  el.prev.addEventListener('click', () => show({ page: state.view.page - 1 }));
  el.next.addEventListener('click', () => show({ page: state.view.page + 1 }));
  el.tbody.addEventListener('click', (e) => {
    const tr = e.target.closest('tr[data-index]');
    if (tr) openDetail(v, Number(tr.dataset.index), tr.querySelector('button'));
  });
  el['detail-close'].addEventListener('click', v.dialog.close);
  el.detail.addEventListener('close', () => {
    if (state.opener?.isConnected) state.opener.focus();
    state.opener = null;
  });
  el['export-csv'].addEventListener('click', () => download(v, 'csv'));
  el['export-json'].addEventListener('click', () => download(v, 'json'));
  el['export-xlsx'].addEventListener('click', () => download(v, 'xlsx'));
  el.print.addEventListener('click', () => window.print());
}
