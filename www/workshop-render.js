// The 车间核查 view's rendering: pure functions from a workshop's check (typed in or from a
// roster file) to DOM nodes and words, which workshop.js puts in place. Nothing here holds state
// or touches the page. Every text that may echo input goes through maskNumbers() (a file named
// after an ID number, a name that is one); the results show only the masked `id` the module
// returns.
import { h, yuan, grouped, maskNumbers, notHorizon } from './format.js';
import { badge, cite } from './benefit-view.js';
import { GROUP_NAMES, PERSON_LABELS, columnLabel } from './workshop-data.js';

const LIST_CAP = 50;
export const count = (n) => grouped(String(n));
export const safeName = (name) => maskNumbers(name ?? '');

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

/** A person's fields in the form: [key, label], each employee field but the two a roster file gives. */
export const PERSON_FIELDS = Object.entries(PERSON_LABELS).filter(([key]) => key !== 'hukouProvince' && key !== 'row');

function personControl(key) {
  if (key === 'group') {
    return h('select', {},
      h('option', { value: '', text: '请选择' }),
      Object.entries(GROUP_NAMES).map(([k, v]) => h('option', { value: k, text: k === 'other' ? '其他' : v })));
  }
  if (key === 'subsidyClaimed') return h('input', { type: 'checkbox' });
  return h('input', {
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    inputmode: key === 'id' || key === 'name' ? null : 'decimal',
    maxlength: key === 'id' ? 24 : key === 'name' ? 50 : 20,
    class: key === 'id' ? 'id-input' : null,
    placeholder: key === 'id' ? '18 位，末位可为 X' : null,
  });
}

/**
 * The fieldset of person `n` (not yet numbered): `{ uid, inputs, errors, touched, legend,
 * remove, el }`, its inputs and error lines by field key.
 */
