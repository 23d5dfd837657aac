#!/usr/bin/env node
// workrelief benchmark: figures and ratios measured side by side in one run, in Node (and the
// page's first verdict in Chromium). Prints tables, a budgets table (PASS/MISS, never a
// failing exit code) and writes everything to bench/.cache/last.json. See bench/README.md.
//
//   bench/run [--quick] [--rows N] [--timeout SECONDS] [--no-chromium] [--no-xlsx] [--no-crossing]
import { fork, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { generatedCases, grouped, handCases, materialise, searchFloatCases, FUND_KEYS } from './lib/proposals.mjs';
import { jsonRulesEngine, zen } from './lib/peers.mjs';
import { makePlan, toGbk } from './lib/plan.mjs';
import { commasLine, commasLines, ratio181, zipBomb } from './lib/adversarial.mjs';

// ---------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const value = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : fallback;
};
if (flag('--help') || flag('-h')) {
  console.log('usage: bench/run [--quick] [--rows N] [--timeout SECONDS] [--no-chromium] [--no-xlsx] [--no-crossing]');
  process.exit(0);
}
const QUICK = flag('--quick');
const ROWS = value('--rows', QUICK ? 10_000 : 100_000);
const TIMEOUT_S = value('--timeout', QUICK ? 60 : 120);
const TIME_MS = QUICK ? 300 : 1000; // each timed round of per-proposal calls
const WARM_MS = QUICK ? 100 : 300;
const ROUNDS = QUICK ? 1 : 3;
const NODE_RUNS = QUICK ? 3 : 7;
const CHROMIUM_RUNS = QUICK ? 3 : 7;
const AS_OF = { asOf: '2025-06-30' };

const ROOT = new URL('../', import.meta.url);
const PKG = new URL('pkg/', ROOT);
const CACHE = new URL('.cache/', import.meta.url);
mkdirSync(CACHE, { recursive: true });
const path = (url) => fileURLToPath(url);

const loads = [];
const noteLoad = (when) => loads.push({ when, loadavg: loadavg().map((x) => Number(x.toFixed(2))) });
const progress = (msg) => process.stderr.write(`· ${msg}\n`);

// ---------------------------------------------------------------------------------------------
// Formatting

