// The 计划审核 view: a reviewer picks (or drops) a plan file; a module Web Worker
// (review-worker.js) reads and checks it in chunks while this page shows the progress; then the
// page shows the summary, notes about the file, and one page of the row table at a time, asked
// from the worker (filtered and sorted there), so that a 100,000-row plan never becomes 100,000
// DOM nodes or a long task here. A row's full verdict is asked on demand and rendered with the
// self-check's renderer (verdict.js); the CSV/JSON exports come from the worker as Blobs.
// Everything from the file is set as text (format.js h()), never parsed as HTML.
//
// Performance marks for benchmarks: 'workrelief-review-start' (file chosen),
// 'workrelief-review-checked' (the worker's report arrived) and 'workrelief-review-shown' (table
// shown; detail: total, progressUpdates, wasmMemory, the worker's timings).
import { h, grouped, percent, yuan, dateTime, STATUS_WORDS, STATUS_ICONS } from './format.js';
import { FUND_NAMES, renderVerdict, styleShadow } from './verdict.js';
import { FILE_UNREADABLE, WORKER_FAILED, workerRequests } from './worker-requests.js';

/** The importer's default limit (50 MiB): a larger file is cut one byte past it, so that the
 * worker reports it as too large without the whole file being read into memory. */
const MAX_BYTES = 50 * 1024 * 1024;
const CHUNK = 2000;
const PAGE_SIZE = 100;
const PRINT_CAP = 200;
/**
 * The direction of a column's first sort, a second click reverses it: a reviewer looks for the
 * largest shortfall first, not for the projects that have none.
 */
const FIRST_DIRECTION = { shortfall: 'descending' };

const FORMATS = { xlsx: 'Excel 工作簿（XLSX）', xls: 'Excel 97-2003 工作簿（XLS）', csv: 'CSV 文本', json: 'JSON' };
const FIELD_NAMES = {
  index: '序号',
  name: '项目名称',
  province: '所在省份',
  kind: '项目类型',
  unit: '金额单位',
  labourRemuneration: '劳务报酬',
  date: '核算日期',
  'workers.total': '务工人数',
  'workers.povertyAlleviated': '其中脱贫人口',
  statedShare: '填报的劳务报酬占比（与金额核对）',
  ...Object.fromEntries(Object.entries(FUND_NAMES).map(([k, v]) => [`funds.${k}`, v])),
};
const count = (n) => grouped(String(n));

/** Splits the importer's column text "E（中央资金（万元））" into "E 列“中央资金（万元）”". */
function columnLabel(column) {
  const m = /^([A-Z]+)（(.*)）$/.exec(column ?? '');
  return m ? `${m[1]} 列“${m[2]}”` : column ?? '';
}

function where(problem) {
  const parts = [];
  if (problem.row) parts.push(`第 ${problem.row} 行`);
  if (problem.column) parts.push(columnLabel(problem.column));
  return parts.join(' ');
}

function statusBadge(status) {
  return h('span', { class: `st st-${status}` },
    h('span', { class: 'st-icon', 'aria-hidden': 'true', text: STATUS_ICONS[status] }),
    STATUS_WORDS[status]);
}