export function personCard(n) {
  const id = (key) => `ws-p${n}-${key}`;
  const p = { uid: n, inputs: {}, errors: {}, touched: new Set() };
  const fields = PERSON_FIELDS.map(([key, label]) => {
    const control = personControl(key);
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
  return p;
}

/** The results' one line: recognition, reward, problems. */
export function statusLine(workshop) {
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

/** The status box's tone: pass, fail or pending. */
export function tone(workshop) {
  if (workshop.recognition.status === 'recognized' || workshop.reward.status === 'eligible') return 'pass';
  if (workshop.recognition.status === 'not_recognized' || workshop.reward.status === 'ineligible') return 'fail';
  return 'pending';
}

/**
 * What the status box says instead of results, or '' when there are results to show. `at`:
 * { source, state (the view's data-state), province (chosen or '') }.
 */
export function pendingMessage(result, { source, state, province }) {
  if (source === 'file') {
    if (state === 'checking') return '正在核查，请稍候…';
    if (state === 'needs-province') return '请先选择所在省份。';
    if (!result) return state === 'error' ? '无法核查此文件，请查看上方的提示。' : '请选择人员名单文件。';
    return '';
  }
  if (!province) return '请选择所在省份。';
  if (!result || result.filled === 0) return '请填写至少一名人员的信息。';
  return '';
}

/** The facts above the cards. `form`: { source, recognized, asOf } as chosen in the form. */
export function factNodes(result, { source, recognized, asOf }) {
  const { workshop } = result;
  const rows = [
    ['所在省份', workshop.province?.name ?? '（未选择）'],
    ['是否已由主管部门认定', RECOGNIZED_WORDS[recognized] ?? '不确定'],
    ['核查日期', asOf || `${workshop.asOf}（今天）`],
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
  return rows.map(([k, v]) => h('div', { class: 'fact' }, h('dt', { text: k }), h('dd', { text: v })));
}

/** The recognition card and the reward card. */
export function cardNodes(workshop) {
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
  return [recognition, reward];
}

/** The one-time awards (advice: the authority decides), or nothing. */
export function awardNodes(workshop) {
  if (!workshop.awards.length) return [];
  return [h('section', { class: 'group-box', 'aria-labelledby': 'h-ws-awards' },
    h('h3', { id: 'h-ws-awards', text: '一次性奖补（由主管部门评定，不计入上面的金额）' }),
    h('ul', { class: 'benefit-list' }, workshop.awards.map((a) => {
      const [t, i, word] = AWARD[a.status] ?? ['none', '–', a.status];
      return h('li', { class: `benefit benefit-${a.status}`, 'data-rule': a.rule },
        h('div', { class: 'benefit-head' }, h('h4', { text: a.title }), badge(t, i, word),
          h('span', { class: 'amount' }, h('span', { class: 'visually-hidden', text: '金额 ' }), yuan(a.amount))),
        h('p', { class: 'reason', text: a.message }),
        cite(a.citation));
    })))];
}

/** Where a problem is: a person of the form (`manual`) or a row of the file, and a column. */
function where(p, source) {
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

/** Notes under the cards: problems, warnings, and for a file its unmapped columns and skipped rows. */
export function noteNodes(result, source) {
  const { workshop } = result;
  const out = [];
  const line = (p) => (where(p, source) ? `${where(p, source)}：${p.message}` : p.message);
  const rowErrors = workshop.errors.filter((e) => e.row);
  const otherErrors = workshop.errors.filter((e) => !e.row && !['province', 'recognized', 'options.asOf'].includes(e.field));
  if (otherErrors.length || rowErrors.length) {
    out.push(h('section', { class: 'note note-error', 'data-note': 'errors' },
      h('h4', { text: `有问题的${source === 'manual' ? '人员' : '行'}（${count(new Set(rowErrors.map((e) => e.row)).size)}），这些人员不计入` }),
      noteList([...otherErrors, ...rowErrors], line)));
  }
  // The horizon's warnings are beside the result (workshop.js, horizonNotice()).
  const warnings = workshop.warnings.filter(notHorizon);
  if (warnings.length) {
    out.push(h('section', { class: 'note note-warning', 'data-note': 'warnings' },
      h('h4', { text: `提示（${count(warnings.length)}）` }),
      noteList(warnings, line)));
  }
  if (source === 'file') out.push(...fileNoteNodes(result));
  return out;
}

function fileNoteNodes(result) {
  const f = result.file;
  const out = [];
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
  return out;
}

function flagCell(yes, label) {
  return h('td', { class: `flag ${yes ? 'flag-yes' : 'flag-no'}`, 'data-label': label },
    h('span', { 'aria-hidden': 'true', text: yes ? '✓ ' : '✗ ' }), yes ? '是' : '否');
}

/** A page of the employee table (`res`: workshop-data.js pageOf's or the worker's). */
export function rowNodes(res) {
  if (!res.rows.length) return [h('tr', {}, h('td', { colspan: 7, class: 'empty', text: '没有符合筛选条件的人员。' }))];
  return res.rows.map((r) => h('tr', { class: r.problems.length ? 'row-invalid' : '' },
    // data-label: the column's name, shown beside the cell where the rows are cards (phones).
    h('td', { class: 'num', 'data-label': '行号', text: String(r.row) }),
    h('td', { class: 'id', 'data-label': '身份证号', text: r.id || '（未填写）' }),
    h('td', { class: 'name', text: r.name || '—' }),
    h('td', { 'data-label': '人员类别', text: r.group || '—' }),
    flagCell(r.qualifying, '计入认定'),
    flagCell(r.eligible, '计入奖补'),
    h('td', { class: 'problem', 'data-label': '原因' }, [...r.problems.map((t) => h('span', { class: 'row-error', text: t })), ...r.reasons.map((t) => h('span', { text: t }))]
      .flatMap((el, i) => (i ? ['；', el] : [el])))));
}

/** What a page shows, in words: `{ shown, caption, page }`. */
export function pageTexts(res, filter) {
  const range = res.rows.length ? `第 ${count(res.start + 1)}–${count(res.start + res.rows.length)} 人` : '0 人';
  const shown = `显示 ${range}，${filter === 'all' ? '共' : '筛选后共'} ${count(res.matched)} 人`;
  return { shown, caption: `人员明细，${shown}`, page: `第 ${count(res.page)} / ${count(res.pages)} 页` };
}

/** The progress line for the worker's phase message. */
export function phaseText(msg, fileName) {
  const name = safeName(fileName);
  if (msg.phase === 'loading') return `正在加载核查模块（文件“${name}”）…`;
  if (msg.phase === 'checking') return `正在读取并核查文件“${name}”（${(msg.bytes / 1024).toFixed(1)} KB）…`;
  return '正在整理核查结果…';
}
