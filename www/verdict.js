// The rendering of a verdict, shared by the self-check (<workrelief-check>) and the reviewer's
// row detail (计划审核): the headline with the overall status, one card per labour-share floor
// (ratio, floor, shortfall, the quoted policy sentence and its source), the rules that do not
// apply, advice and duties, warnings, and the rule book version. Everything is built with
// format.js h(), so text from a user or a file is never parsed as HTML.
//
// The styles are a constructable stylesheet (verdictSheet()) for a shadow root: the page's CSP
// (style-src 'self') allows no inline <style>, and a shadow root keeps them from leaking.
import { h, yuan, percent, dateTime, STATUS_WORDS, STATUS_ICONS } from './format.js';

export const FUND_NAMES = {
  central: '中央资金',
  provincial: '省级资金',
  municipal: '市级资金',
  county: '县级资金',
  other: '其他资金',
};

/**
 * The overall status, its sentence and, for an invalid verdict, the errors (each labelled by
 * `label(error)`, e.g. the form field or the spreadsheet column, or unlabelled when it returns
 * nothing).
 */
export function headline(verdict, errors = verdict.errors, label = () => '') {
  const s = verdict.status;
  return h('div', { class: `status status-${s}` },
    h('p', { class: 'headline' },
      h('span', { class: 'icon', 'aria-hidden': 'true', text: STATUS_ICONS[s] }),
      h('span', { class: 'word', text: STATUS_WORDS[s] })),
    h('p', { class: 'summary', text: verdict.summary }),
    s === 'invalid'
      ? h('ul', { class: 'error-list' }, errors.map((e) => {
        const where = label(e);
        return h('li', { text: where ? `${where}：${e.message}` : e.message });
      }))
      : null);
}

/** The findings (floors, rules that do not apply, advice and duties) and the warnings. */
export function findings(verdict) {
  const nodes = [];
  if (verdict.status !== 'invalid') {
    const floors = verdict.findings.filter((f) => f.kind === 'labour_share_floor' && f.status !== 'not_applicable');
    const advice = verdict.findings.filter((f) => f.status === 'advice');
    const notApplicable = verdict.findings.filter((f) => f.status === 'not_applicable');
    nodes.push(...floors.map(floorCard));
    if (notApplicable.length) {
      nodes.push(h('section', { class: 'group' },
        h('h3', { text: '不适用的规则' }),
        h('ul', { class: 'items' }, notApplicable.map(item))));
    }
    if (advice.length) {
      nodes.push(h('section', { class: 'group' },
        h('h3', { text: '建议与义务（不影响判定）' }),
        h('ul', { class: 'items' }, advice.map(item))));
    }
  }
  if (verdict.warnings.length) {
    nodes.push(h('section', { class: 'group warnings' },
      h('h3', { text: '提示' }),
      h('ul', {}, verdict.warnings.map((w) => h('li', { text: w.message })))));
  }
  return nodes;
}

/** Rule book version, date the rules were selected at, time of the check, disclaimer. */
export function meta(verdict, checkedAt = new Date()) {
  return h('p', { class: 'meta' },
    `规则库版本 ${verdict.ruleBookVersion}`,
    verdict.asOf ? `；核算日期 ${verdict.asOf}` : '',
    `；检查时间 ${dateTime(checkedAt)}`,
    h('span', { class: 'disclaimer', text: '。结果仅供自查参考，以主管部门审核为准。' }));
}

/** A whole verdict: headline, findings, warnings and meta. */
export function renderVerdict(verdict, { label, checkedAt } = {}) {
  return [headline(verdict, verdict.errors, label), ...findings(verdict), meta(verdict, checkedAt)];
}

export function badge(status, kind) {
  const word = status === 'advice' && kind === 'duty' ? '义务' : STATUS_WORDS[status];
  return h('span', { class: `badge badge-${status}` },
    h('span', { 'aria-hidden': 'true', text: `${STATUS_ICONS[status]} ` }), word);
}

export function floorCard(f) {
  const baseName = f.baseFunds?.length === 1
    ? FUND_NAMES[f.baseFunds[0]]
    : `各级财政资金（${(f.baseFunds ?? []).map((k) => FUND_NAMES[k]).join('＋')}）`;
  const figures = [
    ['基数', `${baseName} ${yuan(f.base)}`],
    ['劳务报酬', yuan(f.labour)],
    ['实际比例', f.ratio ? percent(f.ratio) : '无法计算'],
    ['比例下限', f.threshold
      ? `不低于 ${percent(f.floor, { keepZeros: false })}（至少 ${yuan(f.threshold)}）`
      : `不低于 ${percent(f.floor, { keepZeros: false })}`],
  ];
  let gap;
  if (f.status === 'pass') gap = h('dd', { class: 'gap gap-ok', text: '已达到下限' });
  else if (f.shortfall) gap = h('dd', { class: 'gap gap-short', text: `还需增加劳务报酬 ${yuan(f.shortfall)}` });
  else gap = h('dd', { class: 'gap gap-short', text: `请填写${baseName}` });
  return h('article', { class: `finding finding-${f.status}`, 'data-rule': f.rule },
    h('h3', {}, badge(f.status), ' ', f.title),
    h('dl', { class: 'figures' },
      figures.map(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })]),
      h('dt', { text: '差额' }), gap),
    h('p', { class: 'message', text: f.message }),
    citation(f));
}

