// The 车间核查 view's data helpers, shared by the page (workshop.js, for the people typed into
// the form) and the roster worker (roster-worker.js, for an uploaded file): one flat row per
// employee with that row's errors merged in, the filtered page of rows the table shows, and the
// CSV export. No DOM here, so that a worker can import it.
//
// ID numbers: only the masked `id` the module returns is ever used, and every text that may
// echo input (names, messages) goes through maskNumbers() once more.
import { maskNumbers } from './format.js';

export const GROUP_NAMES = {
  poverty_alleviated: '脱贫人口',
  monitored: '防止返贫监测对象',
  relocated: '易地搬迁人口',
  low_income: '农村低收入人口',
  other: '其他人员',
};

/** Employee field keys → the column names people see. */
export const PERSON_LABELS = {
  id: '身份证号',
  name: '姓名',
  group: '人员类别',
  contractMonths: '合同期限（月）',
  monthsEmployed: '务工月数',
  annualIncome: '年收入（元）',
  subsidyClaimed: '已享受一次性吸纳补贴',
  hukouProvince: '户籍省份',
  row: '行号',
};

/** The employee field a problem's path names ("employees[3].annualIncome" → "annualIncome"). */
export function problemKey(problem) {
  const m = /^employees\[\d+\]\.?(.*)$/.exec(problem.field ?? '');
  return m ? m[1] : null;
}

/** "A（身份证号）" → "A 列“身份证号”"; a form's field key → its label. */
export function columnLabel(problem) {
  const m = /^([A-Z]+)（(.*)）$/.exec(problem.column ?? '');
  if (m) return `${m[1]} 列“${m[2]}”`;
  const key = problemKey(problem);
  return key ? PERSON_LABELS[key] ?? '' : '';
}

/**
 * The report's employees as flat rows: `{ index, row, id, name, group, qualifying, eligible,
 * problems, reasons }`, where `problems` are the row's errors (with their column) and
 * `reasons` the module's reasons.
 */
export function employeeRows(workshop) {
  const byRow = new Map();
  for (const e of workshop.errors ?? []) {
    if (e.row === undefined || e.row === null) continue;
    const where = columnLabel(e);
    const text = maskNumbers(where ? `${where}：${e.message}` : e.message);
    const list = byRow.get(e.row);
    if (list) list.push(text);
    else byRow.set(e.row, [text]);
  }
  return (workshop.employees ?? []).map((e, index) => ({
    index,
    row: e.row,
    id: maskNumbers(e.id ?? ''),
    name: maskNumbers(e.name ?? ''),
    group: e.group ? GROUP_NAMES[e.group] ?? e.group : '',
    qualifying: !!e.qualifying,
    eligible: !!e.eligible,
    problems: byRow.get(e.row) ?? [],
    reasons: (e.reasons ?? []).map(maskNumbers),
  }));
}

const FILTERS = {
  all: () => true,
  qualifying: (r) => r.qualifying,
  notqualifying: (r) => !r.qualifying,
  eligible: (r) => r.eligible,
  noteligible: (r) => !r.eligible,
};

/** One page of rows for a filter: `{ rows, matched, page, pages, start }`. */
export function pageOf(rows, { filter = 'all', page = 1, pageSize = 100 } = {}, cache = null) {
  let list = cache?.get(filter);
  if (!list) {
    list = filter === 'all' ? rows : rows.filter(FILTERS[filter] ?? FILTERS.all);
    cache?.set(filter, list);
  }
  const pages = Math.max(1, Math.ceil(list.length / pageSize));
  const current = Math.min(Math.max(1, page), pages);
  const start = (current - 1) * pageSize;
  return { rows: list.slice(start, start + pageSize), matched: list.length, page: current, pages, start };
}

/** A CSV cell: quoted when needed; a leading = + - @ is defused so that Excel shows it as text. */
function cell(value) {
  let text = String(value ?? '');
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows as CSV text (UTF-8 BOM, CRLF, for Excel), masked IDs only. */
export function rosterCsv(rows, { rowHeader = '行号' } = {}) {
  const lines = [[rowHeader, '身份证号（已脱敏）', '姓名', '人员类别', '计入认定', '计入奖补', '问题', '原因'].join(',')];
  for (const r of rows) {
    lines.push([
      r.row, r.id, r.name, r.group, r.qualifying ? '是' : '否', r.eligible ? '是' : '否',
      r.problems.join('；'), r.reasons.join('；'),
    ].map((v) => cell(maskNumbers(String(v ?? '')))).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