const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const fmtRate = (n) => (n >= 100 ? fmtInt(n) : n.toFixed(1));
const fmtMs = (n) => (n >= 100 ? `${n.toFixed(0)} ms` : `${n.toFixed(1)} ms`);
const fmtMB = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const fmtKB = (b) => `${(b / 1024).toFixed(1)} KB`;
const fmtX = (x) => `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function table(headers, rows, align = []) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c ?? '')));
  const width = (s) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) && !/[\u2000-\u206f\u2190-\u21ff×≥≤→]/.test(ch) ? 2 : 1), 0);
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  const pad = (s, i) => {
    const gap = ' '.repeat(widths[i] - width(s));
    return align[i] === 'r' ? gap + s : s + gap;
  };
  const line = (r) => `  ${r.map(pad).join('  ').trimEnd()}`;
  return [line(cells[0]), `  ${widths.map((w) => '─'.repeat(w)).join('  ')}`, ...cells.slice(1).map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// The machine

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? '?';
  const nproc = spawnSync('nproc', { encoding: 'utf8' }).stdout?.trim() || String(cpus().length);
  return { nproc: Number(nproc), cpu: model, memory: totalmem(), node: process.version, platform: `${process.platform} ${process.arch}` };
}

// ---------------------------------------------------------------------------------------------
// Module sizes

function sizes() {
  const file = (name) => {
    const bytes = readFileSync(new URL(name, PKG));
    return { file: `pkg/${name}`, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };
  const core = file('workrelief_bg.wasm');
  const plans = file('workrelief_plans_bg.wasm');
  const glue = [file('workrelief.js'), file('workrelief_plans.js')];
  // The JavaScript builds (wasm2js): fetched only where WebAssembly cannot run.
  const js = [file('js/workrelief.js'), file('js/workrelief_plans.js'), file('js/workrelief_xls.js')];
  // The .xls module: fetched by a worker only when an .xls file arrives.
  const xls = file('workrelief_xls_bg.wasm');
  return { core, plans, together: { raw: core.raw + plans.raw, gzip: core.gzip + plans.gzip }, glue, js, xls };
}

// ---------------------------------------------------------------------------------------------
// checkProposal against json-rules-engine and ZEN

async function loadCore() {
  const mod = await import(new URL('workrelief.js', PKG));
  mod.initSync({ module: readFileSync(new URL('workrelief_bg.wasm', PKG)) });
  return mod;
}

/** The JavaScript build of the core (pkg/js/, wasm2js): the page's fallback without WebAssembly. */
async function loadCoreJs() {
  return import(new URL('js/workrelief.js', PKG));
}

function ourVerdict(core, c) {
  const v = core.checkProposal(c.proposal, AS_OF);
  const f = v.findings.find((x) => x.rule === `work_relief.${c.kind}`);
  if (!f || (f.status !== 'pass' && f.status !== 'fail')) return { verdict: null, status: v.status, errors: v.errors };
  return { verdict: f.status, status: v.status, errors: v.errors };
}

function timeSync(fn, items, ms) {
  let n = 0;
  let i = 0;
  const t0 = performance.now();
  let t = t0;
  do {
    for (let k = 0; k < 64; k++) {
      fn(items[i]);
      i = (i + 1) % items.length;
    }
    n += 64;
    t = performance.now();
  } while (t - t0 < ms);
  return n / ((t - t0) / 1000);
}

async function timeAsync(fn, items, ms) {
  let n = 0;
  let i = 0;
  const t0 = performance.now();
  let t = t0;
  do {
    for (let k = 0; k < 64; k++) {
      await fn(items[i]);
      i = (i + 1) % items.length;
    }
    n += 64;
    t = performance.now();
  } while (t - t0 < ms);
  return n / ((t - t0) / 1000);
}

function describeInputs(c) {
  const parts = FUND_KEYS.filter((k) => c.fen[k]).map((k) => `${k} ${grouped(c.fen[k], c.unit)}`);
  if (!parts.length) parts.push('all funds 0');
  parts.push(`labour ${grouped(c.fen.labour, c.unit)}`);
  return `${c.kind}${c.kind === 'provincial_linkage' ? ' (甘肃)' : ''}, ${parts.join(', ')}`;
}

async function proposals() {
  progress('checkProposal vs json-rules-engine vs ZEN');
  noteLoad('proposals');
  const core = await loadCore();
  const coreJs = await loadCoreJs();
  const search = searchFloatCases();
  const boundary = [...handCases(), ...search.cases].map(materialise);
  const generated = generatedCases(1000).map(materialise);
  const all = [...generated, ...boundary];

  // Our verdicts, checked against the exact BigInt verdicts computed here.
  const ours = new Map();
  const ourMismatches = [];
  for (const c of all) {
    const o = ourVerdict(core, c);
    ours.set(c, o.verdict);
    if (o.verdict !== c.exact) ourMismatches.push({ name: c.name, inputs: describeInputs(c), exact: c.exact, ours: o.verdict, status: o.status, errors: o.errors });
  }

  // The JavaScript build gives the very same verdicts, every field of them.
  const jsMismatches = all.filter((c) => JSON.stringify(coreJs.checkProposal(c.proposal, AS_OF)) !== JSON.stringify(core.checkProposal(c.proposal, AS_OF)))
    .map((c) => c.name);

  const peers = [
    { ...jsonRulesEngine('product'), timed: true },
    { ...zen('product'), timed: true },
    { ...jsonRulesEngine('ratio'), timed: false },
    { ...zen('ratio'), timed: false },
  ];
  const correctness = [];
  for (const peer of peers) {
    const wrong = [];
    const wrongGenerated = [];
    for (const c of all) {
      const theirs = await peer.verdict(c.facts);
      const mine = ours.get(c);
      if (theirs === mine) continue;
      const w = { name: c.name, inputs: describeInputs(c), ours: mine, theirs, exact: c.exact };
      if (boundary.includes(c)) wrong.push(w);
      else wrongGenerated.push(w);
    }
    correctness.push({ peer: peer.name, timed: peer.timed, boundaryCases: boundary.length, wrong, wrongGenerated, generated: generated.length });
  }

  // Throughput: one call at a time over the same proposals (the mix and the boundary cases),
  // warmed up, then interleaved rounds of ≥ TIME_MS each; the median round is reported.
  const callOurs = (c) => core.checkProposal(c.proposal, AS_OF);
  const timedPeers = peers.filter((p) => p.timed);
  const calls = [{ name: 'workrelief checkProposal (pkg/workrelief.js, web build, initSync)', run: (ms) => timeSync(callOurs, all, ms) },
    ...timedPeers.map((p) => ({ name: p.name, run: (ms) => timeAsync((c) => p.verdict(c.facts), all, ms) })),
    { name: 'workrelief checkProposal (pkg/js/workrelief.js, JavaScript build: the fallback)', run: (ms) => timeSync((c) => coreJs.checkProposal(c.proposal, AS_OF), all, ms) }];
  for (const call of calls) await call.run(WARM_MS);
  const rounds = calls.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, call] of calls.entries()) rounds[i].push(await call.run(TIME_MS));
  }
  for (const p of peers) p.close();
  const rates = calls.map((call, i) => ({ name: call.name, perSecond: median(rounds[i]), rounds: rounds[i] }));
  return {
    proposals: all.length,
    generated: generated.length,
    boundary: boundary.length,
    search: { tried: search.tried, disagreements: search.disagreements, direction: search.direction, kept: search.cases.length },
    rates,
    ourMismatches,
    jsMismatches,
    correctness,
  };
}

// ---------------------------------------------------------------------------------------------
// The verdict's crossing: checkProposal's own (src/js/: tokens in, compact wire out) against
// serde_json in Rust and JSON.parse in JavaScript (one copy of the shape: serde's), in a scratch
// build of the core module with the bench-only feature `bench-crossing` (bench/.cache/crossing/,
// built by bench/run; no shipped module has these exports)

const CROSSING = new URL('crossing/', CACHE);

async function crossing() {
  if (flag('--no-crossing')) return { note: 'not measured (--no-crossing)' };
  if (!existsSync(new URL('workrelief_bg.wasm', CROSSING))) return { note: 'not measured (bench/.cache/crossing/ not built: bench/run builds it unless --no-crossing)' };
  progress('the verdict\'s crossing: own wire vs serde_json + JSON.parse');
  noteLoad('crossing');
  const core = await import(new URL('workrelief.js', CROSSING));
  core.initSync({ module: readFileSync(new URL('workrelief_bg.wasm', CROSSING)) });
  const all = [...generatedCases(1000), ...handCases(), ...searchFloatCases().cases].map(materialise);
  const asOfText = JSON.stringify(AS_OF);
  const calls = [
    { key: 'own', name: 'checkProposal: tokens in, own wire out (shipped)', run: (c) => core.checkProposal(c.proposal, AS_OF) },
    { key: 'json', name: 'tokens in, serde_json::to_string out + JSON.parse', run: (c) => JSON.parse(core.checkProposalJson(c.proposal, AS_OF)) },
    { key: 'jsonBoth', name: 'JSON.stringify + serde_json::from_str in, serde_json + JSON.parse out', run: (c) => JSON.parse(core.checkProposalJsonText(JSON.stringify(c.proposal), asOfText)) },
    { key: 'unmasked', name: 'as serde_json + JSON.parse, ID numbers not masked', run: (c) => JSON.parse(core.checkProposalJsonUnmasked(c.proposal, AS_OF)) },
    { key: 'none', name: 'tokens in, nothing out (reading and judging alone)', run: (c) => core.checkProposalNothing(c.proposal, AS_OF) },
  ];
  // Every form gives the same object, key order included.
  let differ = 0;
  let jsonBytes = 0;
  for (const c of all) {
    const own = JSON.stringify(calls[0].run(c));
    if (calls.slice(1, 3).some((call) => JSON.stringify(call.run(c)) !== own)) differ++;
    jsonBytes += core.checkProposalJson(c.proposal, AS_OF).length;
  }
  for (const call of calls) timeSync(call.run, all, WARM_MS);
  const rounds = calls.map(() => []);
  for (let r = 0; r < ROUNDS + 2; r++) {
    for (const [i, call] of calls.entries()) rounds[i].push(timeSync(call.run, all, TIME_MS));
  }
  const rates = Object.fromEntries(calls.map((call, i) => [call.key, { name: call.name, perSecond: median(rounds[i]), rounds: rounds[i] }]));
  return { proposals: all.length, differ, jsonChars: jsonBytes / all.length, rates };
}

// ---------------------------------------------------------------------------------------------
// Child processes: a fresh Node per measurement, RSS sampled from /proc every 20 ms

function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

function runChild(task, timeoutMs) {
  return new Promise((resolve) => {
    const child = fork(path(new URL('lib/child.mjs', import.meta.url)), [JSON.stringify(task)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let peak = 0;
    let result = null;
    let timedOut = false;
    let ready = null;
    const sample = () => {
      peak = Math.max(peak, rssOf(child.pid));
    };
    const sampler = setInterval(sample, 20);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (m) => {
      if (m.ready) ready = { at: performance.now(), ...m };
      else {
        sample();
        result = m;
      }
    });
    child.on('exit', (code, signal) => {
      clearInterval(sampler);
      clearTimeout(timer);
      const elapsed = ready ? performance.now() - ready.at : null;
      resolve({ result, timedOut, code, signal, sampledPeak: peak, elapsedSinceReady: elapsed, rssBefore: ready?.rssBefore });
    });
  });
}

function firstVerdictNode() {
  progress(`first verdict in Node: ${NODE_RUNS} fresh processes`);
  noteLoad('node first verdict');
  return (async () => {
    const runs = [];
    for (let i = 0; i < NODE_RUNS; i++) {
      const r = await runChild({ type: 'first-verdict' }, 60_000);
      if (r.result) runs.push(r.result);
    }
    const total = runs.map((r) => r.totalMs);
    return {
      runs,
      median: median(total),
      max: Math.max(...total),
      instantiateMedian: median(runs.map((r) => r.instantiateMs)),
      verdictMedian: median(runs.map((r) => r.verdictMs)),
      statuses: [...new Set(runs.map((r) => r.status))],
    };
  })();
}

// ---------------------------------------------------------------------------------------------
// Plans: files

function sha1(bytes) {
  return createHash('sha1').update(bytes).digest('hex');
}

function writeIfChanged(url, bytes) {
  if (existsSync(url) && sha1(readFileSync(url)) === sha1(bytes)) return;
  writeFileSync(url, bytes);
}

function ensureOpenpyxl() {
  const probe = () => spawnSync('python3', ['-c', 'import openpyxl'], { encoding: 'utf8' });
  let p = probe();
  if (p.error) return 'python3 not found';
  if (p.status === 0) return null;
  progress('openpyxl missing: pip install openpyxl --break-system-packages');
  spawnSync('python3', ['-m', 'pip', 'install', '--quiet', 'openpyxl', '--break-system-packages'], { stdio: 'inherit' });
  p = probe();
  return p.status === 0 ? null : 'openpyxl not installed and pip could not install it';
}

function planFiles() {
  const { text, expected } = makePlan(ROWS);
  const utf8 = Buffer.from(text, 'utf8');
  const files = {
    'CSV UTF-8': { url: new URL(`plan-${ROWS}.csv`, CACHE), name: 'plan.csv', bytes: utf8.length, parse: true },
    'CSV GBK': { url: new URL(`plan-${ROWS}-gbk.csv`, CACHE), name: 'plan-gbk.csv', parse: true },
  };
  writeIfChanged(files['CSV UTF-8'].url, utf8);
  const gbk = toGbk(text);
  writeIfChanged(files['CSV GBK'].url, gbk);
  files['CSV GBK'].bytes = gbk.length;
  let xlsxNote = null;
  if (flag('--no-xlsx')) xlsxNote = 'skipped (--no-xlsx)';
  else xlsxNote = ensureOpenpyxl();
  if (!xlsxNote) {
    const xlsx = new URL(`plan-${ROWS}.xlsx`, CACHE);
    const stamp = new URL(`plan-${ROWS}.xlsx.sha1`, CACHE);
    const want = sha1(utf8);
    if (!existsSync(xlsx) || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== want) {
      progress(`writing ${ROWS.toLocaleString('en-US')}-row XLSX with openpyxl (write_only)`);
      const r = spawnSync('python3', [path(new URL('lib/xlsx.py', import.meta.url)), path(files['CSV UTF-8'].url), path(xlsx)], { stdio: 'inherit' });
      if (r.status === 0) writeFileSync(stamp, want);
      else xlsxNote = `openpyxl failed (exit ${r.status})`;
    }
    if (!xlsxNote) files.XLSX = { url: xlsx, name: 'plan.xlsx', bytes: readFileSync(xlsx).length, parse: false };
  }
  return { files, expected, xlsxNote };
}

async function plans() {
  const { files, expected, xlsxNote } = planFiles();
  noteLoad('plans');
  const out = { rows: ROWS, expected, xlsxNote, timeoutS: TIMEOUT_S, formats: {} };
  for (const [format, f] of Object.entries(files)) {
    const entry = { file: path(f.url).replace(path(ROOT), ''), bytes: f.bytes };
    for (const mode of ['checker', 'checkPlans', ...(f.parse ? ['parse'] : [])]) {
      progress(`${format}: ${mode} (fresh process)`);
      const r = await runChild({ type: 'plans', mode, file: path(f.url), name: f.name, repeat: QUICK ? 3 : 5 }, TIMEOUT_S * 1000 + 30_000);
      const res = r.result;
      const peak = Math.max(r.sampledPeak, res?.maxRss ?? 0);
      const m = { timedOut: r.timedOut || !res, sampledPeakRss: r.sampledPeak, maxRss: res?.maxRss ?? null, peakRss: peak, rssBefore: r.rssBefore };
      if (res?.error) {
        progress(`  not measured: ${res.error}`);
        continue;
      }
      if (res) {
        Object.assign(m, res);
        m.rowsPerSecond = res.rows / (res.ms / 1000);
        if (mode === 'parse') m.medianMs = median(res.times.slice(1).length ? res.times.slice(1) : res.times);
        if (mode !== 'parse' && res.ms > TIMEOUT_S * 1000) m.overTimeout = true;
        m.summaryOk = mode === 'parse' ? res.rows === ROWS : JSON.stringify(res.summary) === JSON.stringify(expected);
      } else {
        m.elapsedBeforeKill = r.elapsedSinceReady;
      }
      entry[mode] = m;
    }
    out.formats[format] = entry;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Memory: the heap a file takes against its budget

const MIB = 1024 * 1024;
/** The heap a file may take, its own bytes included (import::heap_budget): 64 MiB + k × its size. */
const PER_BYTE = { csv: 4, json: 16, xlsx: 24 };
const heapBound = (kind, bytes) => 64 * MIB + PER_BYTE[kind] * bytes;

/** The largest ratio of unpacked to packed size among a zip's entries (its central directory). */
function zipRatio(bytes) {
  let best = 0;
  for (let at = bytes.indexOf('PK\x01\x02'); at >= 0; at = bytes.indexOf('PK\x01\x02', at + 4)) {
    const packed = bytes.readUInt32LE(at + 20);
    if (packed) best = Math.max(best, bytes.readUInt32LE(at + 24) / packed);
  }
  return best;
}

/** The hostile files (lib/adversarial.mjs), written to bench/.cache/ when missing. */
function adversarialFiles() {
  const files = [
    { label: '50 MB of commas, one line', file: 'hostile-commas-line.csv', name: 'commas.csv', kind: 'csv', expect: 'import.not_a_plan', make: commasLine },
    { label: '50 MB of commas, 10,485 lines', file: 'hostile-commas-lines.csv', name: 'commas-lines.csv', kind: 'csv', expect: 'import.not_a_plan', make: commasLines },
    { label: 'XLSX, 176 MB of XML', file: 'hostile-ratio181.xlsx', name: 'ratio181.xlsx', kind: 'xlsx', expect: 'import.over_budget', make: () => ratio181().bytes },
    { label: 'zip bomb, 1 GiB of zeros', file: 'hostile-zip-bomb.xlsx', name: 'bomb.xlsx', kind: 'xlsx', expect: 'import.zip_bomb', make: () => zipBomb().bytes },
  ];
  for (const f of files) {
    f.url = new URL(f.file, CACHE);
    if (!existsSync(f.url)) {
      progress(`writing bench/.cache/${f.file}`);
      writeFileSync(f.url, f.make());
    }
    f.bytes = statSync(f.url).size;
    if (f.kind === 'xlsx') f.ratio = zipRatio(readFileSync(f.url));
  }
  return files;
}

/** Each hostile file through PlanChecker in a fresh process, as the review worker reads a file. */
async function adversarial() {
  noteLoad('hostile files');
  const out = [];
  for (const f of adversarialFiles()) {
    progress(`${f.label}: checker (fresh process)`);
    const r = await runChild({ type: 'plans', mode: 'checker', file: path(f.url), name: f.name }, TIMEOUT_S * 1000 + 30_000);
    const res = r.result;
    const m = {
      label: f.ratio ? `${f.label} (${f.ratio.toFixed(0)}:1)` : f.label, file: `bench/.cache/${f.file}`, kind: f.kind, bytes: f.bytes, expect: f.expect,
      timedOut: r.timedOut || !res, peakRss: Math.max(r.sampledPeak, res?.maxRss ?? 0), bound: heapBound(f.kind, f.bytes),
    };
    if (res) {
      Object.assign(m, { ms: res.ms, rows: res.rows, errors: res.errors, wasmMemory: res.wasmMemory, wasmMemoryStart: res.wasmMemoryStart });
      m.asExpected = res.errors.includes(f.expect);
    }
    out.push(m);
  }
  return out;
}

/**
 * The batch check of the UTF-8 CSV through the Wasm build and through the JavaScript build, in
 * this process (each warmed up once on the same file, then timed alternately), with its summary.
 */
async function plansJs(file) {
  progress('CSV UTF-8: PlanChecker, Wasm build and JavaScript build (this process)');
  const wasm = await import(new URL('workrelief_plans.js', PKG));
  wasm.initSync({ module: readFileSync(new URL('workrelief_plans_bg.wasm', PKG)) });
  const js = await import(new URL('js/workrelief_plans.js', PKG));
  const bytes = new Uint8Array(readFileSync(file.url));
  const run = (mod) => {
    const t0 = performance.now();
    const checker = new mod.PlanChecker(bytes, file.name, AS_OF);
    while (!checker.step(5000));
    const { summary } = checker.summary();
    checker.free();
    return { ms: performance.now() - t0, summary };
  };
  const builds = { wasm, js };
  const times = { wasm: [], js: [] };
  const summaries = {};
  for (const mod of Object.values(builds)) run(mod);
  for (let r = 0; r < (QUICK ? 1 : 3); r++) {
    for (const [name, mod] of Object.entries(builds)) {
      const { ms, summary } = run(mod);
      times[name].push(ms);
      summaries[name] = summary;
    }
  }
  const out = {};
  for (const name of Object.keys(builds)) {
    const ms = median(times[name]);
    out[name] = { ms, rowsPerSecond: ROWS / (ms / 1000), summary: summaries[name] };
  }
  out.sameSummary = JSON.stringify(summaries.wasm) === JSON.stringify(summaries.js);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Chromium: the page's first verdict

/**
 * Debian's Chromium through playwright-core, and the page's server: `{ browser, startServer }`,
 * or `{ note }` saying why it cannot be measured here.
 */
async function launchChromium() {
  let chromium;
  let startServer;
  try {
    ({ chromium } = await import('playwright-core'));
    ({ startServer } = await import(new URL('scripts/serve.mjs', ROOT)));
  } catch (e) {
    return { note: `not measured: ${e.message}` };
  }
  if (!existsSync('/usr/bin/chromium')) return { note: 'not measured: /usr/bin/chromium not found' };
  const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
  return { browser: await chromium.launch({ executablePath: '/usr/bin/chromium', args }), startServer };
}

async function chromiumFirstVerdict() {
  if (flag('--no-chromium')) return { note: 'skipped (--no-chromium)' };
  progress(`first verdict in Chromium: ${CHROMIUM_RUNS} page loads`);
  noteLoad('chromium');
  const launched = await launchChromium();
  if (launched.note) return launched;
  const { browser, startServer } = launched;
  const { server, url } = await startServer({ port: 0, base: '/portal/workrelief/', quiet: true });
  const query = new URLSearchParams({ kind: 'central_budget', central: '100', labour: '30', date: '2025-06-30' });
  const runs = [];
  const problems = [];
  try {
    for (let i = 0; i < CHROMIUM_RUNS; i++) {
      const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1200, height: 900 } });
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(`${url}#check?${query}`);
      await page.waitForFunction(() => performance.getEntriesByName('workrelief-first-verdict').length > 0, null, { timeout: 30_000 });
      const m = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        return {
          firstVerdict: performance.getEntriesByName('workrelief-first-verdict')[0].startTime,
          domContentLoaded: nav?.domContentLoadedEventEnd ?? null,
          wasm: performance.getEntriesByType('resource').find((e) => e.name.endsWith('workrelief_bg.wasm'))?.responseEnd ?? null,
        };
      });
      runs.push(m);
      await context.close();
    }
  } finally {
    const version = browser.version();
    await browser.close();
    server.close();
    runs.version = version;
  }
  const fv = runs.map((r) => r.firstVerdict);
  return { version: runs.version, runs: [...runs], median: median(fv), max: Math.max(...fv), problems };
}

