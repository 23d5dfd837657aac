// The 车间核查 view: an employer checks a workshop's people against the province's recognition
// criteria and per-person reward, either typed into the page (a few people, checked with
// checkWorkshop in the core module as they type) or uploaded as a roster file (CSV, XLSX,
// JSON, checked in a module Web Worker, roster-worker.js, with checkRosterFile). Both show the
// same results: recognition, reward, one-time awards as advice, problems with their row and
// column, and the employees a page at a time.
//
// ID numbers: the form's ID inputs hold what the user types, and nothing else on the page does.
// The people are never written to the URL (only province, recognized and asOf are); the results
// show only the masked `id` the module returns, and every text that may echo input goes through
// maskNumbers() once more (a file named after an ID number, a name that is one).
//
// Performance marks for benchmarks: 'workrelief-roster-start' (file chosen),
// 'workrelief-roster-checked' (the worker's report arrived) and 'workrelief-roster-shown'
// (results shown; detail: total, progressUpdates, ms, timings, wasmMemory).
import { checkWorkshop, loadCore } from './core-module.js';
import { h, yuan, grouped, maskNumbers, dateTime } from './format.js';
import { badge, cite, fillProvinces, provinceValue, showError, setLive } from './benefit-view.js';
import { GROUP_NAMES, columnLabel, employeeRows, pageOf, problemKey, rosterCsv } from './workshop-data.js';
import { FILE_UNREADABLE, WORKER_FAILED, workerRequests } from './worker-requests.js';

const MAX_BYTES = 50 * 1024 * 1024;
const PAGE_SIZE = 100;
const LIST_CAP = 50;
const count = (n) => grouped(String(n));
/** Milliseconds to a tenth. */
const round = (ms) => Math.round(ms * 10) / 10;

const RECOGNITION = {
  recognized: ['pass', '✓', '达到认定标准'],
  not_recognized: ['fail', '✗', '未达到认定标准'],
  no_rule: ['none', '–', '无量化认定标准'],
  expired: ['review', '–', '已过期'],
};
const REWARD = {
  eligible: ['pass', '✓', '可申领'],
  conditional: ['review', '?', '认定后可申领'],
  ineligible: ['fail', '✗', '不可申领'],
  expired: ['review', '–', '已过期'],
  no_rule: ['none', '–', '无按人奖补标准'],
};
const AWARD = {
  advice: ['info', 'i', '由主管部门评定'],
  expired: ['review', '–', '已过期'],
};
const FORMATS = { xlsx: 'Excel 工作簿（XLSX）', xls: 'Excel 97-2003 工作簿（XLS）', csv: 'CSV 文本', json: 'JSON' };
const RECOGNIZED_WORDS = { '': '不确定', true: '是', false: '否' };

/** A person's fields in the form: [key, label]. */
const PERSON_FIELDS = [
  ['id', '身份证号'],
  ['name', '姓名'],
  ['group', '人员类别'],
  ['contractMonths', '合同期限（月）'],
  ['monthsEmployed', '务工月数'],
  ['annualIncome', '年收入（元）'],
  ['subsidyClaimed', '已享受一次性吸纳补贴'],
];