export function initReview(root = document.getElementById('view-review')) {
  const $ = (id) => document.getElementById(id);
  const form = $('review-form');
  const input = $('review-file');
  const drop = $('review-drop');
  const asOf = $('review-asof');
  const sheet = $('review-sheet');
  const progress = $('review-progress');
  const progressText = $('review-progress-text');
  const bar = $('review-progress-bar');
  const cancel = $('review-cancel');
  const live = $('review-live');
  const alertBox = $('review-alert');
  const results = $('review-results');
  const counts = $('review-counts');
  const facts = $('review-facts');
  const notes = $('review-notes');
  const filter = $('review-filter');
  const shown = $('review-shown');
  const table = $('review-table');
  const caption = $('review-caption');
  const tbody = $('review-tbody');
  const prev = $('review-prev');
  const next = $('review-next');
  const pageIndicator = $('review-page');
  const printList = $('review-print-list');
  const dialog = $('review-detail');
  const detailTitle = $('review-detail-title');
  const detailBody = $('review-detail-body');

  // <dialog> arrives in Safari 15.4: before it (iOS 15.0 to 15.3, WeChat's WebView too) the
  // element is an unknown one, without showModal(), close() or `open`. There the detail is a panel
  // fixed over the page (style.css, dialog.detail.no-dialog) that Escape and 关闭 close.
  const modal = 'showModal' in dialog;
  if (!modal) dialog.classList.add('no-dialog');
  const isOpen = () => (modal ? dialog.open : dialog.hasAttribute('open'));
  function openDialog() {
    // eslint-disable-next-line no-restricted-properties -- only where the browser has <dialog>
    if (modal) dialog.showModal();
    else dialog.setAttribute('open', '');
  }
  function closeDialog() {
    if (!isOpen()) return;
    if (modal) {
      dialog.close();
      return;
    }
    dialog.removeAttribute('open');
    dialog.dispatchEvent(new Event('close'));
  }
  if (!modal) {
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') closeDialog();
    });
  }

  let worker = null;
  let file = null;
  let report = null;
  let checkedAt = null;
  let asOfUsed = '';
  let progressUpdates = 0;
  let startedAt = 0;
  const requests = workerRequests(() => worker, '没有正在使用的检查模块');
  const view = { status: 'all', sort: 'row', dir: 'ascending', page: 1 };
  let shownRows = [];
  let pageRequest = 0;
  let opener = null;

  const setState = (s) => { root.dataset.state = s; };
  setState('idle');

  function options() {
    const o = { unit: form.elements.unit.value === '万元' ? '万元' : '元' };
    if (asOf.value) o.asOf = asOf.value;
    if (sheet.value.trim()) o.sheet = sheet.value.trim();
    return o;
  }

  /** Asks the worker something; resolves with its reply. */
  const ask = (message) => requests.ask(message);

  function stop() {
    worker?.terminate();
    worker = null;
    requests.cancelAll('检查已停止');
    closeDialog();
  }

  function showAlert(title, messages) {
    alertBox.replaceChildren(
      h('p', { class: 'alert-title' }, h('span', { 'aria-hidden': 'true', text: '! ' }), title),
      messages.length === 1
        ? h('p', { text: messages[0] })
        : h('ul', {}, messages.map((m) => h('li', { text: m }))));
    alertBox.hidden = false;
  }

  function fail(message) {
    stop();
    progress.hidden = true;
    setState('error');
    showAlert('无法完成检查', [message]);
    live.textContent = '';
  }

  function start(chosen) {
    stop();
    file = chosen;
    report = null;
    progressUpdates = 0;
    startedAt = performance.now();
    performance.mark('workrelief-review-start');
    setState('checking');
    results.hidden = true;
    alertBox.hidden = true;
    alertBox.replaceChildren();
    progress.hidden = false;
    bar.hidden = false;
    cancel.hidden = false;
    bar.removeAttribute('value'); // indeterminate until the rows are counted
    progressText.textContent = `正在读取文件“${chosen.name}”…`;
    live.textContent = `正在检查文件“${chosen.name}”。`;
    const w = new Worker(new URL('./review-worker.js', import.meta.url), { type: 'module' });
    worker = w;
    w.addEventListener('message', (e) => {
      if (worker === w) onMessage(e.data);
    });
    w.addEventListener('error', (e) => {
      if (worker === w) fail(WORKER_FAILED);
    });
    const part = chosen.size > MAX_BYTES ? chosen.slice(0, MAX_BYTES + 1) : chosen;
    part.arrayBuffer().then((buffer) => {
      if (worker !== w) return;
      asOfUsed = options().asOf ?? '';
      w.postMessage({ type: 'check', buffer, fileName: chosen.name, options: options(), chunk: CHUNK }, [buffer]);
    }, (err) => {
      if (worker === w) fail(FILE_UNREADABLE);
    });
  }

  function onMessage(msg) {
    if (requests.settle(msg)) return;
    if (msg.type === 'reading') {
      progressText.textContent = `正在读取文件“${file.name}”…`;
    } else if (msg.type === 'progress') {
      progressUpdates++;
      bar.max = 1000;
      bar.value = Math.round(msg.fraction * 1000);
      progressText.textContent = `已检查 ${count(msg.checked)} 行（${Math.floor(msg.fraction * 100)}%）`;
    } else if (msg.type === 'done') {
      done(msg);
    } else if (msg.type === 'failed') {
      fail(msg.message);
    }
  }

  async function done(msg) {
    performance.mark('workrelief-review-checked');
    // Which build checked the file ('wasm' or 'js'): for tests and whoever debugs a portal.
    document.getElementById('view-review').dataset.engine = msg.engine;
    report = msg.report;
    checkedAt = new Date();
    progress.hidden = true;
    const { summary } = report;
    if (report.errors.length) {
      showAlert(summary.total ? '文件有问题' : '无法检查此文件',
        report.errors.map((e) => (where(e) ? `${where(e)}：${e.message}` : e.message)));
    }
    if (report.errors.length && summary.total === 0) {
      setState('error');
      live.textContent = `无法检查此文件：${report.errors[0].message}`;
      mark(msg);
      return;
    }
    renderSummary();
    renderNotes();
    renderPrintList(msg.failing, msg.failingCount);
    Object.assign(view, { status: 'all', sort: 'row', dir: 'ascending', page: 1 });
    filter.value = 'all';
    results.hidden = false;
    await loadPage();
    setState('done');
    live.textContent = `检查完成：共 ${count(summary.total)} 个项目，符合 ${count(summary.pass)} 个，不符合 ${count(summary.fail)} 个，需人工审核 ${count(summary.review)} 个，输入有误 ${count(summary.invalid)} 个。`;
    mark(msg);
  }

  function mark(msg) {
    performance.mark('workrelief-review-shown', {
      detail: {
        total: msg.report.summary.total,
        progressUpdates,
        wasmMemory: msg.wasmMemory,
        timings: msg.timings,
        ms: performance.now() - startedAt,
      },
    });
  }

  function cancelCheck() {
    if (!worker) return;
    const text = progressText.textContent;
    stop();
    setState('cancelled');
    bar.hidden = true;
    cancel.hidden = true;
    progressText.textContent = `已取消检查（${text.replace(/…$/, '')}）。重新选择文件即可再次检查。`;
    live.textContent = '已取消检查。';
    input.focus();
  }

  function renderSummary() {
    const { summary } = report;
    counts.replaceChildren(
      ...['pass', 'fail', 'review', 'invalid'].map((s) => h('li', { class: `count count-${s}` },
        h('span', { class: 'count-label' },
          h('span', { class: 'st-icon', 'aria-hidden': 'true', text: STATUS_ICONS[s] }), STATUS_WORDS[s]),
        h('span', { class: 'count-value', text: count(summary[s]) }))),
      h('li', { class: 'count count-total' },
        h('span', { class: 'count-label', text: '合计' }),
        h('span', { class: 'count-value', text: count(summary.total) })));
    const rows = [
      ['文件', report.fileName],
      ['格式', FORMATS[report.format] ?? report.format ?? '—'],
      report.encoding ? ['编码', report.encoding] : null,
      report.sheet ? ['工作表', report.otherSheets?.length ? `${report.sheet}（未读取：${report.otherSheets.join('、')}）` : report.sheet] : null,
      report.headerRow ? ['表头', `第 ${(report.headerRows?.length ? report.headerRows : [report.headerRow]).join('、')} 行`] : null,
      report.unitLine ? ['金额单位', `${report.unitLine.unit}（第 ${report.unitLine.row} 行“${report.unitLine.text}”，表头未注明单位的金额列按此读取）`] : null,
      ['规则库版本', report.ruleBookVersion],
      ['核算日期', asOfUsed || '按各行的核算日期（未填写的按检查当天）'],
      ['检查时间', dateTime(checkedAt)],
    ].filter(Boolean);
    facts.replaceChildren(...rows.map(([k, v]) => h('div', { class: 'fact' }, h('dt', { text: k }), h('dd', { text: v }))));
  }

  function noteList(items, cap, text) {
    const shownItems = items.slice(0, cap);
    return h('ul', {},
      shownItems.map((x) => h('li', { text: text(x) })),
      items.length > cap ? h('li', { class: 'more', text: `另有 ${count(items.length - cap)} 条未列出。` }) : null);
  }

  function renderNotes() {
    const out = [];
    if (report.unmapped.length) {
      out.push(h('section', { class: 'note' },
        h('h4', { text: `未识别的列（${report.unmapped.length}），其内容未参与检查` }),
        noteList(report.unmapped, 30, (u) => `${u.column} 列“${u.header}”：${u.reason}`)));
    }
    if (report.skipped.length) {
      out.push(h('section', { class: 'note' },
        h('h4', { text: `跳过的行（${count(report.skipped.length)}），不是项目` }),
        noteList(report.skipped, 20, (s) => `第 ${s.row} 行：${s.reason}`)));
    }
    if (report.warnings.length) {
      out.push(h('section', { class: 'note note-warning' },
        h('h4', { text: `提示（${count(report.warnings.length)}）` }),
        noteList(report.warnings, 20, (w) => (where(w) ? `${where(w)}：${w.message}` : w.message))));
    }
    if (report.summary.total === 0 && !report.errors.length) {
      out.push(h('section', { class: 'note note-warning' }, h('h4', { text: '文件中没有项目行' }),
        h('p', { text: '请确认表头下方填写了项目；空行和“合计”行不作为项目。' })));
    }
    if (report.columns.length) {
      out.push(h('details', { class: 'note columns' },
        h('summary', { text: `已识别的列（${report.columns.length}）` }),
        h('ul', {}, report.columns.map((c) => h('li', {
          text: `${c.column} 列“${c.header}” → ${FIELD_NAMES[c.field] ?? c.field}${c.unit ? `，单位 ${c.unit}` : ''}`,
        })))));
    }
    notes.replaceChildren(...out);
    notes.hidden = out.length === 0;
  }

  // The row's error, then its remarks (a stated share its amounts contradict), as in the CSV.
  function problemText(r) {
    const parts = [];
    if (r.error) parts.push(r.error);
    else if (r.note) parts.push(r.note);
    else if (r.status === 'review') parts.push('没有可直接判定的比例下限，需审核人员判断');
    for (const w of r.warnings || []) parts.push(w.message);
    return parts.join('；');
  }

  function cells(r) {
    return [
      // data-label: the column's name, shown beside the cell where the rows are cards (phones).
      h('td', { class: 'num', 'data-label': '行号', text: String(r.row) }),
      h('td', { class: 'name', text: r.name || '（未填写名称）' }),
      h('td', { 'data-label': '结果' }, statusBadge(r.status)),
      h('td', { class: 'num', 'data-label': '实际比例', text: r.ratio ? percent(r.ratio) : '—' }),
      h('td', { class: 'num', 'data-label': '比例下限', text: r.floor ? percent(r.floor, { keepZeros: false }) : '—' }),
      h('td', { class: 'num', 'data-label': '差额（元）', text: r.shortfall ? grouped(r.shortfall) : '—' }),
      h('td', { class: 'problem', 'data-label': '问题', text: problemText(r) }),
    ];
  }

  function renderPrintList(failing, failingCount) {
    const nodes = [h('h3', { text: `未通过的项目（${count(failingCount)}）` })];
    if (!failingCount) {
      nodes.push(h('p', { text: '全部项目均符合劳务报酬比例要求。' }));
    } else {
      nodes.push(h('table', { class: 'rows' },
        h('thead', {}, h('tr', {}, ['行号', '项目名称', '结果', '实际比例', '比例下限', '差额（元）', '问题']
          .map((t) => h('th', { scope: 'col', text: t })))),
        h('tbody', {}, failing.map((r) => h('tr', { class: `row-${r.status}` }, cells(r))))));
      if (failingCount > failing.length) {
        nodes.push(h('p', { class: 'more', text: `仅列出前 ${count(failing.length)} 个，另有 ${count(failingCount - failing.length)} 个未通过的项目未列出，请查看导出的 CSV。` }));
      }
    }
    printList.replaceChildren(...nodes);
  }

  async function loadPage() {
    const request = ++pageRequest;
    table.setAttribute('aria-busy', 'true');
    // Sorting 100,000 rows by name takes the worker a moment: say so if it is not instant.
    const slow = setTimeout(() => {
      if (request === pageRequest) shown.textContent = '正在排序和筛选…';
    }, 150);
    let res;
    try {
      res = await ask({ type: 'page', status: view.status, sort: view.sort, dir: view.dir, page: view.page, pageSize: PAGE_SIZE });
    } catch {
      return;
    } finally {
      clearTimeout(slow);
      if (request === pageRequest) table.removeAttribute('aria-busy');
    }
    if (request !== pageRequest) return;
    view.page = res.page;
    shownRows = res.rows;
    table.dataset.workerMs = res.ms.toFixed(1);
    tbody.replaceChildren(...(res.rows.length
      ? res.rows.map((r) => {
        const tr = h('tr', { 'data-index': r.index, class: `row-${r.status}` }, cells(r));
        const name = tr.children[1];
        name.replaceChildren(h('button', { type: 'button', class: 'row-link' },
          r.name || '（未填写名称）', h('span', { class: 'visually-hidden', text: '（查看详情）' })));
        return tr;
      })
      : [h('tr', {}, h('td', { colspan: 7, class: 'empty', text: '没有符合筛选条件的项目。' }))]));
    const range = res.rows.length ? `第 ${count(res.start + 1)}–${count(res.start + res.rows.length)} 个` : '0 个';
    shown.textContent = `显示 ${range}，${view.status === 'all' ? '共' : '筛选后共'} ${count(res.matched)} 个项目`;
    caption.textContent = `各项目的检查结果，${shown.textContent}`;
    pageIndicator.textContent = `第 ${count(res.page)} / ${count(res.pages)} 页`;
    prev.disabled = res.page <= 1;
    next.disabled = res.page >= res.pages;
    for (const th of table.querySelectorAll('th[data-sort]')) {
      if (th.dataset.sort === view.sort) th.setAttribute('aria-sort', view.dir);
      else th.removeAttribute('aria-sort');
    }
  }

  async function openDetail(index, from) {
    const r = shownRows.find((x) => x.index === index);
    if (!r) return;
    opener = from;
    detailTitle.textContent = `第 ${r.row} 行：${r.name || '（未填写名称）'}`;
    detailBody.replaceChildren(h('p', { class: 'loading', text: '正在生成详细结果…' }));
    if (!isOpen()) openDialog();
    detailTitle.focus();
    let verdict;
    try {
      verdict = await ask({ type: 'verdict', index });
    } catch (err) {
      detailBody.replaceChildren(h('p', { class: 'loading', text: `无法生成详细结果：${err.message}` }));
      return;
    }
    if (!verdict || !isOpen()) return;
    // data-care-host: early.js keeps its `care` attribute (care mode in the shadow root) in step.
    const host = h('div', { class: 'detail-verdict', 'data-care-host': true, care: document.documentElement.classList.contains('care') });
    const shadow = host.attachShadow({ mode: 'open' });
    // The detail's frame (review-detail.css) and the verdict's styles.
    styleShadow(shadow, ['review-detail.css', 'verdict.css']);
    const nodes = renderVerdict(verdict, {
      checkedAt,
      label: (e) => (e.column ? columnLabel(e.column) : FIELD_NAMES[e.field] ?? ''),
    });
    if (verdict.proposal) nodes.splice(1, 0, proposalFacts(verdict.proposal));
    shadow.append(h('section', { class: 'verdict', 'data-status': verdict.status, 'aria-label': '检查结果' }, nodes));
    detailBody.replaceChildren(host);
  }

  function proposalFacts(p) {
    const rows = [
      ['项目类型', p.kindName],
      ['所在省份', p.provinceName ?? '（未填写）'],
      ...Object.entries(FUND_NAMES).filter(([k]) => p.funds?.[k]).map(([k, label]) => [label, yuan(p.funds[k])]),
      ['劳务报酬', yuan(p.labourRemuneration)],
      ['核算日期', p.date ?? '（未填写）'],
    ];
    return h('section', { class: 'group read' },
      h('h3', { text: '从文件读取的项目信息（金额已换算为元）' }),
      h('dl', { class: 'figures' }, rows.map(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })])));
  }

  async function download(format) {
    let blob;
    try {
      blob = await ask({ type: 'export', format });
    } catch (err) {
      showAlert('导出失败', [err.message]);
      return;
    }
    if (!blob) return;
    const base = file.name.replace(/\.[^.]*$/, '') || file.name;
    const a = h('a', { href: URL.createObjectURL(blob), download: `审核结果-${base}.${format}`, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
  }

  // Wiring.
  input.addEventListener('change', () => {
    if (input.files?.[0]) start(input.files[0]);
  });
  for (const el of [asOf, sheet, ...form.elements.unit]) {
    el.addEventListener('change', () => {
      if (file && root.dataset.state !== 'checking') start(file);
    });
  }
  form.addEventListener('submit', (e) => e.preventDefault());
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('dragging');
    const dropped = e.dataTransfer?.files;
    if (dropped?.length) {
      input.files = dropped;
      start(dropped[0]);
    }
  });
  // A file dropped next to the zone must not make the browser leave the page.
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, (e) => {
      if (!root.hidden && !drop.contains(e.target)) e.preventDefault();
    });
  }
  cancel.addEventListener('click', cancelCheck);
  filter.addEventListener('change', () => {
    view.status = filter.value;
    view.page = 1;
    loadPage();
  });
  table.tHead.addEventListener('click', (e) => {
    const th = e.target.closest('th[data-sort]');
    if (!th || !e.target.closest('button')) return;
    const key = th.dataset.sort;
    const first = FIRST_DIRECTION[key] ?? 'ascending';
    if (view.sort !== key) view.dir = first;
    else view.dir = view.dir === 'ascending' ? 'descending' : 'ascending';
    view.sort = key;
    view.page = 1;
    loadPage();
  });
  prev.addEventListener('click', () => {
    view.page--;
    loadPage();
  });
  next.addEventListener('click', () => {
    view.page++;
    loadPage();
  });
  tbody.addEventListener('click', (e) => {
    const tr = e.target.closest('tr[data-index]');
    if (tr) openDetail(Number(tr.dataset.index), tr.querySelector('button'));
  });
  $('review-detail-close').addEventListener('click', closeDialog);
  dialog.addEventListener('close', () => {
    if (opener?.isConnected) opener.focus();
    opener = null;
  });
  $('review-export-csv').addEventListener('click', () => download('csv'));
  $('review-export-json').addEventListener('click', () => download('json'));
  $('review-export-xlsx').addEventListener('click', () => download('xlsx'));
  $('review-print').addEventListener('click', () => window.print());
}