// ---------------------------------------------------------------------------------------------
// Chromium: a shared link's first verdict on a throttled phone

/** The phone profile: a 375 × 812 touch screen, 4× slower CPU, 1.6 Mbps down, 750 kbps up, 150 ms. */
const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
const THROTTLE = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750 };
const CPU_RATE = 4;
/** A link as the page writes it when someone shares a check (app.js: #check?<the form's state>). */
const SHARED_LINK = `#check?${new URLSearchParams({ kind: 'central_budget', central: '1600000', labour: '480000' })}`;
/** How the server sends the files: as a portal with compression, gzip only, and not at all. */
const SERVINGS = [
  { name: 'br', label: 'compressed (br)', compress: true, runs: 3 },
  { name: 'gzip', label: 'gzip only', compress: ['gzip'], runs: QUICK ? 1 : 3 },
  { name: 'none', label: 'uncompressed', compress: false, runs: QUICK ? 1 : 3 },
];

async function chromiumThrottled() {
  if (flag('--no-chromium')) return { note: 'skipped (--no-chromium)' };
  progress(`first verdict of a shared link on a throttled phone: ${SERVINGS.map((s) => `${s.runs} × ${s.name}`).join(', ')}`);
  noteLoad('chromium throttled');
  const launched = await launchChromium();
  if (launched.note) return launched;
  const { browser, startServer } = launched;
  const out = { link: SHARED_LINK, servings: {}, problems: [] };
  try {
    for (const serving of SERVINGS) {
      const { server, url } = await startServer({ port: 0, base: '/portal/workrelief/', quiet: true, compress: serving.compress });
      const runs = [];
      try {
        for (let i = 0; i < serving.runs; i++) {
          // A fresh context each run: nothing cached, no connection kept.
          const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...PHONE });
          const page = await context.newPage();
          page.on('pageerror', (e) => out.problems.push(e.message));
          // The verdict is on the screen once the frame after the element's mark is painted: a
          // task queued from that frame's requestAnimationFrame runs after it.
          await page.addInitScript(() => {
            new PerformanceObserver((list) => {
              if (list.getEntries().some((e) => e.name === 'workrelief-first-verdict')) {
                requestAnimationFrame(() => setTimeout(() => { window.__verdictPainted = performance.now(); }));
              }
            }).observe({ type: 'mark' });
          });
          const cdp = await context.newCDPSession(page);
          await cdp.send('Network.enable');
          await cdp.send('Network.emulateNetworkConditions', THROTTLE);
          await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
          const wire = new Map();
          cdp.on('Network.responseReceived', (e) => wire.set(e.requestId, { url: e.response.url, encoding: e.response.headers['Content-Encoding'] ?? e.response.headers['content-encoding'] ?? '' }));
          cdp.on('Network.loadingFinished', (e) => { if (wire.has(e.requestId)) wire.get(e.requestId).bytes = e.encodedDataLength; });
          await page.goto(url + SHARED_LINK, { waitUntil: 'commit' });
          await page.waitForFunction(() => window.__verdictPainted !== undefined, null, { timeout: 60_000, polling: 50 });
          const onWire = () => [...wire.values()].filter((f) => f.bytes !== undefined && /^https?:/.test(f.url));
          const byVerdict = onWire();
          const m = await page.evaluate(() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const res = performance.getEntriesByType('resource');
            const verdict = document.querySelector('workrelief-check')?.shadowRoot?.querySelector('.verdict[data-status]');
            return {
              painted: window.__verdictPainted,
              mark: performance.getEntriesByName('workrelief-first-verdict')[0].startTime,
              status: verdict?.dataset.status ?? null,
              domContentLoaded: nav?.domContentLoadedEventEnd ?? null,
              requests: res.filter((e) => e.startTime <= window.__verdictPainted).length + 1,
              timeline: [nav, ...res].map((e) => ({
                name: e.name.replace(/^.*\/portal\/workrelief\//, ''), start: e.startTime, end: e.responseEnd, bytes: e.transferSize,
              })),
            };
          });
          // The rest of the first load (the other views' modules, fetched once the verdict is
          // shown), unthrottled: its bytes, not its time, are what is counted.
          await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
          await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
          await page.waitForLoadState('networkidle');
          const whole = onWire();
          await context.close();
          m.files = whole;
          m.bytes = byVerdict.reduce((a, f) => a + f.bytes, 0);
          m.bytesLoad = whole.reduce((a, f) => a + f.bytes, 0);
          m.requestsLoad = whole.length;
          m.wasm = m.timeline.find((e) => e.name.endsWith('pkg/workrelief_bg.wasm'))?.end ?? null;
          runs.push(m);
        }
      } finally {
        server.close();
      }
      const t = runs.map((r) => r.painted);
      out.servings[serving.name] = {
        label: serving.label, runs, median: median(t), max: Math.max(...t),
        bytes: median(runs.map((r) => r.bytes)), bytesLoad: median(runs.map((r) => r.bytesLoad)), wasm: median(runs.map((r) => r.wasm ?? 0)),
        statuses: [...new Set(runs.map((r) => r.status))],
      };
    }
  } finally {
    await browser.close();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Main

const started = new Date();
const host = machine();
noteLoad('start');
const size = sizes();
const prop = await proposals();
const cross = await crossing();
const nodeFirst = await firstVerdictNode();
const plan = await plans();
const hostile = await adversarial();
// The CSV plans() has just written (planFiles).
const planJs = await plansJs({ url: new URL(`plan-${ROWS}.csv`, CACHE), name: 'plan.csv' });
const chrome = await chromiumFirstVerdict();
const phone = await chromiumThrottled();
noteLoad('end');

const lines = [];
const say = (s = '') => lines.push(s);
const [ours, jre, zenRate] = prop.rates;
say(`workrelief benchmark${QUICK ? ' (--quick)' : ''}, ${started.toISOString()}`);
say(`machine: ${host.nproc} CPUs (nproc), ${host.cpu}, ${fmtMB(host.memory)} RAM, node ${host.node}, ${chrome.version ? `Chromium ${chrome.version}` : 'Chromium not run'}`);
say(`load average (1, 5, 15 min): ${loads.map((l) => `${l.when} ${l.loadavg.join(' ')}`).join('; ')}`);
say('');

say(`1. One proposal at a time: ${prop.proposals} proposals (${prop.generated} generated, ${prop.boundary} boundary cases), median of ${ROUNDS} round(s) of ≥ ${TIME_MS} ms after a ${WARM_MS} ms warm-up`);
say(table(['engine', 'proposals/s', 'workrelief is'], prop.rates.map((r, i) => [r.name, fmtRate(r.perSecond), i ? fmtX(ours.perSecond / r.perSecond) : '—']), ['', 'r', 'r']));
say('');
if (cross.rates) {
  const µs = (r) => 1e6 / r.perSecond;
  const { own, json, none } = cross.rates;
  say(`   The verdict's crossing (bench/.cache/crossing/, a scratch build of the core module with bench-only exports), median of ${ROUNDS + 2} rounds:`);
  say(table(['how the proposal and the verdict cross', 'per call', 'crossing alone', 'own wire is'], Object.values(cross.rates).map((r) => [r.name, `${µs(r).toFixed(1)} µs`,
    r === none ? '—' : `${(µs(r) - µs(none)).toFixed(1)} µs`, r === own || r === none ? '—' : fmtX(µs(r) / µs(own))]), ['', 'r', 'r', 'r']));
  say(`   ${cross.differ} of ${cross.proposals} verdicts differ between the forms; the serde_json text is ${fmtInt(cross.jsonChars)} characters on average. Rule (issue 19): the own wire stays only while ≥ 1.5× faster per call`);
} else say(`   The verdict's crossing: ${cross.note}`);
say('');
const sd = prop.search.direction;
say(`2. Boundary cases (${prop.boundary}: ${handCases().length} written by hand, ${prop.search.kept} kept from a search of ${fmtInt(prop.search.tried)} fen amounts at and 0.01 below the floor,`);
say(`   where doubles disagreed with exact decimals ${fmtInt(prop.search.disagreements)} times: ${fmtInt(sd.falseFail)} exact passes read as fails, ${fmtInt(sd.falsePass)} exact fails read as passes): wrong verdicts against checkProposal`);
say(table(['engine', 'wrong boundary cases', 'wrong in the generated mix'], prop.correctness.map((c) => [`${c.peer}${c.timed ? '' : ' (not timed)'}`, `${c.wrong.length} of ${c.boundaryCases}`, `${c.wrongGenerated.length} of ${c.generated}`]), ['', 'r', 'r']));
say(`   checkProposal against the exact BigInt verdicts: ${prop.ourMismatches.length} mismatches of ${prop.proposals}`);
say(`   the JavaScript build (pkg/js/) against the Wasm build, whole verdicts: ${prop.jsMismatches.length} differ of ${prop.proposals}${prop.jsMismatches.length ? ` (${prop.jsMismatches.slice(0, 5).join(', ')}…)` : ''}`);
for (const m of prop.ourMismatches) say(`     ! ${m.name}: ${m.inputs}; exact ${m.exact}, checkProposal ${m.ours} (${m.status}${m.errors?.length ? `, ${m.errors.map((e) => e.code).join(' ')}` : ''})`);
for (const c of prop.correctness) {
  if (!c.wrong.length && !c.wrongGenerated.length) continue;
  say(`   ${c.peer}: wrong on`);
  for (const w of [...c.wrong, ...c.wrongGenerated]) say(`     - ${w.name}: ${w.inputs}; ours ${w.ours}, theirs ${w.theirs ?? 'no verdict (null)'}`);
}
say('');

say(`3. Plans: ${fmtInt(ROWS)} rows through pkg/workrelief_plans.js, each run in a fresh Node process; peak RSS = max(/proc VmRSS every 20 ms, kernel high-water mark)`);
const planRows = [];
for (const [format, e] of Object.entries(plan.formats)) {
  for (const mode of ['checker', 'checkPlans', 'parse']) {
    const m = e[mode];
    if (!m) continue;
    const label = { checker: 'PlanChecker: steps, summary, first page', checkPlans: 'checkPlans (full verdicts)', parse: 'parseCsvOnly (floor)' }[mode];
    if (m.timedOut) {
      planRows.push([format, label, `> ${TIMEOUT_S} s`, `< ${fmtInt(ROWS / TIMEOUT_S)}`, fmtMB(m.peakRss), '—', 'killed']);
      continue;
    }
    const extra = mode === 'checker' ? `open ${fmtMs(m.parseMs)}, steps ${fmtMs(m.stepMs)}, summary + statuses + page ${fmtMs(m.reportMs)}`
      : mode === 'parse' ? `median of ${m.times.length - 1} more: ${fmtMs(m.medianMs)}` : `${m.withVerdicts} verdicts`;
    const ok = mode === 'parse' ? (m.summaryOk ? `${fmtInt(m.records)} records` : `RECORDS ${m.records}`) : m.summaryOk ? 'summary as generated' : `SUMMARY ${JSON.stringify(m.summary)}${m.errors?.length ? ` ${m.errors.join(' ')}` : ''}`;
    planRows.push([format, label, fmtMs(m.ms), fmtInt(m.rowsPerSecond), fmtMB(m.peakRss), fmtMB(m.wasmMemory), `${ok}; ${extra}`]);
  }
}
say(table(['file', 'path', 'time', 'rows/s', 'peak RSS', 'Wasm mem', 'notes'], planRows, ['', '', 'r', 'r', 'r', 'r', '']));
say(`   files: ${Object.entries(plan.formats).map(([f, e]) => `${f} ${fmtMB(e.bytes)}`).join(', ')}${plan.xlsxNote ? `; XLSX: ${plan.xlsxNote}` : ''}`);
const ratioRows = [];
for (const format of ['CSV UTF-8', 'CSV GBK']) {
  const e = plan.formats[format];
  if (!e?.parse || e.parse.timedOut) continue;
  for (const mode of ['checker', 'checkPlans']) {
    const m = e[mode];
    ratioRows.push([format, mode === 'checker' ? 'PlanChecker' : 'checkPlans', m.timedOut ? `> ${(TIMEOUT_S * 1000 / e.parse.ms).toFixed(0)}×` : fmtX(m.ms / e.parse.ms)]);
  }
}
say(table(['file', 'path', 'checking ÷ parse-only (first call each)'], ratioRows, ['', '', 'r']));
say('');

// The heap each file took (PlanChecker, as the review worker reads it) against its budget.
const heapRows = [];
for (const [format, e] of Object.entries(plan.formats)) {
  const m = e.checker;
  if (!m) continue;
  const kind = format === 'XLSX' ? 'xlsx' : 'csv';
  heapRows.push({ label: `${format}, ${fmtInt(ROWS)} rows`, kind, bytes: e.bytes, bound: heapBound(kind, e.bytes), ...m,
    outcome: m.timedOut ? 'killed' : m.summaryOk ? `${fmtInt(m.rows)} rows, summary as generated` : `SUMMARY ${JSON.stringify(m.summary)}` });
}
for (const m of hostile) {
  heapRows.push({ ...m, outcome: m.timedOut ? 'killed' : `${m.errors.length ? m.errors.join(' ') : `${fmtInt(m.rows)} rows`}${m.asExpected ? '' : ` (EXPECTED ${m.expect})`}` });
}
say(`   Wasm heap against each file's budget (import::heap_budget: 64 MiB + k × the file's size, its bytes included; k = ${PER_BYTE.csv} CSV, ${PER_BYTE.xlsx} XLSX): PlanChecker`);
say('   in a fresh process each; Wasm memory never shrinks, so its size at the end is the most the run took (the module and rule book alone: '
  + `${fmtMB(heapRows.find((r) => r.wasmMemoryStart)?.wasmMemoryStart ?? 0)})`);
say(table(['file', 'size', 'outcome', 'time', 'peak RSS', 'Wasm mem', 'bound', ''], heapRows.map((r) => [
  r.label, fmtMB(r.bytes), r.outcome, r.timedOut ? '—' : fmtMs(r.ms), fmtMB(r.peakRss), r.timedOut ? '—' : fmtMB(r.wasmMemory),
  fmtMB(r.bound), r.timedOut ? 'MISS' : r.wasmMemory <= r.bound ? 'within' : 'OVER',
]), ['', 'r', '', 'r', 'r', 'r', 'r', '']));
say('');

say(`   JavaScript build (the fallback where WebAssembly cannot run), PlanChecker on the same UTF-8 CSV in one process, warm, median of ${QUICK ? 1 : 3}:`);
say(table(['build', 'time', 'rows/s', 'summary'], ['wasm', 'js'].map((b) => [
  b === 'wasm' ? 'pkg/workrelief_plans.js (Wasm)' : 'pkg/js/workrelief_plans.js (JavaScript)', fmtMs(planJs[b].ms), fmtInt(planJs[b].rowsPerSecond),
  b === 'js' ? (planJs.sameSummary ? 'same as Wasm' : `DIFFERS ${JSON.stringify(planJs.js.summary)}`) : JSON.stringify(planJs.wasm.summary) === JSON.stringify(plan.expected) ? 'as generated' : 'NOT AS GENERATED',
]), ['', 'r', 'r', '']));
say(`   the JavaScript build takes ${fmtX(planJs.js.ms / planJs.wasm.ms)} the Wasm build's time per plan row`);
say('');

say('4. Module sizes (gzip -9)');
say(table(['module', 'raw', 'gzip'], [
  [size.core.file, fmtKB(size.core.raw), fmtKB(size.core.gzip)],
  [size.plans.file, fmtKB(size.plans.raw), fmtKB(size.plans.gzip)],
  ['together (the two .wasm)', fmtKB(size.together.raw), fmtKB(size.together.gzip)],
  [`${size.xls.file} (fetched only for .xls files and the 规则库 view)`, fmtKB(size.xls.raw), fmtKB(size.xls.gzip)],
  ...size.glue.map((g) => [`${g.file} (JS glue, not counted above)`, fmtKB(g.raw), fmtKB(g.gzip)]),
  ...size.js.map((g) => [`${g.file} (JavaScript build, fetched only without Wasm)`, fmtKB(g.raw), fmtKB(g.gzip)]),
], ['', 'r', 'r']));
const jsRate = prop.rates.at(-1);
say(`   per call, checkProposal: Wasm ${fmtRate(ours.perSecond)}/s (${(1e6 / ours.perSecond).toFixed(1)} µs), JavaScript build ${fmtRate(jsRate.perSecond)}/s (${(1e6 / jsRate.perSecond).toFixed(1)} µs): ${fmtX(ours.perSecond / jsRate.perSecond)} slower`);
say('');

say('5. First verdict');
say(table(['where', 'median', 'max', 'runs', 'detail'], [
  ['Node: initSync (compile + instantiate) → first checkProposal', fmtMs(nodeFirst.median), fmtMs(nodeFirst.max), nodeFirst.runs.length,
    `instantiate ${fmtMs(nodeFirst.instantiateMedian)}, first call ${fmtMs(nodeFirst.verdictMedian)} (medians); status ${nodeFirst.statuses.join('/')}`],
  chrome.runs ? ['Chromium: navigation start → workrelief-first-verdict mark', fmtMs(chrome.median), fmtMs(chrome.max), chrome.runs.length,
    `Wasm response end ${fmtMs(median(chrome.runs.map((r) => r.wasm ?? 0)))} (median)${chrome.problems.length ? `; page errors: ${chrome.problems.join('; ')}` : ''}`]
    : ['Chromium', '—', '—', 0, chrome.note],
  ...(phone.servings
    ? Object.values(phone.servings).map((v) => [`Throttled phone, shared link, ${v.label}: navigation start → verdict painted`,
      fmtMs(v.median), fmtMs(v.max), v.runs.length,
      `${fmtKB(v.bytes)} on the wire by then (${v.runs[0].requests} requests), ${fmtKB(v.bytesLoad)} in the whole first load (${v.runs[0].requestsLoad}); .wasm in at ${fmtMs(v.wasm)}; ${v.statuses.join('/')}`])
    : [['Throttled phone, shared link', '—', '—', 0, phone.note]]),
], ['', 'r', 'r', 'r', '']));
if (phone.servings) {
  say(`   throttled phone: ${PHONE.viewport.width} × ${PHONE.viewport.height} touch screen, CPU ${CPU_RATE}× slower, ${THROTTLE.downloadThroughput * 8 / 1e6} Mbps down, ${THROTTLE.uploadThroughput * 8 / 1e3} kbps up, ${THROTTLE.latency} ms latency (CDP); a fresh context each run; link ${phone.link}`);
  if (phone.problems.length) say(`   page errors: ${phone.problems.join('; ')}`);
}
say('');

// Budgets
const budgets = [];
const budget = (what, ok, measured, required) => budgets.push({ what, status: ok === null ? 'n/a' : ok ? 'PASS' : 'MISS', measured, required });
budget('checkProposal vs json-rules-engine', ours.perSecond >= 10 * jre.perSecond, fmtX(ours.perSecond / jre.perSecond), '≥ 10×');
budget('checkProposal vs @gorules/zen-engine', ours.perSecond >= 10 * zenRate.perSecond, fmtX(ours.perSecond / zenRate.perSecond), '≥ 10×');
if (cross.rates) budget('checkProposal: own wire vs serde_json + JSON.parse, per call', cross.differ === 0 && cross.rates.json.perSecond * 1.5 <= cross.rates.own.perSecond, fmtX(cross.rates.own.perSecond / cross.rates.json.perSecond), '≥ 1.5× (else use serde_json)');
else budget('checkProposal: own wire vs serde_json + JSON.parse, per call', null, 'not measured', '≥ 1.5× (else use serde_json)');
for (const format of ['CSV UTF-8', 'CSV GBK', 'XLSX']) {
  const e = plan.formats[format];
  if (!e) {
    budget(`${format} rows/s`, null, plan.xlsxNote ?? 'not measured', '≥ 200,000 rows/s');
    continue;
  }
  const need = format === 'XLSX' ? 200_000 : 1_000_000;
  // The budgets hold the batch check a reviewer waits for (PlanChecker: every row checked,
  // the counts and the first page); checkPlans with every full verdict is shown in part 3.
  for (const mode of ['checker']) {
    const m = e[mode];
    const label = 'batch check (PlanChecker)';
    if (m.timedOut) budget(`${label} ${format} rows/s`, false, `< ${fmtInt(ROWS / TIMEOUT_S)} (> ${TIMEOUT_S} s)`, `≥ ${fmtInt(need)}`);
    else budget(`${label} ${format} rows/s`, m.rowsPerSecond >= need, fmtInt(m.rowsPerSecond), `≥ ${fmtInt(need)}`);
    if (e.parse && !e.parse.timedOut) {
      if (m.timedOut) budget(`${label} ${format} ÷ parse-only`, false, `> ${(TIMEOUT_S * 1000 / e.parse.ms).toFixed(0)}×`, '≤ 3×');
      else budget(`${label} ${format} ÷ parse-only`, m.ms <= 3 * e.parse.ms, fmtX(m.ms / e.parse.ms), '≤ 3×');
    } else if (format !== 'XLSX') budget(`${label} ${format} ÷ parse-only`, null, 'parse-only not measured', '≤ 3×');
  }
}
for (const mode of ['checker']) {
  const label = 'batch check (PlanChecker)';
  const runs = Object.entries(plan.formats).map(([f, e]) => [f, e[mode]]).filter(([, m]) => m);
  const [worstFormat, worst] = runs.reduce((a, b) => (b[1].peakRss > a[1].peakRss ? b : a));
  const killed = runs.some(([, m]) => m.timedOut);
  budget(`peak RSS ${label}, ${fmtInt(ROWS)} rows (worst: ${worstFormat})`, killed && worst.timedOut ? false : worst.peakRss < 200 * 1024 * 1024,
    `${fmtMB(worst.peakRss)}${worst.timedOut ? ' when killed' : ''}`, '< 200 MB');
}
for (const r of heapRows) {
  const what = `Wasm heap, ${r.label}${r.expect ? ` (${r.expect.replace('import.', '')})` : ''}`;
  if (r.timedOut) budget(what, false, 'killed', `≤ ${fmtMB(r.bound)}`);
  else budget(what, r.wasmMemory <= r.bound && r.asExpected !== false, fmtMB(r.wasmMemory), `≤ ${fmtMB(r.bound)} (64 MiB + ${PER_BYTE[r.kind]} × ${fmtMB(r.bytes)})`);
}
budget('self-check module gzip', size.core.gzip <= 200 * 1024, fmtKB(size.core.gzip), '≤ 200 KB');
budget('both modules together gzip', size.together.gzip <= 410 * 1024, fmtKB(size.together.gzip), '≤ 410 KB');
budget(`first verdict in Node (median of ${nodeFirst.runs.length}; max ${fmtMs(nodeFirst.max)})`, nodeFirst.median <= 50, fmtMs(nodeFirst.median), '≤ 50 ms');
if (chrome.runs) budget(`first verdict in Chromium (median of ${chrome.runs.length}; max ${fmtMs(chrome.max)})`, chrome.median <= 300, fmtMs(chrome.median), '≤ 300 ms');
else budget('first verdict in Chromium', null, chrome.note, '≤ 300 ms');
const phoneBr = phone.servings?.br;
if (phoneBr) budget(`first verdict of a shared link, throttled phone (median of ${phoneBr.runs.length}; max ${fmtMs(phoneBr.max)})`, phoneBr.median <= 2000, fmtMs(phoneBr.median), '≤ 2000 ms');
else budget('first verdict of a shared link, throttled phone', null, phone.note, '≤ 2000 ms');
say(`6. Budgets${QUICK ? ` (--quick: ${fmtInt(ROWS)} rows, shorter timing)` : ''}`);
say(table(['budget', 'result', 'measured', 'required'], budgets.map((b) => [b.what, b.status, b.measured, b.required]), ['', '', 'r', '']));
say(`   ${budgets.filter((b) => b.status === 'PASS').length} PASS, ${budgets.filter((b) => b.status === 'MISS').length} MISS${budgets.some((b) => b.status === 'n/a') ? `, ${budgets.filter((b) => b.status === 'n/a').length} not measured` : ''}; the benchmark exits 0 either way`);

console.log(lines.join('\n'));
const json = {
  started: started.toISOString(), quick: QUICK, rows: ROWS, machine: host, loads, sizes: size,
  proposals: prop, crossing: cross, firstVerdictNode: nodeFirst, plans: plan, hostile, plansJs: planJs, chromium: chrome, throttledPhone: phone, budgets, printed: lines.join('\n'),
};
writeFileSync(new URL('last.json', CACHE), `${JSON.stringify(json, null, 2)}\n`);
console.log(`\n(results: bench/.cache/last.json)`);
