// One measurement in a fresh Node process (started by run.mjs with child_process.fork), so that
// runs do not share a heap, a Wasm memory or JIT state. The task is argv[2] (JSON); the result
// goes back with process.send. The parent samples this process's RSS from /proc every 20 ms
// (a synchronous Wasm call blocks this process's own timers); this process adds the kernel's
// high-water mark (process.resourceUsage().maxRSS) and the Wasm memory size before the file and
// at the end (Wasm memory never shrinks: its size at the end is the most the run took).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const task = JSON.parse(process.argv[2]);
const PKG = new URL('../../pkg/', import.meta.url);
/** Rows a step, as the review worker steps (www/review-worker.js, `chunk`). */
const CHUNK = 5_000;

function finish(result) {
  result.maxRss = process.resourceUsage().maxRSS * 1024;
  result.rssEnd = process.memoryUsage().rss;
  process.send(result, () => process.exit(0));
}

if (task.type === 'first-verdict') {
  // Time from instantiation (synchronous WebAssembly.Module compile + instantiate in initSync)
  // to the first verdict, for the core module the self-check page loads.
  const tImport = performance.now();
  const mod = await import(new URL('workrelief.js', PKG));
  const bytes = readFileSync(new URL('workrelief_bg.wasm', PKG));
  const t0 = performance.now();
  mod.initSync({ module: bytes });
  const t1 = performance.now();
  const verdict = mod.checkProposal({
    kind: 'central_budget', province: '甘肃省', funds: { central: '100万' }, labourRemuneration: '30万', date: '2025-06-30',
  });
  const t2 = performance.now();
  finish({ status: verdict.status, importMs: t0 - tImport, instantiateMs: t1 - t0, verdictMs: t2 - t1, totalMs: t2 - t0 });
} else if (task.type === 'plans') {
  const mod = await import(new URL('workrelief_plans.js', PKG));
  const wasm = mod.initSync({ module: readFileSync(new URL('workrelief_plans_bg.wasm', PKG)) });
  // As the review worker starts: the module and its rule book are ready before the file is
  // (www/review-worker.js), so reading the book is not part of the timed check.
  if (typeof mod.rulesVersion === 'function') mod.rulesVersion();
  // The module, its stack and the rule book: what the worker holds before a file.
  const wasmMemoryStart = wasm.memory.buffer.byteLength;
  const bytes = new Uint8Array(readFileSync(task.file));
  const options = { asOf: '2025-06-30' };
  const rssBefore = process.memoryUsage().rss;
  process.send({ ready: true, rssBefore });
  const result = { mode: task.mode, bytes: bytes.length, rssBefore, wasmMemoryStart };
  if (task.mode === 'checkPlans') {
    const t0 = performance.now();
    const report = mod.checkPlans(bytes, task.name, options);
    result.ms = performance.now() - t0;
    result.rows = report.rows.length;
    result.summary = report.summary;
    result.errors = report.errors.map((e) => e.code);
    result.withVerdicts = report.rows.filter((r) => r.verdict).length;
  } else if (task.mode === 'checker') {
    // What the review worker does: read and check every row, then the counts and the first
    // page of the table (rows stay in the module; a page crosses to JavaScript on demand).
    const t0 = performance.now();
    const checker = new mod.PlanChecker(bytes, task.name, options);
    const t1 = performance.now();
    let steps = 0;
    while (!checker.step(CHUNK)) steps++;
    steps++;
    const t2 = performance.now();
    const report = checker.summary();
    const statuses = checker.statuses();
    const firstPage = checker.rows(checker.order('all', 'row', false).subarray(0, 100));
    const t3 = performance.now();
    result.ms = t3 - t0;
    result.parseMs = t1 - t0;
    result.stepMs = t2 - t1;
    result.reportMs = t3 - t2;
    result.steps = steps;
    result.rows = statuses.length;
    result.firstPage = firstPage.length;
    result.summary = report.summary;
    result.errors = report.errors.map((e) => e.code);
    result.wasmMemoryBeforeFree = wasm.memory.buffer.byteLength;
    checker.free();
  } else if (task.mode === 'parse' && typeof mod.parseCsvOnly !== 'function') {
    result.error = 'pkg/workrelief_plans.js has no parseCsvOnly: rebuild with scripts/build';
  } else if (task.mode === 'parse') {
    const times = [];
    let records = 0;
    for (let i = 0; i < task.repeat; i++) {
      const t0 = performance.now();
      records = mod.parseCsvOnly(bytes);
      times.push(performance.now() - t0);
    }
    result.records = records;
    result.rows = records - 1; // the header line is a record
    result.ms = times[0];
    result.times = times;
  }
  result.wasmMemory = wasm.memory.buffer.byteLength;
  finish(result);
}
