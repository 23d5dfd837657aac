// The rendering of a verdict, shared by the self-check (<workrelief-check>) and the reviewer's
// row detail (计划审核): the headline with the overall status, one card per labour-share floor
// (ratio, floor, shortfall, the quoted policy sentence and its source), the rules that do not
// apply, advice and duties, warnings, and the rule book version. Everything is built with
// format.js h(), so text from a user or a file is never parsed as HTML.
//
// Its styles are verdict.css, for a shadow root (styleShadow()), which keeps them from leaking.
import { h, yuan, percent, dateTime, horizonNotice, notHorizon, STATUS_WORDS, STATUS_ICONS } from './format.js';
import { SHADOW_STYLES } from './shadow-styles.js';

export const FUND_NAMES = {
  central: '中央资金',
  provincial: '省级资金',
  municipal: '市级资金',
  county: '县级资金',
  other: '其他资金',
};

/** The code of the core's warning on an amount that looks written in the other unit. */
export const UNIT_SUSPECT = 'amount.unit_suspect';

/**
 * The overall status, its sentence and, for an invalid verdict, the errors (each labelled by
 * `label(error)`, e.g. the form field or the spreadsheet column, or unlabelled when it returns
 * nothing).
 */
export function headline(verdict, errors = verdict.errors, label = () => '') {
  const s = verdict.status;
  // An amount that looks written in the other unit: the verdict must not read as a plain
  // 符合 (or 不符合) on amounts that may be 10,000 times off; the status stays as computed.
  const unitWarnings = s === 'invalid' ? [] : verdict.warnings.filter((w) => w.code === UNIT_SUSPECT);
  const tone = unitWarnings.length ? 'review' : s;
  return h('div', { class: `status status-${tone}`, 'data-unit-suspect': unitWarnings.length ? 'true' : null },
    h('p', { class: 'headline' },
      h('span', { class: 'icon', 'aria-hidden': 'true', text: STATUS_ICONS[unitWarnings.length ? 'review' : s] }),
      h('span', { class: 'word', text: unitWarnings.length ? '请先核对金额单位' : STATUS_WORDS[s] })),
    // The core's summary then starts with the headline's words: not said twice.
    h('p', { class: 'summary', text: unitWarnings.length ? verdict.summary.replace(/^请先核对金额单位：/, '') : verdict.summary }),
    unitWarnings.length
      // Each message names its field and the amount in both readings.
      ? h('ul', { class: 'unit-warnings' }, unitWarnings.map((w) => h('li', { text: w.message })))
      : null,
    s === 'invalid'
      ? h('ul', { class: 'error-list' }, errors.map((e) => {
        const where = label(e);
        return h('li', { text: where ? `${where}：${e.message}` : e.message });
      }))
      // Rules resting on texts whose period has ended: said with the verdict, not under it.
      : horizonNotice(verdict.warnings));
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
  // The horizon's warnings are in the headline (horizonNotice()).
  const warnings = verdict.status === 'invalid' ? verdict.warnings : verdict.warnings.filter(notHorizon);
  if (warnings.length) {
    nodes.push(h('section', { class: 'group warnings' },
      h('h3', { text: '提示' }),
      h('ul', {}, warnings.map((w) => h('li', { text: w.message })))));
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

/**
 * Whether a shadow root takes constructed stylesheets: Chromium 73, Firefox 101, Safari 16.4. Not
 * Safari 15 (WeChat on iOS 15), which links the files instead.
 */
const CONSTRUCTED = typeof ShadowRoot === 'function' && 'adoptedStyleSheets' in ShadowRoot.prototype
  && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype;

/** Constructed stylesheets by file name: each made once per page, shared by every root. */
const sheets = new Map();

function constructedSheet(name) {
  let sheet = sheets.get(name);
  if (!sheet) {
    // eslint-disable-next-line no-restricted-syntax -- called only where CONSTRUCTED
    sheet = new CSSStyleSheet();
    // eslint-disable-next-line no-restricted-properties -- called only where CONSTRUCTED
    sheet.replaceSync(SHADOW_STYLES[name]);
    sheets.set(name, sheet);
  }
  return sheet;
}

/**
 * Styles a shadow root with stylesheets of www/ by file name ('verdict.css'). Where the browser
 * has constructed stylesheets they are made from the files' text in shadow-styles.js, once per
 * page, at once and without a request. Safari before 16.4 (WeChat on iOS 15) cannot construct a
 * sheet and the page's CSP (style-src 'self') refuses an inline <style>: there the root links the
 * files (same origin), before its other content. Resolves once the styles apply, or failed to
 * load (the content still works, unstyled); never rejects. Links load only in a document: for a
 * root whose host is not in one yet, it resolves at once and the styles apply once it is added.
 */
export function styleShadow(root, names) {
  for (const name of names) {
    if (typeof SHADOW_STYLES[name] !== 'string') throw new Error(`styleShadow: no stylesheet ${name} in shadow-styles.js`);
  }
  if (CONSTRUCTED) {
    // eslint-disable-next-line no-restricted-properties -- only where CONSTRUCTED
    root.adoptedStyleSheets = names.map(constructedSheet);
    return Promise.resolve();
  }
  const links = names.map((name) => h('link', { rel: 'stylesheet', href: new URL(`./${name}`, import.meta.url).href }));
  const loaded = links.map((link) => new Promise((resolve) => {
    link.addEventListener('load', resolve);
    link.addEventListener('error', resolve);
  }));
  root.prepend(...links);
  return root.host?.isConnected === false ? Promise.resolve() : Promise.all(loaded).then(() => {});
}
