// The 计划审核 worker: reads and checks a plan file off the main thread. It loads the plan
// module (pkg/workrelief_plans.js, apart from the lean core the self-check uses), steps a
// PlanChecker through the rows in chunks posting progress, and then keeps the compact rows
// here: the page asks for one page of the table at a time (filtered and sorted here), for a
// row's full verdict, and for the CSV/JSON exports, so that a 100,000-row plan never has to
// cross to the main thread at once.
//
// Messages in:  { type: 'check', buffer, fileName, options, chunk }  (buffer transferred)
//               { type: 'page', id, status, sort, dir, page, pageSize }
//               { type: 'verdict', id, index }
//               { type: 'export', id, format: 'csv' | 'json' }
// Messages out: { type: 'reading' } · { type: 'progress', checked, total }
//               { type: 'done', report (without rows), failing, failingCount, wasmMemory, timings }
//               { type: 'reply', id, value } · { type: 'failed', id?, message }
import init, { PlanChecker } from './pkg/workrelief_plans.js';

let wasm = null;
let checker = null;
let rows = [];
const views = new Map();

const post = (message, transfer) => self.postMessage(message, transfer ?? []);

self.addEventListener('message', async (event) => {
  const msg = event.data;
  try {
    if (msg.type === 'check') await check(msg);
    else if (msg.type === 'page') post({ type: 'reply', id: msg.id, value: page(msg) });
    else if (msg.type === 'verdict') post({ type: 'reply', id: msg.id, value: checker?.verdict(msg.index) ?? null });
    else if (msg.type === 'export') post({ type: 'reply', id: msg.id, value: exported(msg.format) });
  } catch (err) {
    post({ type: 'failed', id: msg.id, message: String(err?.message ?? err) });
  }
});

async function check({ buffer, fileName, options, chunk = 2000 }) {
  const t0 = performance.now();
  wasm ??= await init({ module_or_path: new URL('./pkg/workrelief_plans_bg.wasm', import.meta.url) });
  const t1 = performance.now();
  post({ type: 'reading' });
  checker = new PlanChecker(new Uint8Array(buffer), fileName, options);
  buffer = null;
  const total = checker.total();
  const t2 = performance.now();
  post({ type: 'progress', checked: 0, total });
  let done = total === 0;
  while (!done) {
    done = checker.step(chunk);
    post({ type: 'progress', checked: checker.checked(), total });
  }
  const t3 = performance.now();
  const { rows: all, ...report } = checker.report();
  rows = all;
  for (const [i, r] of rows.entries()) r.index = i;
  views.clear();
  keyCache.clear();
  const failing = rows.filter((r) => r.status !== 'pass');
  post({
    type: 'done',
    report,
    failing: failing.slice(0, 200),
    failingCount: failing.length,
    wasmMemory: wasm.memory.buffer.byteLength,
    timings: { load: t1 - t0, read: t2 - t1, check: t3 - t2, report: performance.now() - t3 },
  });
}

/** Status order for sorting: the most urgent first. */
const SEVERITY = { fail: 0, invalid: 1, review: 2, pass: 3 };
const collator = new Intl.Collator('zh-CN', { numeric: true });

/** Compares two non-negative decimal strings exactly ("25000.00" vs "100.00"), no floats. */
function compareDecimal(a, b) {
  const [ai, af = ''] = a.split('.');
  const [bi, bf = ''] = b.split('.');
  const an = ai.replace(/^0+(?=\d)/, '');
  const bn = bi.replace(/^0+(?=\d)/, '');
  if (an.length !== bn.length) return an.length - bn.length;
  if (an !== bn) return an < bn ? -1 : 1;
  const len = Math.max(af.length, bf.length);
  const ap = af.padEnd(len, '0');
  const bp = bf.padEnd(len, '0');
  return ap === bp ? 0 : ap < bp ? -1 : 1;
}

const DECIMAL_COLUMNS = new Set(['ratio', 'floor', 'shortfall']);
const COMPARE = {
  name: (a, b) => collator.compare(rows[a].name ?? '', rows[b].name ?? ''),
  status: (a, b) => SEVERITY[rows[a].status] - SEVERITY[rows[b].status],
};
const keyCache = new Map();

/**
 * Sort keys of a decimal column as doubles, for speed. Rounding a decimal to the nearest double
 * never reverses an order, and decimals of at most 15 significant digits (every amount, and any
 * ratio or floor below 1e11 with its 4 decimals) round to distinct doubles; larger equal keys
 * are settled on the exact strings. A row without the figure gets Infinity and goes last either
 * way.
 */
function decimalKeys(column) {
  let keys = keyCache.get(column);
  if (!keys) {
    keys = Float64Array.from(rows, (r) => (r[column] === undefined ? Infinity : Number(r[column])));
    keyCache.set(column, keys);
  }
  return keys;
}

/** The rows shown for a status filter and a sort, as indexes into `rows` in order (cached). */
function view(status, sort, dir) {
  const cacheKey = `${status}|${sort}|${dir}`;
  let indexes = views.get(cacheKey);
  if (indexes) return indexes;
  if (status === 'all') {
    indexes = Uint32Array.from(rows, (_, i) => i);
  } else {
    const keep = status === 'notpass' ? (r) => r.status !== 'pass' : (r) => r.status === status;
    const list = [];
    for (let i = 0; i < rows.length; i++) if (keep(rows[i])) list.push(i);
    indexes = Uint32Array.from(list);
  }
  // Index order is file order, so `a - b` keeps ties in file order.
  const sign = dir === 'descending' ? -1 : 1;
  if (DECIMAL_COLUMNS.has(sort)) {
    const keys = decimalKeys(sort);
    indexes.sort((a, b) => {
      const x = keys[a];
      const y = keys[b];
      if (x === y) return (x >= 1e11 && x !== Infinity ? sign * compareDecimal(rows[a][sort], rows[b][sort]) : 0) || a - b;
      if (x === Infinity || y === Infinity) return x === Infinity ? 1 : -1;
      return x < y ? -sign : sign;
    });
  } else if (COMPARE[sort]) {
    const by = COMPARE[sort];
    indexes.sort((a, b) => sign * by(a, b) || a - b);
  } else if (sign < 0) {
    indexes.reverse();
  }
  views.set(cacheKey, indexes);
  return indexes;
}

function page({ status = 'all', sort = 'row', dir = 'ascending', page: n = 1, pageSize = 100 }) {
  const t0 = performance.now();
  const indexes = view(status, sort, dir);
  const pages = Math.max(1, Math.ceil(indexes.length / pageSize));
  const current = Math.min(Math.max(1, n), pages);
  const start = (current - 1) * pageSize;
  return {
    rows: Array.from(indexes.subarray(start, start + pageSize), (i) => rows[i]),
    matched: indexes.length,
    page: current,
    pages,
    start,
    ms: performance.now() - t0,
  };
}

/** The export as a Blob (handed to the page without copying the text through it). */
function exported(format) {
  if (!checker) return null;
  return format === 'json'
    ? new Blob([checker.json()], { type: 'application/json;charset=utf-8' })
    : new Blob([checker.csv()], { type: 'text/csv;charset=utf-8' });
}
