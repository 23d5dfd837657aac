// The 车间核查 worker: reads and checks a roster file off the main thread with the plans
// module's checkRosterFile (pkg/workrelief_plans.js), then keeps the employee rows here: the
// page asks for one page of the table at a time and for the CSV export, so that a large roster
// never crosses to the main thread at once. An Excel 97-2003 roster, which the plans module
// answers with `import.xls`, is read by the .xls module (pkg/workrelief_xls.js, fetched only then). The module returns ID numbers masked; nothing here
// ever sees them otherwise except as the file's bytes, which are dropped after the check.
//
// Messages in:  { type: 'check', buffer, fileName, meta: { province, recognized? }, options: { asOf? }, rules }
//                 (rules: the page's rule book text, null for the compiled-in one)
//               { type: 'page', id, filter, page, pageSize }
//               { type: 'export', id }
// Messages out: { type: 'phase', phase: 'loading' | 'checking' | 'summarising', bytes? }
//               { type: 'done', file, workshop (without employees), count, timings, wasmMemory }
//               { type: 'reply', id, value } · { type: 'failed', id?, message }
import { failureMessage, ready, useBook, XLS_CODE, XLS_DAMAGED, xlsReady } from './plans-module.js';
import { employeeRows, pageOf, rosterCsv } from './workshop-data.js';

/** The plan module once loaded: { engine, exports, memory } (plans-module.js). */
let plans = null;
let rows = [];
const views = new Map();

const post = (message) => self.postMessage(message);

self.addEventListener('message', async (event) => {
  const msg = event.data;
  try {
    if (msg.type === 'check') await check(msg);
    else if (msg.type === 'page') post({ type: 'reply', id: msg.id, value: pageOf(rows, msg, views) });
    else if (msg.type === 'export') {
      post({ type: 'reply', id: msg.id, value: new Blob([rosterCsv(rows)], { type: 'text/csv;charset=utf-8' }) });
    }
  } catch (err) {
    post({ type: 'failed', id: msg.id, message: failureMessage(err, false) });
  }
});

async function check({ buffer, fileName, meta, options, rules = null }) {
  const t0 = performance.now();
  post({ type: 'phase', phase: 'loading' });
  if (!plans) {
    try {
      plans = await ready;
    } catch (err) {
      post({ type: 'failed', message: failureMessage(err, true) });
      return;
    }
  }
  const t1 = performance.now();
  post({ type: 'phase', phase: 'checking', bytes: buffer.byteLength });
  const bytes = new Uint8Array(buffer);
  buffer = null;
  let reader = plans;
  useBook(plans, rules);
  let report = plans.exports.checkRosterFile(bytes, fileName, meta, options);
  if (report.errors?.some((e) => e.code === XLS_CODE)) {
    try {
      reader = await xlsReady();
      useBook(reader, rules);
    } catch (err) {
      post({ type: 'failed', message: failureMessage(err, true) });
      return;
    }
    try {
      report = reader.exports.checkRosterFile(bytes, fileName, meta, options);
    } catch (err) {
      console.error(err);
      post({ type: 'failed', message: XLS_DAMAGED });
      return;
    }
  }
  const t2 = performance.now();
  post({ type: 'phase', phase: 'summarising' });
  const { workshop, ...file } = report;
  rows = workshop ? employeeRows(workshop) : [];
  views.clear();
  let summary = null;
  if (workshop) {
    const { employees, ...rest } = workshop;
    summary = rest;
  }
  post({
    type: 'done',
    file,
    workshop: summary,
    count: rows.length,
    engine: reader.engine,
    wasmMemory: reader.memory?.buffer.byteLength ?? null,
    timings: { load: t1 - t0, check: t2 - t1, summarise: performance.now() - t2 },
  });
}
