// The 计划审核 worker: reads and checks a plan file off the main thread. It loads the plan
// module (pkg/workrelief_plans.js, apart from the lean core the self-check uses) and steps a
// PlanChecker through the file, posting progress. An Excel 97-2003 workbook, which the plan
// module answers with `import.xls`, is read by the .xls module (pkg/workrelief_xls.js, fetched
// only then) instead. The checked rows stay compact inside the
// module: the page asks for one page of the table at a time (the module filters and sorts;
// names are sorted here with the Chinese collator), for a row's full verdict, and for the
// CSV/JSON/XLSX exports, so that a 100,000-row plan never crosses to JavaScript as objects. The
// workbook is written by a third module (pkg/workrelief_export.js, about as large as the plan
// module), loaded only when a reviewer first asks for a workbook.
//
// Messages in:  { type: 'check', buffer, fileName, options, rules, chunk }  (buffer transferred;
//                 rules: the page's rule book text, null for the compiled-in one)
//               { type: 'page', id, status, sort, dir, page, pageSize }
//               { type: 'verdict', id, index }
//               { type: 'export', id, format: 'csv' | 'json' | 'xlsx' }
// Messages out: { type: 'reading' } · { type: 'progress', checked, fraction }
//               { type: 'done', report (without rows), failing, failingCount, wasmMemory, timings }
//               { type: 'reply', id, value } · { type: 'failed', id?, message }

import { loadBuild } from './load-build.js';
import { failureMessage, ready, useBook, XLS_CODE, XLS_DAMAGED, xlsReady } from './plans-module.js';

/** The plan module once loaded: { engine, exports, memory } (plans-module.js). */
let plans = null;
/** The module that read the current file: the plan module or the .xls module. */
let reader = null;
let checker = null;
let names = null;
const views = new Map();

const post = (message, transfer) => self.postMessage(message, transfer ?? []);

self.addEventListener('message', async (event) => {
  const msg = event.data;
  try {
    if (msg.type === 'check') await check(msg);
    else if (msg.type === 'page') post({ type: 'reply', id: msg.id, value: page(msg) });
    else if (msg.type === 'verdict') post({ type: 'reply', id: msg.id, value: checker?.verdict(msg.index) ?? null });
    else if (msg.type === 'export') post({ type: 'reply', id: msg.id, value: await exported(msg.format) });
  } catch (err) {
    post({ type: 'failed', id: msg.id, message: err?.userMessage ?? failureMessage(err, false) });
  }
});

/** Progress is posted at most this often (ms), however fast the rows go. */
const PROGRESS_EVERY = 50;

async function check({ buffer, fileName, options, rules = null, chunk = 5000 }) {
  const t0 = performance.now();
  if (!plans) {
    try {
      plans = await ready;
    } catch (err) {
      post({ type: 'failed', message: failureMessage(err, true) });
      return;
    }
  }
  const t1 = performance.now();
  post({ type: 'reading' });
  checker?.free();
  names = null;
  views.clear();
  const bytes = new Uint8Array(buffer);
  buffer = null;
  reader = plans;
  useBook(plans, rules);
  checker = new plans.exports.PlanChecker(bytes, fileName, options);
  if (checker.summary().errors?.some((e) => e.code === XLS_CODE)) {
    checker.free();
    checker = null;
    try {
      reader = await xlsReady();
      useBook(reader, rules);
    } catch (err) {
      post({ type: 'failed', message: failureMessage(err, true) });
      return;
    }
    try {
      checker = new reader.exports.PlanChecker(bytes, fileName, options);
    } catch (err) {
      // The reader stopped on a damaged workbook (the module cannot be used again: this
      // worker is replaced for the next file).
      console.error(err);
      post({ type: 'failed', message: XLS_DAMAGED });
      return;
    }
  }
  const t2 = performance.now();
  post({ type: 'progress', checked: 0, fraction: 0 });
  let done = false;
  let posted = performance.now();
  while (!done) {
    done = checker.step(chunk);
    if (done || performance.now() - posted >= PROGRESS_EVERY) {
      post({ type: 'progress', checked: checker.checked(), fraction: checker.progress() });
      posted = performance.now();
    }
  }
  const t3 = performance.now();
  const report = checker.summary();
  const failing = checker.order('notpass', 'row', false);
  post({
    type: 'done',
    report,
    failing: withIndexes(failing.subarray(0, 200)),
    failingCount: failing.length,
    engine: reader.engine,
    module: reader === plans ? 'plans' : 'xls',
    wasmMemory: reader.memory?.buffer.byteLength ?? null,
    timings: { load: t1 - t0, read: t2 - t1, check: t3 - t2, report: performance.now() - t3 },
  });
}

/** The compact rows at `indexes` (file order), each with its `index` for the verdict. */
function withIndexes(indexes) {
  const rows = checker.rows(indexes);
  for (const [k, r] of rows.entries()) r.index = indexes[k];
  return rows;
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

/** The rows shown for a status filter and a sort, as indexes in order (cached). */
function view(status, sort, dir) {
  const cacheKey = `${status}|${sort}|${dir}`;
  let indexes = views.get(cacheKey);
  if (indexes) return indexes;
  if (sort === 'name') {
    names ??= checker.names();
    const sign = dir === 'descending' ? -1 : 1;
    indexes = checker.order(status, 'row', false);
    // Index order is file order, so `a - b` keeps ties in file order.
    indexes.sort((a, b) => sign * collator.compare(names[a] ?? '', names[b] ?? '') || a - b);
  } else {
    indexes = checker.order(status, sort, dir === 'descending');
  }
  views.set(cacheKey, indexes);
  return indexes;
}

function page({ status = 'all', sort = 'row', dir = 'ascending', page: n = 1, pageSize = 100 }) {
  const t0 = performance.now();
  if (!checker) return { rows: [], matched: 0, page: 1, pages: 1, start: 0, ms: 0 };
  const indexes = view(status, sort, dir);
  const pages = Math.max(1, Math.ceil(indexes.length / pageSize));
  const current = Math.min(Math.max(1, n), pages);
  const start = (current - 1) * pageSize;
  return {
    rows: withIndexes(indexes.subarray(start, start + pageSize)),
    matched: indexes.length,
    page: current,
    pages,
    start,
    ms: performance.now() - t0,
  };
}

/** The export module (workbooks), loading or loaded: only once a reviewer asks for one. */
let exporter = null;

const EXPORT_LOAD_FAILED = '导出模块未能加载，可能是网络中断或页面文件不完整。请刷新页面重试，或先导出 CSV。';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The export as a Blob (handed to the page without copying the text through it). */
async function exported(format) {
  if (!checker) return null;
  if (format === 'xlsx') {
    exporter ??= loadBuild('workrelief_export');
    let build;
    try {
      build = await exporter;
    } catch (err) {
      exporter = null;
      console.error(err);
      throw Object.assign(new Error('export module not loaded'), { userMessage: EXPORT_LOAD_FAILED });
    }
    return new Blob([build.exports.xlsxFromTable(checker.exportTable())], { type: XLSX_TYPE });
  }
  return format === 'json'
    ? new Blob([checker.json()], { type: 'application/json;charset=utf-8' })
    : new Blob([checker.csv()], { type: 'text/csv;charset=utf-8' });
}