export function item(f) {
  return h('li', { class: `item item-${f.status}`, 'data-rule': f.rule },
    h('p', { class: 'item-title' }, badge(f.status, f.kind), ' ', h('strong', { text: f.title })),
    h('p', { class: 'message', text: f.message }),
    citation(f));
}

export function citation(f) {
  const c = f.citation;
  const source = [`《${c.title}》`, c.docNumber ? `（${c.docNumber}）` : '', `第${c.clause}部分`,
    `，${c.issuer}`, c.date ? `，${c.date}` : ''].join('');
  return h('figure', { class: 'citation' },
    h('blockquote', { text: `“${c.quote}”` }),
    h('figcaption', {}, `依据：${source}`,
      f.validityNote ? h('span', { class: 'validity', text: `（有效期：${f.validityNote}）` }) : null,
      f.note ? h('span', { class: 'rule-note', text: ` 说明：${f.note}` }) : null));
}

const sheets = new Map();
/** A constructable stylesheet made once per text (shared by every shadow root that adopts it). */
export function constructedSheet(css) {
  let sheet = sheets.get(css);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    sheets.set(css, sheet);
  }
  return sheet;
}

/** The verdict's styles, for a shadow root's adoptedStyleSheets. */
export function verdictSheet() {
  return constructedSheet(VERDICT_CSS);
}

// Colours meet WCAG 2.1 AA (4.5:1) for text on their backgrounds; state is never colour alone.
export const VERDICT_CSS = `
.verdict { display: grid; gap: 1rem; }
.status { border-radius: 8px; padding: .9rem 1.1rem; border: 2px solid; }
.status p { margin: .2rem 0; }
.headline { font-size: 1.35rem; font-weight: 700; display: flex; gap: .5rem; align-items: center; }
.icon { display: inline-grid; place-items: center; width: 1.8rem; height: 1.8rem; border-radius: 50%; color: #fff; font-size: 1.1rem; }
.status-pass { background: #e7f4ea; border-color: #1e6b34; color: #14502a; }
.status-pass .icon { background: #1e6b34; }
.status-fail { background: #fdecea; border-color: #b3261e; color: #8c1d18; }
.status-fail .icon { background: #b3261e; }
.status-review { background: #fff4e0; border-color: #8a5300; color: #6b4000; }
.status-review .icon { background: #8a5300; }
.status-invalid { background: #f3e8fd; border-color: #6a1b9a; color: #4a148c; }
.status-invalid .icon { background: #6a1b9a; }
.status-pending { background: #f1f3f5; border-color: #6b7280; color: #30343a; }
.error-list { margin: .4rem 0 0; padding-left: 1.25rem; }
.finding { border: 1px solid #c8ccd2; border-left-width: 6px; border-radius: 8px; padding: .9rem 1.1rem; background: #fff; }
.finding-pass { border-left-color: #1e6b34; }
.finding-fail { border-left-color: #b3261e; }
.finding h3, .group h3 { margin: 0 0 .5rem; font-size: 1.05rem; }
.badge { display: inline-block; font-size: .85rem; font-weight: 700; padding: .05rem .5rem; border-radius: 999px; border: 1px solid; vertical-align: .1em; }
.badge-pass { color: #14502a; background: #e7f4ea; }
.badge-fail { color: #8c1d18; background: #fdecea; }
.badge-advice { color: #0b3d91; background: #e8f0fe; }
.badge-not_applicable { color: #30343a; background: #f1f3f5; }
.figures { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .25rem 0 .5rem; }
.figures dt { color: #4a4f57; }
.figures dd { margin: 0; font-variant-numeric: tabular-nums; }
.gap-short { color: #8c1d18; font-weight: 700; }
.gap-ok { color: #14502a; font-weight: 600; }
.message { margin: .3rem 0; }
.citation { margin: .5rem 0 0; padding: .5rem .8rem; background: #f6f7f9; border-radius: 6px; font-size: .92rem; }
.citation blockquote { margin: 0 0 .25rem; font-family: "Songti SC", "SimSun", "Noto Serif CJK SC", serif; color: #1a1a1a; }
.citation figcaption { color: #4a4f57; }
.group { border: 1px solid #c8ccd2; border-radius: 8px; padding: .9rem 1.1rem; background: #fff; }
.items { list-style: none; margin: 0; padding: 0; display: grid; gap: .75rem; }
.item-title { margin: 0; }
.warnings { background: #fff8e1; border-color: #8a5300; }
.meta { color: #4a4f57; font-size: .85rem; margin: 0; }
@media print {
  .verdict { gap: 6pt; }
  .finding, .group, .status { break-inside: avoid; padding: 5pt 8pt; }
  .citation { font-size: 8.5pt; padding: 2pt 6pt; margin-top: 2pt; }
  .figures { margin: 0 0 2pt; gap: 0 1rem; }
  .items { gap: 4pt; }
  .finding h3, .group h3 { margin: 0 0 2pt; font-size: 10pt; }
  .group { break-inside: auto; }
  .item { break-inside: avoid; }
  /* On paper an advice item is its title and its quoted source; the sentence repeats the title. */
  .item .message, .item .validity, .rule-note { display: none; }
  .headline { font-size: 13pt; }
}
`;