export function initWorkshop() {
  const $ = (id) => document.getElementById(id);
  const root = $('view-workshop');
  const options = $('ws-options');
  const province = $('ws-province');
  const recognized = $('ws-recognized');
  const asOf = $('ws-asof');
  const manualForm = $('ws-manual');
  const peopleBox = $('ws-people');
  const uploadForm = $('ws-upload');
  const fileInput = $('ws-file');
  const drop = $('ws-drop');
  const progress = $('ws-progress');
  const progressText = $('ws-progress-text');
  const bar = $('ws-progress-bar');
  const cancel = $('ws-cancel');
  const alertBox = $('ws-alert');
  const status = $('ws-status');
  const body = $('ws-body');
  const facts = $('ws-facts');
  const cards = $('ws-cards');
  const awardsBox = $('ws-awards');
  const notes = $('ws-notes');
  const filter = $('ws-filter');
  const shown = $('ws-shown');
  const table = $('ws-table');
  const caption = $('ws-caption');
  const tbody = $('ws-tbody');
  const rowHeader = $('ws-row-header');
  const prev = $('ws-prev');
  const next = $('ws-next');
  const pageIndicator = $('ws-page');
  const meta = $('ws-meta');

  let ready = false;
  let pending = null;
  let source = 'manual';
  let timer = 0;
  let uid = 0;
  let submittedPeople = false;
  const people = [];
  const touchedOptions = new Set();

  /** The results of each source: { workshop, rows | worker, count, file?, ms? }. */
  let manual = null;
  let fileResult = null;
  let worker = null;
  let file = null;
  const requests = workerRequests(() => worker, '没有正在使用的核查模块');
  let progressUpdates = 0;
  let startedAt = 0;
  let tick = 0;
  const view = { filter: 'all', page: 1 };
  let pageRequest = 0;

  const ctrl = {
    onchange: null,
    get state() {
      if (!ready) return pending ?? '';
      const params = new URLSearchParams();
      if (province.value) params.set('province', province.value);
      if (recognized.value) params.set('recognized', recognized.value);
      if (asOf.value) params.set('asOf', asOf.value);
      return params.toString();
    },
    set state(text) {
      if (!ready) {
        pending = String(text ?? '');
        return;
      }
      const params = new URLSearchParams(String(text ?? ''));
      province.value = provinceValue(province, params.get('province'));
      recognized.value = ['true', 'false'].includes(params.get('recognized')) ? params.get('recognized') : '';
      asOf.value = params.get('asOf') ?? '';
      for (const key of ['province', 'recognized', 'asOf']) if (params.get(key)) touchedOptions.add(key);
      optionsChanged();
    },
  };

  const setState = (s) => { root.dataset.state = s; };
  setState('idle');

  function checkOptions() {
    return asOf.value ? { asOf: asOf.value } : undefined;
  }

  function rosterMeta() {
    const m = { province: province.value };
    if (recognized.value) m.recognized = recognized.value === 'true';
    return m;
  }

  // ------------------------------------------------------------------------------------------
  // The form: a few people typed in.

  function personCard() {
    const n = ++uid;
    const id = (key) => `ws-p${n}-${key}`;
    const p = { uid: n, inputs: {}, errors: {}, touched: new Set() };
    const fields = PERSON_FIELDS.map(([key, label]) => {
      let control;
      if (key === 'group') {
        control = h('select', {},
          h('option', { value: '', text: '请选择' }),
          Object.entries(GROUP_NAMES).map(([k, v]) => h('option', { value: k, text: k === 'other' ? '其他' : v })));
      } else if (key === 'subsidyClaimed') {
        control = h('input', { type: 'checkbox' });
      } else {
        control = h('input', {
          type: 'text',
          autocomplete: 'off',
          spellcheck: 'false',
          inputmode: key === 'id' || key === 'name' ? null : 'decimal',
          maxlength: key === 'id' ? 24 : key === 'name' ? 50 : 20,
          class: key === 'id' ? 'id-input' : null,
          placeholder: key === 'id' ? '18 位，末位可为 X' : null,
        });
      }
      control.id = id(key);
      control.name = key;
      control.dataset.person = String(n);
      const error = h('p', { class: 'error', id: id(`${key}-error`), hidden: true });
      control.setAttribute('aria-describedby', error.id);
      p.inputs[key] = control;
      p.errors[key] = error;
      if (key === 'subsidyClaimed') {
        return h('div', { class: 'field field-check' },
          h('label', { class: 'check', for: control.id }, control, ` ${label}`), error);
      }
      return h('div', { class: `field field-${key}` }, h('label', { for: control.id, text: label }), control, error);
    });
    p.legend = h('legend');
    p.remove = h('button', { type: 'button', class: 'secondary remove' });
    p.el = h('fieldset', { class: 'person', 'data-person': n }, p.legend, h('div', { class: 'person-grid' }, fields), p.remove);
    p.remove.addEventListener('click', () => removePerson(p));
    return p;
  }

  function renumber() {
    people.forEach((p, i) => {
      p.legend.textContent = `第 ${i + 1} 人`;
      p.remove.textContent = `删除第 ${i + 1} 人`;
    });
  }

  function addPerson(focus = true) {
    const p = personCard();
    people.push(p);
    peopleBox.append(p.el);
    renumber();
    if (focus) p.inputs.id.focus();
    return p;
  }

  function removePerson(p) {
    const i = people.indexOf(p);
    if (i < 0) return;
    people.splice(i, 1);
    p.el.remove();
    if (!people.length) addPerson(false);
    renumber();
    (people[i] ?? people[people.length - 1]).inputs.id.focus();
    checkManual();
  }

  function personValues(p) {
    const v = {};
    for (const [key] of PERSON_FIELDS) {
      const c = p.inputs[key];
      v[key] = key === 'subsidyClaimed' ? c.checked : c.value.trim();
    }
    return v;
  }

  const isBlank = (v) => PERSON_FIELDS.every(([key]) => !v[key]);

  function checkManual() {
    if (!ready) return;
    const employees = [];
    people.forEach((p, i) => {
      const v = personValues(p);
      if (!isBlank(v)) employees.push({ row: i + 1, ...v });
    });
    const opts = checkOptions();
    const workshop = checkWorkshop({ province: province.value, ...recognizedPart(), employees }, opts);
    const rows = employeeRows(workshop);
    manual = { workshop, rows, views: new Map(), count: rows.length, filled: employees.length };
    showPersonErrors(workshop);
    showOptionErrors(workshop);
    if (source === 'manual') render(manual);
  }

  function recognizedPart() {
    return recognized.value ? { recognized: recognized.value === 'true' } : {};
  }

  function showPersonErrors(workshop) {
    const byCard = new Map();
    for (const e of workshop.errors) {
      const key = problemKey(e);
      if (!key || !e.row) continue;
      const list = byCard.get(e.row) ?? new Map();
      byCard.set(e.row, list);
      (list.get(key) ?? list.set(key, []).get(key)).push(maskNumbers(e.message));
    }
    people.forEach((p, i) => {
      const errs = byCard.get(i + 1) ?? new Map();
      for (const [key] of PERSON_FIELDS) {
        const visible = submittedPeople || p.touched.has(key);
        showError(p.errors[key], p.inputs[key], visible ? errs.get(key) ?? [] : []);
      }
    });
  }

  function showOptionErrors(report) {
    const errs = { province: [], recognized: [], asOf: [] };
    for (const e of report?.errors ?? []) {
      const key = e.field === 'options.asOf' ? 'asOf' : e.field;
      if (errs[key] && (key !== 'province' || touchedOptions.has('province') || source === 'file')) errs[key].push(maskNumbers(e.message));
    }
    showError($('ws-province-error'), province, errs.province);
    showError($('ws-recognized-error'), recognized, errs.recognized);
    showError($('ws-asof-error'), asOf, errs.asOf);
  }

  // ------------------------------------------------------------------------------------------
  // The file: checked in a worker.

  const ask = (message) => requests.ask(message);

  function stop() {
    worker?.terminate();
    worker = null;
    clearInterval(tick);
    requests.cancelAll('核查已停止');
  }

  function showAlert(title, messages) {
    alertBox.replaceChildren(
      h('p', { class: 'alert-title' }, h('span', { 'aria-hidden': 'true', text: '! ' }), title),
      messages.length === 1
        ? h('p', { text: messages[0] })
        : h('ul', {}, messages.map((m) => h('li', { text: m }))));
    alertBox.hidden = false;
  }

  function failFile(message) {
    stop();
    progress.hidden = true;
    fileResult = null;
    setState('error');
    showAlert('无法完成核查', [message]);
    renderFile();
  }

  const safeName = (name) => maskNumbers(name ?? '');

  function startFile(chosen) {
    stop();
    file = chosen;
    fileResult = null;
    alertBox.hidden = true;
    alertBox.replaceChildren();
    if (!province.value) {
      setState('needs-province');
      showAlert('请先选择所在省份', [`已选择文件“${safeName(chosen.name)}”；选择所在省份后将自动核查。`]);
      renderFile();
      province.focus();
      return;
    }
    progressUpdates = 0;
    startedAt = performance.now();
    performance.mark('workrelief-roster-start');
    setState('checking');
    renderFile();
    progress.hidden = false;
    bar.hidden = false;
    cancel.hidden = false;
    bar.removeAttribute('value');
    progressText.textContent = `正在读取文件“${safeName(chosen.name)}”…`;
    clearInterval(tick);
    tick = setInterval(() => {
      const s = ((performance.now() - startedAt) / 1000).toFixed(1);
      progressText.dataset.elapsed = s;
      progress.querySelector('.elapsed')?.replaceChildren(`已用时 ${s} 秒`);
    }, 250);
    const w = new Worker(new URL('./roster-worker.js', import.meta.url), { type: 'module' });
    worker = w;
    w.addEventListener('message', (e) => {
      if (worker === w) onMessage(e.data);
    });
    w.addEventListener('error', (e) => {
      if (worker === w) failFile(WORKER_FAILED);
    });
    const part = chosen.size > MAX_BYTES ? chosen.slice(0, MAX_BYTES + 1) : chosen;
    const meta = rosterMeta();
    const opts = checkOptions() ?? {};
    part.arrayBuffer().then((buffer) => {
      if (worker !== w) return;
      w.postMessage({ type: 'check', buffer, fileName: chosen.name, meta, options: opts }, [buffer]);
    }, (err) => {
      if (worker === w) failFile(FILE_UNREADABLE);
    });
  }

  function phaseText(msg) {
    const name = safeName(file.name);
    if (msg.phase === 'loading') return `正在加载核查模块（文件“${name}”）…`;
    if (msg.phase === 'checking') return `正在读取并核查文件“${name}”（${(msg.bytes / 1024).toFixed(1)} KB）…`;
    return '正在整理核查结果…';
  }

  function onMessage(msg) {
    if (requests.settle(msg)) return;
    if (msg.type === 'phase') {
      progressUpdates++;
      progressText.replaceChildren(phaseText(msg), ' ', h('span', { class: 'elapsed', text: `已用时 ${((performance.now() - startedAt) / 1000).toFixed(1)} 秒` }));
    } else if (msg.type === 'done') {
      fileDone(msg);
    } else if (msg.type === 'failed') {
      failFile(msg.message);
    }
  }

  async function fileDone(msg) {
    performance.mark('workrelief-roster-checked');
    document.getElementById('view-workshop').dataset.engine = msg.engine;
    clearInterval(tick);
    progress.hidden = true;
    const ms = performance.now() - startedAt;
    const { file: facts, workshop } = msg;
    if (facts.errors.length) {
      showAlert(workshop ? '文件有问题' : '无法核查此文件', facts.errors.map((e) => maskNumbers(e.message)));
    }
    if (!workshop) {
      fileResult = null;
      setState('error');
      renderFile();
      mark(msg, ms);
      return;
    }
    fileResult = { workshop, file: facts, count: msg.count, ms, timings: msg.timings };
    showOptionErrors(workshop);
    setState('shown');
    if (source === 'file') await render(fileResult);
    setState('done');
    mark(msg, ms);
  }

  function mark(msg, ms) {
    performance.mark('workrelief-roster-shown', {
      detail: {
        total: msg.count,
        progressUpdates,
        ms: round(ms),
        shownMs: round(performance.now() - startedAt),
        timings: Object.fromEntries(Object.entries(msg.timings ?? {}).map(([k, v]) => [k, round(v)])),
        wasmMemory: msg.wasmMemory,
      },
    });
  }

  function cancelCheck() {
    if (!worker) return;
    stop();
    setState('cancelled');
    bar.hidden = true;
    cancel.hidden = true;
    progressText.textContent = '已取消核查。重新选择文件即可再次核查。';
    renderFile();
    fileInput.focus();
  }

  // ------------------------------------------------------------------------------------------
  // Results, for whichever source is shown.

  /** Shows the file's results (or its state) if the file is the source shown. */
  function renderFile() {
    if (source === 'file') render(fileResult);
  }

  function current() {
    return source === 'manual' ? manual : fileResult;
  }

  function statusLine(result) {
    const { workshop } = result;
    const r = workshop.recognition;
    const w = workshop.reward;
    const [, , rword] = RECOGNITION[r.status] ?? [];
    const [, , wword] = REWARD[w.status] ?? [];
    const parts = [`认定：${rword}`];
    if (r.required !== undefined) parts[0] += `（符合条件 ${count(r.qualifying)} 人，需 ${count(r.required)} 人）`;
    parts.push(w.title ? `${w.title}：${wword} ${yuan(w.amount)}` : `奖补：${wword}`);
    if (workshop.errors.length) parts.push(`${count(workshop.errors.length)} 处问题`);
    return `${parts.join('；')}。`;
  }

  async function render(result) {
    const pendingText = pendingMessage(result);
    if (pendingText) {
      status.className = 'total total-pending';
      setLive(status, [h('p', { class: 'total-line', text: pendingText })], `pending|${pendingText}`);
      body.hidden = true;
      return;
    }
    const { workshop } = result;
    const tone = workshop.recognition.status === 'recognized' || workshop.reward.status === 'eligible' ? 'pass'
      : workshop.recognition.status === 'not_recognized' || workshop.reward.status === 'ineligible' ? 'fail' : 'pending';
    status.className = `total total-${tone}`;
    const line = statusLine(result);
    setLive(status, [
      h('p', { class: 'total-line', text: '核查结果' }),
      h('p', { class: 'total-message', text: line }),
    ], `done|${source}|${line}|${result.count}`);
    renderFacts(result);
    renderCards(workshop);
    renderAwards(workshop);
    renderNotes(result);
    rowHeader.textContent = source === 'manual' ? '序号' : '行号';
    body.hidden = false;
    meta.textContent = `规则库版本 ${workshop.ruleBookVersion}；核查日期 ${workshop.asOf}${asOf.value ? '' : '（今天）'}；`
      + `核查时间 ${dateTime()}。结果仅供参考，以主管部门审核认定为准。`;
    await loadPage(true);
  }

  function pendingMessage(result) {
    if (source === 'file') {
      if (root.dataset.state === 'checking') return '正在核查，请稍候…';
      if (root.dataset.state === 'needs-province') return '请先选择所在省份。';
      if (!result) return root.dataset.state === 'error' ? '无法核查此文件，请查看上方的提示。' : '请选择人员名单文件。';
      return '';
    }
    if (!province.value) return '请选择所在省份。';
    if (!result || result.filled === 0) return '请填写至少一名人员的信息。';
    return '';
  }

  function renderFacts(result) {
    const { workshop } = result;
    const rows = [
      ['所在省份', workshop.province?.name ?? '（未选择）'],
      ['是否已由主管部门认定', RECOGNIZED_WORDS[recognized.value] ?? '不确定'],
      ['核查日期', asOf.value || `${workshop.asOf}（今天）`],
    ];
    if (source === 'file') {
      const f = result.file;
      rows.push(['文件', safeName(f.fileName)]);
      rows.push(['格式', FORMATS[f.format] ?? f.format ?? '—']);
      if (f.encoding) rows.push(['编码', f.encoding]);
      if (f.sheet) rows.push(['工作表', safeName(f.sheet)]);
      if (f.headerRow) rows.push(['表头', `第 ${f.headerRow} 行`]);
      rows.push(['人员行数', `${count(result.count)} 行`]);
      rows.push(['用时', `${(result.ms / 1000).toFixed(2)} 秒`]);
    } else {
      rows.push(['人员', `${count(result.count)} 人`]);
    }
    facts.replaceChildren(...rows.map(([k, v]) => h('div', { class: 'fact' }, h('dt', { text: k }), h('dd', { text: v }))));
  }

  function renderCards(workshop) {
    const r = workshop.recognition;
    const [rt, ri, rw] = RECOGNITION[r.status] ?? ['none', '–', r.status];
    const recognition = h('article', { class: `card card-${rt}`, 'data-card': 'recognition', 'data-status': r.status },
      h('div', { class: 'benefit-head' }, h('h3', { text: '车间认定' }), badge(rt, ri, rw)),
      r.required !== undefined
        ? h('dl', { class: 'figures' },
          h('dt', { text: '符合认定条件的人数' }), h('dd', { text: `${count(r.qualifying)} 人` }),
          h('dt', { text: '认定标准要求' }), h('dd', { text: `${count(r.required)} 人以上（含 ${count(r.required)} 人）` }))
        : null,
      h('p', { class: 'message', text: maskNumbers(r.message) }),
      cite(r.citation, { validityNote: r.validityNote }));
    const w = workshop.reward;
    const [wt, wi, ww] = REWARD[w.status] ?? ['none', '–', w.status];
    const figures = [];
    if (w.perPerson) figures.push(['计入人数 × 标准', `${count(w.persons)} 人 × ${yuan(w.perPerson)}`]);
    const reward = h('article', { class: `card card-${wt}`, 'data-card': 'reward', 'data-status': w.status },
      h('div', { class: 'benefit-head' }, h('h3', { text: w.title ?? '按人奖补' }), badge(wt, wi, ww),
        w.perPerson ? h('span', { class: 'amount' }, h('span', { class: 'visually-hidden', text: '金额 ' }), yuan(w.amount)) : null),
      figures.length ? h('dl', { class: 'figures' }, figures.map(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })])) : null,
      h('p', { class: 'message', text: maskNumbers(w.message) }),
      cite(w.citation, { note: w.note }));
    cards.replaceChildren(recognition, reward);
  }

  function renderAwards(workshop) {
    if (!workshop.awards.length) {
      awardsBox.replaceChildren();
      return;
    }
    awardsBox.replaceChildren(h('section', { class: 'group-box', 'aria-labelledby': 'h-ws-awards' },
      h('h3', { id: 'h-ws-awards', text: '一次性奖补（由主管部门评定，不计入上面的金额）' }),
      h('ul', { class: 'benefit-list' }, workshop.awards.map((a) => {
        const [t, i, word] = AWARD[a.status] ?? ['none', '–', a.status];
        return h('li', { class: `benefit benefit-${a.status}`, 'data-rule': a.rule },
          h('div', { class: 'benefit-head' }, h('h4', { text: a.title }), badge(t, i, word),
            h('span', { class: 'amount' }, h('span', { class: 'visually-hidden', text: '金额 ' }), yuan(a.amount))),
          h('p', { class: 'reason', text: a.message }),
          cite(a.citation));
      }))));
  }

  function where(p) {
    const parts = [];
    if (p.row) parts.push(source === 'manual' ? `第 ${p.row} 人` : `第 ${p.row} 行`);
    const col = columnLabel(p);
    if (col) parts.push(col);
    return parts.join(' ');
  }

  function noteList(items, text) {
    return h('ul', {},
      items.slice(0, LIST_CAP).map((x) => h('li', { text: maskNumbers(text(x)) })),
      items.length > LIST_CAP ? h('li', { class: 'more', text: `另有 ${count(items.length - LIST_CAP)} 条未列出，请查看人员明细或导出的 CSV。` }) : null);
  }

  function renderNotes(result) {
    const { workshop } = result;
    const out = [];
    const rowErrors = workshop.errors.filter((e) => e.row);
    const otherErrors = workshop.errors.filter((e) => !e.row && !['province', 'recognized', 'options.asOf'].includes(e.field));
    if (otherErrors.length || rowErrors.length) {
      out.push(h('section', { class: 'note note-error', 'data-note': 'errors' },
        h('h4', { text: `有问题的${source === 'manual' ? '人员' : '行'}（${count(new Set(rowErrors.map((e) => e.row)).size)}），这些人员不计入` }),
        noteList([...otherErrors, ...rowErrors], (e) => (where(e) ? `${where(e)}：${e.message}` : e.message))));
    }
    if (workshop.warnings.length) {
      out.push(h('section', { class: 'note note-warning', 'data-note': 'warnings' },
        h('h4', { text: `提示（${count(workshop.warnings.length)}）` }),
        noteList(workshop.warnings, (w) => (where(w) ? `${where(w)}：${w.message}` : w.message))));
    }
    if (source === 'file') {
      const f = result.file;
      if (f.unmapped.length) {
        out.push(h('section', { class: 'note', 'data-note': 'unmapped' },
          h('h4', { text: `未识别的列（${f.unmapped.length}），其内容未参与核查` }),
          noteList(f.unmapped, (u) => `${u.column} 列“${u.header}”：${u.reason}`)));
      }
      if (f.skipped.length) {
        out.push(h('section', { class: 'note', 'data-note': 'skipped' },
          h('h4', { text: `跳过的行（${count(f.skipped.length)}）` }),
          noteList(f.skipped, (s) => `第 ${s.row} 行：${s.reason}`)));
      }
      if (result.count === 0) {
        out.push(h('section', { class: 'note note-warning' }, h('h4', { text: '文件中没有人员行' }),
          h('p', { text: '请确认表头下方填写了人员信息。' })));
      }
    }
    notes.replaceChildren(...out);
    notes.hidden = out.length === 0;
  }

  function flagCell(yes, label) {
    return h('td', { class: `flag ${yes ? 'flag-yes' : 'flag-no'}`, 'data-label': label },
      h('span', { 'aria-hidden': 'true', text: yes ? '✓ ' : '✗ ' }), yes ? '是' : '否');
  }

  async function fetchPage(result) {
    const query = { filter: view.filter, page: view.page, pageSize: PAGE_SIZE };
    if (source === 'manual') return pageOf(result.rows, query, result.views);
    return ask({ type: 'page', ...query });
  }

  async function loadPage(reset = false) {
    const result = current();
    if (!result) return;
    if (reset) {
      view.filter = filter.value;
      view.page = 1;
    }
    const request = ++pageRequest;
    table.setAttribute('aria-busy', 'true');
    let res;
    try {
      res = await fetchPage(result);
    } catch {
      return;
    } finally {
      if (request === pageRequest) table.removeAttribute('aria-busy');
    }
    if (request !== pageRequest || result !== current()) return;
    view.page = res.page;
    tbody.replaceChildren(...(res.rows.length
      ? res.rows.map((r) => h('tr', { class: r.problems.length ? 'row-invalid' : '' },
        // data-label: the column's name, shown beside the cell where the rows are cards (phones).
        h('td', { class: 'num', 'data-label': '行号', text: String(r.row) }),
        h('td', { class: 'id', 'data-label': '身份证号', text: r.id || '（未填写）' }),
        h('td', { class: 'name', text: r.name || '—' }),
        h('td', { 'data-label': '人员类别', text: r.group || '—' }),
        flagCell(r.qualifying, '计入认定'),
        flagCell(r.eligible, '计入奖补'),
        h('td', { class: 'problem', 'data-label': '原因' }, [...r.problems.map((t) => h('span', { class: 'row-error', text: t })), ...r.reasons.map((t) => h('span', { text: t }))]
          .flatMap((el, i) => (i ? ['；', el] : [el])))))
      : [h('tr', {}, h('td', { colspan: 7, class: 'empty', text: '没有符合筛选条件的人员。' }))]));
    const range = res.rows.length ? `第 ${count(res.start + 1)}–${count(res.start + res.rows.length)} 人` : '0 人';
    shown.textContent = `显示 ${range}，${view.filter === 'all' ? '共' : '筛选后共'} ${count(res.matched)} 人`;
    caption.textContent = `人员明细，${shown.textContent}`;
    pageIndicator.textContent = `第 ${count(res.page)} / ${count(res.pages)} 页`;
    prev.disabled = res.page <= 1;
    next.disabled = res.page >= res.pages;
  }

  async function download() {
    const result = current();
    if (!result) return;
    let blob;
    if (source === 'manual') {
      blob = new Blob([rosterCsv(result.rows, { rowHeader: '序号' })], { type: 'text/csv;charset=utf-8' });
    } else {
      try {
        blob = await ask({ type: 'export' });
      } catch (err) {
        showAlert('导出失败', [err.message]);
        return;
      }
    }
    const base = source === 'file' ? safeName(file.name).replace(/\.[^.]*$/, '') : '';
    const a = h('a', { href: URL.createObjectURL(blob), download: `车间核查结果${base ? `-${base}` : ''}.csv`, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
  }

  // ------------------------------------------------------------------------------------------
  // Wiring.

  function optionsChanged() {
    ctrl.onchange?.(ctrl.state);
    checkManual();
    if (file && (source === 'file' || fileResult)) startFile(file);
    else renderFile();
  }

  function setSource(next) {
    source = next;
    for (const radio of options.elements.source) radio.checked = radio.value === next;
    manualForm.hidden = next !== 'manual';
    uploadForm.hidden = next !== 'file';
    filter.value = 'all';
    if (next === 'manual') checkManual();
    else render(fileResult);
  }

  options.addEventListener('change', (e) => {
    if (e.target.name === 'source') {
      setSource(e.target.value);
      return;
    }
    if (e.target.name) touchedOptions.add(e.target.name);
    optionsChanged();
  });
  options.addEventListener('submit', (e) => e.preventDefault());
  manualForm.addEventListener('submit', (e) => {
    e.preventDefault();
    submittedPeople = true;
    checkManual();
  });
  uploadForm.addEventListener('submit', (e) => e.preventDefault());
  manualForm.addEventListener('input', (e) => {
    const p = people.find((x) => String(x.uid) === e.target.dataset.person);
    if (p && e.target.name) p.touched.add(e.target.name);
    clearTimeout(timer);
    timer = setTimeout(checkManual, 150);
  });
  manualForm.addEventListener('change', (e) => {
    const p = people.find((x) => String(x.uid) === e.target.dataset.person);
    if (p && e.target.name) p.touched.add(e.target.name);
    clearTimeout(timer);
    checkManual();
  });
  $('ws-add').addEventListener('click', () => addPerson(true));
  $('ws-clear').addEventListener('click', () => {
    for (const p of people.splice(0)) p.el.remove();
    submittedPeople = false;
    addPerson(true);
    checkManual();
  });

  fileInput.addEventListener('change', () => {
    const chosen = fileInput.files?.[0];
    // The input would show the file's name (perhaps an ID number); the page shows it masked.
    fileInput.value = '';
    if (chosen) startFile(chosen);
  });
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('dragging');
    const dropped = e.dataTransfer?.files;
    if (dropped?.length) startFile(dropped[0]);
  });
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, (e) => {
      if (!root.hidden && !drop.contains(e.target)) e.preventDefault();
    });
  }
  cancel.addEventListener('click', cancelCheck);
  filter.addEventListener('change', () => {
    view.filter = filter.value;
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
  $('ws-export').addEventListener('click', download);
  $('ws-print').addEventListener('click', () => window.print());

  addPerson(false);
  render(null);
  loadCore().then(() => {
    fillProvinces(province, true);
    ready = true;
    ctrl.state = pending ?? '';
    pending = null;
  }, () => {
    status.className = 'total total-invalid';
    status.replaceChildren(h('p', { class: 'total-line', text: '核查模块加载失败，请刷新页面重试。' }));
  });
  return ctrl;
}

