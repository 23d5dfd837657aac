// The 计划审核 view's rendering: pure functions from what the worker answered (the report, a
// page of rows, a row's verdict) to DOM nodes, which review.js puts in place. Nothing here
// holds state or touches the page. Everything from the file is set as text (format.js h()),
// never parsed as HTML.
import { h, grouped, percent, yuan, dateTime, horizonNotice, notHorizon, statusBadge, STATUS_WORDS, STATUS_ICONS } from './format.js';
import { FUND_NAMES, renderVerdict, styleShadow } from './verdict.js';

const FORMATS = { xlsx: 'Excel 工作簿（XLSX）', xls: 'Excel 97-2003 工作簿（XLS）', csv: 'CSV 文本', json: 'JSON' };
const COLUMNS = ['行号', '项目名称', '结果', '实际比例', '比例下限', '差额（元）', '问题'];
export const count = (n) => grouped(String(n));
const unnamed = (r) => r.name || '（未填写名称）';

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

/** A problem as one line: where, then what. */
export const problemLine = (p) => (where(p) ? `${where(p)}：${p.message}` : p.message);

/** The summary's counts by status, and the total. */
export function countNodes(summary) {
  return [
    ...['pass', 'fail', 'review', 'invalid'].map((s) => h('li', { class: `count count-${s}` },
      h('span', { class: 'count-label' },
        h('span', { class: 'st-icon', 'aria-hidden': 'true', text: STATUS_ICONS[s] }), STATUS_WORDS[s]),
      h('span', { class: 'count-value', text: count(summary[s]) }))),
    h('li', { class: 'count count-total' },
      h('span', { class: 'count-label', text: '合计' }),
      h('span', { class: 'count-value', text: count(summary.total) })),
  ];
}

/** What was read and how: file, format, sheet, header, rule book, dates. */
export function factNodes(report, asOfUsed, checkedAt) {
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
  return rows.map(([k, v]) => h('div', { class: 'fact' }, h('dt', { text: k }), h('dd', { text: v })));
}

function noteList(items, cap, text) {
  return h('ul', {},
    items.slice(0, cap).map((x) => h('li', { text: text(x) })),
    items.length > cap ? h('li', { class: 'more', text: `另有 ${count(items.length - cap)} 条未列出。` }) : null);
}

/**
 * Notes about the file: first the horizon notice (the rules rest on texts whose period ended
 * before the plan's date), then unmapped columns, skipped rows, warnings, no rows, the columns
 * read.
 */
export function noteNodes(report) {
  const out = [horizonNotice(report.warnings)].filter(Boolean);
  const warnings = report.warnings.filter(notHorizon);
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
  if (warnings.length) {
    out.push(h('section', { class: 'note note-warning' },
      h('h4', { text: `提示（${count(warnings.length)}）` }),
      noteList(warnings, 20, problemLine)));
  }
  if (report.summary.total === 0 && !report.errors.length) {
    out.push(h('section', { class: 'note note-warning' }, h('h4', { text: '文件中没有项目行' }),
      h('p', { text: '请确认表头下方填写了项目；空行和“合计”行不作为项目。' })));
  }
  if (report.columns.length) {
    out.push(h('details', { class: 'note columns' },
      h('summary', { text: `已识别的列（${report.columns.length}）` }),
      h('ul', {}, report.columns.map((c) => h('li', {
        text: `${c.column} 列“${c.header}” → ${c.label}${c.unit ? `，单位 ${c.unit}` : ''}`,
      })))));
  }
  return out;
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
    h('td', { class: 'name', text: unnamed(r) }),
    h('td', { 'data-label': '结果' }, statusBadge(r.status)),
    h('td', { class: 'num', 'data-label': '实际比例', text: r.ratio ? percent(r.ratio) : '—' }),
    h('td', { class: 'num', 'data-label': '比例下限', text: r.floor ? percent(r.floor, { keepZeros: false }) : '—' }),
    h('td', { class: 'num', 'data-label': '差额（元）', text: r.shortfall ? grouped(r.shortfall) : '—' }),
    h('td', { class: 'problem', 'data-label': '问题', text: problemText(r) }),
  ];
}

/** The print-only list of the projects that did not pass (the first `failing` of `failingCount`). */
export function printListNodes(failing, failingCount) {
  const nodes = [h('h3', { text: `未通过的项目（${count(failingCount)}）` })];
  if (!failingCount) {
    nodes.push(h('p', { text: '全部项目均符合劳务报酬比例要求。' }));
    return nodes;
  }
  nodes.push(h('table', { class: 'rows' },
    h('thead', {}, h('tr', {}, COLUMNS.map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, failing.map((r) => h('tr', { class: `row-${r.status}` }, cells(r))))));
  if (failingCount > failing.length) {
    nodes.push(h('p', { class: 'more', text: `仅列出前 ${count(failing.length)} 个，另有 ${count(failingCount - failing.length)} 个未通过的项目未列出，请查看导出的 CSV。` }));
  }
  return nodes;
}

/** A page of the table's rows (`res` the worker's page), each name a button to its detail. */
export function pageRowNodes(res) {
  if (!res.rows.length) return [h('tr', {}, h('td', { colspan: 7, class: 'empty', text: '没有符合筛选条件的项目。' }))];
  return res.rows.map((r) => {
    const tr = h('tr', { 'data-index': r.index, class: `row-${r.status}` }, cells(r));
    tr.children[1].replaceChildren(h('button', { type: 'button', class: 'row-link' },
      unnamed(r), h('span', { class: 'visually-hidden', text: '（查看详情）' })));
    return tr;
  });
}

/** What a page shows, in words: `{ shown, caption, page }`. */
export function pageTexts(res, status) {
  const range = res.rows.length ? `第 ${count(res.start + 1)}–${count(res.start + res.rows.length)} 个` : '0 个';
  const shown = `显示 ${range}，${status === 'all' ? '共' : '筛选后共'} ${count(res.matched)} 个项目`;
  return { shown, caption: `各项目的检查结果，${shown}`, page: `第 ${count(res.page)} / ${count(res.pages)} 页` };
}

/** The detail's title for a row of the table. */
export const detailTitle = (r) => `第 ${r.row} 行：${unnamed(r)}`;

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

/**
 * A row's full verdict in its own shadow root (the self-check's renderer, verdict.js), with the
 * project as read from the file. `care`: care mode, kept in step by early.js (data-care-host).
 */
export function verdictHost(verdict, checkedAt, care) {
  const host = h('div', { class: 'detail-verdict', 'data-care-host': true, care });
  const shadow = host.attachShadow({ mode: 'open' });
  // The detail's frame (review-detail.css) and the verdict's styles.
  styleShadow(shadow, ['review-detail.css', 'verdict.css']);
  const nodes = renderVerdict(verdict, {
    checkedAt,
    // A row's problems name their cell; the others name their field in their message.
    label: (e) => (e.column ? columnLabel(e.column) : ''),
  });
  if (verdict.proposal) nodes.splice(1, 0, proposalFacts(verdict.proposal));
  shadow.append(h('section', { class: 'verdict', 'data-status': verdict.status, 'aria-label': '检查结果' }, nodes));
  return host;
}
