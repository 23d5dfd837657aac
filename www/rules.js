// The 规则库 view, for the policy staff who keep the rule book: what is in force on a date in a
// region, with each rule's floor, period, version and the sentence it rests on; and a candidate
// rule book (a rules.json, or an overlay saying "extends": "builtin") read from a local file and
// previewed before anything uses it: its problems with their JSON paths, what differs from the
// book in use, and each project of a sample plan judged under both books. Only 使用此规则库
// puts it in use, for every view of this page (rules-in-use.js), until 恢复内置规则库 or a reload.
//
// The answers come from the on-demand plan module (pkg/workrelief_xls.js, through
// plans-module.js `xlsReady`: the plan module with the .xls reader and the rule tools), loaded on
// this thread when the view is first shown: neither the page's module nor the workers' first one
// carries the rule tools. Its book is kept the same as the page's (`useBook`) before every call. Rendering
// is in the functions at the end, from the module's plain objects to nodes.
import { dateTime, h, maskNumbers, percent, statusBadge, yuan } from './format.js';
import { fillProvinces } from './benefit-view.js';
import { loadCore, projectKinds } from './core-module.js';
import { onRulesChange, rulesInUse, useRules } from './rules-in-use.js';

/**
 * The sample plan a candidate is tried on when the user picks none: projects on both sides of
 * the example overlays' dates and floors (examples/rules/), in 示例县 (629901) and elsewhere.
 */
const SAMPLE_NAME = '内置示例计划.csv';
const SAMPLE_CSV = [
  '项目名称,所在省份,区县代码,项目类型,中央资金（万元）,劳务报酬（万元）,核算日期',
  '示例县产业路,甘肃省,629901,中央财政衔接资金以工代赈任务,375,157.50,2026-03-01',
  '示例县灌溉渠,甘肃省,629901,中央财政衔接资金以工代赈任务,375,157.49,2026-03-01',
  '示例县便民桥（2025 年）,甘肃省,629901,中央财政衔接资金以工代赈任务,375,150,2025-12-01',
  '城关区护坡,甘肃省,620102,中央财政衔接资金以工代赈任务,375,150,2026-03-01',
  '某村机耕道,甘肃省,620102,以工代赈中央预算内投资项目,500,175,2026-06-01',
  '某村排洪沟,甘肃省,620102,以工代赈中央预算内投资项目,500,200,2026-06-01',
].join('\r\n');

const ELEMENTS = ['form', 'asof', 'province', 'county', 'county-error', 'summary', 'list', 'ended',
  'file', 'plan', 'plan-name', 'preview', 'preview-title', 'problems', 'diff', 'sample', 'actions',
  'use', 'discard', 'in-use', 'reset', 'status', 'jump'];

export function initRules() {
  const el = Object.fromEntries(ELEMENTS.map((id) => [id, document.getElementById(`rules-${id}`)]));
  const v = {
    el,
    plans: null,
    /** The candidate file's text and name, once read. */
    text: null,
    name: '',
    /** The candidate as it can be used: { json, name, version } once it loads, else null. */
    candidate: null,
    /** The sample plan the user picked: { bytes, name }, or null for the built-in one. */
    sample: null,
  };
  el.asof.value = today();
  v.plans = import('./plans-module.js').then((m) => m.xlsReady().then((build) => ({ build, useBook: m.useBook })));
  v.plans.catch(() => {});
  loadCore().then(() => {
    fillProvinces(el.province, true);
    el.province.value = '';
    show(v);
  }, () => fail(v, '规则库模块加载失败，请刷新页面重试。'));
  wire(v);
}

/** Today's local date, YYYY-MM-DD. */
const today = () => dateTime().slice(0, 10);

/** The plan module with the page's book in use. */
async function plansModule(v) {
  const { build, useBook } = await v.plans;
  useBook(build, rulesInUse()?.json ?? null);
  return build.exports;
}

function fail(v, message) {
  v.el.summary.replaceChildren(h('span', { class: 'error-text', text: message }));
}

function wire(v) {
  const { el } = v;
  el.form.addEventListener('submit', (e) => {
    e.preventDefault();
    show(v);
  });
  el.form.addEventListener('change', () => show(v));
  el.county.addEventListener('input', () => {
    if (/^\d{6}$/.test(el.county.value.trim()) || el.county.value.trim() === '') show(v);
  });
  el.file.addEventListener('change', () => {
    const file = el.file.files?.[0];
    if (file) readCandidate(v, file);
  });
  el.plan.addEventListener('change', async () => {
    const file = el.plan.files?.[0];
    if (!file) return;
    try {
      v.sample = { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name };
    } catch {
      v.sample = null;
      el['plan-name'].textContent = `无法读取文件“${maskNumbers(file.name)}”，仍使用内置示例计划。`;
      return;
    }
    el['plan-name'].textContent = `示例计划：${maskNumbers(file.name)}`;
    if (v.text) preview(v);
  });
  // The list of rules in force is long: the candidate's section is one press away.
  el.jump.addEventListener('click', () => {
    el.file.scrollIntoView({ block: 'center' });
    el.file.focus();
  });
  el.use.addEventListener('click', () => use(v));
  el.discard.addEventListener('click', () => discard(v));
  el.reset.addEventListener('click', () => useRules(null).catch((err) => console.error(err)));
  onRulesChange((inUse) => {
    el['in-use'].hidden = !inUse;
    show(v);
    if (v.text) preview(v);
  });
}

/** The region the form asks about, as the module reads it: a county code, a province, or all. */
function region({ el }) {
  const county = el.county.value.trim();
  if (county) return county;
  return el.province.value;
}

/** What is in force for the form's date and region. */
async function show(v) {
  const { el } = v;
  const county = el.county.value.trim();
  const countyError = county && !/^\d{6}$/.test(county) ? '区县代码应为 6 位数字，如 629901' : '';
  el['county-error'].textContent = countyError;
  el['county-error'].hidden = !countyError;
  el.county.setAttribute('aria-invalid', countyError ? 'true' : 'false');
  if (countyError) return;
  let answer;
  try {
    answer = (await plansModule(v)).rulesInForce(el.asof.value || today(), region(v));
  } catch (err) {
    if (err?.code) fail(v, err.message);
    else {
      console.error(err);
      fail(v, '规则库模块加载失败，请刷新页面重试。');
    }
    return;
  }
  const kinds = new Map(projectKinds().map((k) => [k.id, k.name]));
  el.summary.textContent = `规则库 ${answer.book}：${answer.asOf} 在${answer.region}有效的规则和激励政策 ${answer.inForce.length} 项`
    + (answer.notInForce.length ? `，未生效或已失效 ${answer.notInForce.length} 项。` : '。');
  el.list.replaceChildren(...answer.inForce.map((e) => entryCard(e, kinds)));
  el.ended.replaceChildren(...endedNodes(answer.notInForce));
}

/** Reads the candidate file (never sent anywhere) and previews it. */
async function readCandidate(v, file) {
  v.candidate = null;
  v.text = null;
  try {
    v.text = await file.text();
  } catch {
    showPreview(v, `无法读取文件“${maskNumbers(file.name)}”`, { problems: [h('p', { text: '请确认文件未被其他程序占用，然后重新选择。' })] });
    return;
  }
  // Shown in titles and the banner: a file named after an ID number is shown masked.
  v.name = maskNumbers(file.name);
  await preview(v);
}

/**
 * Shows the preview: its title (also announced), and either `problems` (nodes; then nothing
 * can be used) or the `diff` and `sample` nodes with 使用此规则库.
 */
function showPreview({ el }, title, { problems = [], diff = [], sample = [] }) {
  el.preview.hidden = false;
  el['preview-title'].textContent = title;
  el.problems.replaceChildren(...problems);
  el.problems.hidden = !problems.length;
  el.diff.replaceChildren(...diff);
  el.sample.replaceChildren(...sample);
  el.actions.hidden = problems.length > 0;
  el.status.textContent = title;
}

async function preview(v) {
  let result;
  try {
    const plans = await plansModule(v);
    const sample = v.sample ?? { bytes: new TextEncoder().encode(SAMPLE_CSV), name: SAMPLE_NAME };
    result = plans.previewRules(v.text, sample.bytes, sample.name, { unit: '元' });
    result.sampleName = maskNumbers(sample.name);
  } catch (err) {
    console.error(err);
    v.candidate = null;
    showPreview(v, `无法预览“${v.name}”`, { problems: [h('p', { text: err?.code ? err.message : '规则库模块出错，请刷新页面重试。' })] });
    return;
  }
  v.candidate = result.version ? { json: v.text, name: v.name, version: result.version } : null;
  if (result.problems.length) {
    showPreview(v, `候选规则库“${v.name}”有 ${result.problems.length} 处问题，不能使用`, { problems: problemNodes(result.problems) });
    return;
  }
  showPreview(v, `候选规则库“${v.name}”（版本 ${result.version}）：未发现问题`, {
    diff: diffNodes(result.diff),
    sample: sampleNodes(result.plan, result.sampleName),
  });
  v.el.use.disabled = rulesInUse()?.json === v.text;
}

async function use(v) {
  const { el } = v;
  if (!v.candidate) return;
  try {
    await useRules(v.candidate);
  } catch (err) {
    console.error(err);
    el.status.textContent = `未能使用“${v.candidate.name}”：${err?.code ? err.message : '规则库模块出错'}`;
    return;
  }
  el.status.textContent = `已使用候选规则库“${v.candidate.name}”（版本 ${v.candidate.version}）。本页各项检查、测算和核查均按它计算，刷新页面后恢复内置规则库。`;
  el.use.disabled = true;
}

function discard(v) {
  const { el } = v;
  v.candidate = null;
  v.text = null;
  el.file.value = '';
  el.preview.hidden = true;
  el.status.textContent = '已放弃候选规则库，未作任何更改。';
  el.file.focus();
}

// ------------------------------------------------------------------------------------------
// Rendering: the module's plain objects to nodes.

function period(validity) {
  return `${validity.from ?? '（不限）'} 至 ${validity.to ?? '（不限）'}`;
}

function row(term, ...value) {
  return [h('dt', { text: term }), h('dd', {}, ...value)];
}

/** One rule or benefit in force: floor, period, version, where, and its citation. */
function entryCard(e, kinds) {
  const kind = e.kind === 'rule' ? '规则' : '激励政策';
  const c = e.citation;
  return h('li', { class: 'rule-card' },
    h('h4', {}, e.title, ' ', h('span', { class: 'rule-id', text: `${kind} ${e.id}` })),
    h('dl', {},
      row('适用地区', e.jurisdiction),
      e.versions > 1 ? row('版本', `第 ${e.version} 版，共 ${e.versions} 版`) : null,
      row('有效期', period(e.validity)),
      e.floor ? row('劳务报酬比例下限', `${percent(e.floor, { keepZeros: false })}（基数：${(e.base ?? []).join('、')}）`) : null,
      e.kind === 'rule' ? row('性质', e.mandatory ? '强制' : '建议') : null,
      e.appliesTo?.length ? row('适用项目类型', e.appliesTo.map((id) => kinds.get(id) ?? id).join('、')) : null,
      row('依据', `《${c.title}》${c.docNumber ? `（${c.docNumber}）` : ''}${c.clause}`)),
    h('blockquote', { class: 'quote', text: `“${c.quote}”` }));
}

function endedNodes(list) {
  if (!list.length) return [];
  return [h('h4', { text: `该日期未生效或已失效（${list.length} 项）` }),
    h('ul', { class: 'ended-list' }, list.map((n) => h('li', { text: `《${n.title}》（${n.id}）：${n.message}` })))];
}

function problemNodes(problems) {
  return [h('ul', { class: 'problem-list' },
    problems.map((p) => h('li', {}, p.field ? h('code', { text: p.field }) : null, p.field ? '：' : '', p.message)))];
}

const CHANGE = { added: '新增', removed: '删除', changed: '修改' };
const CATEGORIES = [['documents', '政策文件'], ['projectKinds', '项目类型'], ['rules', '规则'], ['benefits', '激励政策']];

function fieldList(fields = []) {
  return fields.length ? h('ul', {}, fields.map((f) => h('li', { text: f.text }))) : null;
}

/** What differs from the book in use, by category; each change in words. */
function diffNodes(diff) {
  const heading = h('h4', { text: `与现用规则库的差异（${diff.oldVersion} → ${diff.newVersion}）` });
  const groups = CATEGORIES.filter(([key]) => diff[key].length);
  if (!groups.length) return [heading, h('p', { text: '两份规则库的文件、项目类型、规则和激励政策均相同。' })];
  return [heading, ...groups.map(([key, name]) => h('div', { class: 'diff-group' },
    h('h5', { text: `${name}（${diff[key].length} 项有变化）` }),
    h('ul', { class: 'diff-list' }, diff[key].map((item) => h('li', {},
      h('span', { class: `change change-${item.change}`, text: `[${CHANGE[item.change]}]` }), ` 《${item.title}》 `,
      h('span', { class: 'rule-id', text: item.id }),
      fieldList(item.fields),
      item.versions?.length ? h('ul', {}, item.versions.map((ver) => h('li', {},
        `[${CHANGE[ver.change]}版本] ${ver.from ? `自 ${ver.from} 起` : '最初'}`, fieldList(ver.fields)))) : null)))))];
}

function outcome(r) {
  const parts = [statusBadge(r.status)];
  if (r.floor) parts.push(h('span', { class: 'detail', text: `下限 ${percent(r.floor, { keepZeros: false })}` }));
  if (r.status === 'fail' && r.shortfall) parts.push(h('span', { class: 'detail', text: `差 ${yuan(r.shortfall)}` }));
  if (r.error) parts.push(h('span', { class: 'detail', text: r.error }));
  return parts;
}

const SAMPLE_COLUMNS = ['行号', '项目名称', '现用规则库', '候选规则库', '变化'];

/** Each project of the sample plan under both books; the rows judged differently first marked. */
function sampleNodes(plan, name) {
  const heading = h('h4', { text: `对示例计划的影响（${name}）` });
  if (!plan) return [heading];
  if (plan.errors.length) return [heading, ...problemNodes(plan.errors)];
  const caption = `共 ${plan.rows.length} 个项目，${plan.changed} 个结果有变化`;
  return [heading,
    h('div', { class: 'table-wrap', role: 'region', 'aria-label': `示例计划的比较，${caption}`, tabindex: '0' },
      h('table', { class: 'rows sample-table', id: 'rules-sample-table' },
        h('caption', { text: caption }),
        h('thead', {}, h('tr', {}, SAMPLE_COLUMNS.map((t) => h('th', { scope: 'col', text: t })))),
        h('tbody', {}, plan.rows.map((r) => h('tr', { class: r.changed ? 'changed' : null },
          // Each cell names its column: on a phone the rows are cards (style.css).
          h('td', { 'data-label': SAMPLE_COLUMNS[0], text: String(r.row) }),
          h('td', { class: 'name', text: r.name ?? '（未填写名称）' }),
          h('td', { 'data-label': SAMPLE_COLUMNS[2] }, h('div', {}, outcome(r.before))),
          h('td', { 'data-label': SAMPLE_COLUMNS[3] }, h('div', {}, outcome(r.after))),
          h('td', { 'data-label': SAMPLE_COLUMNS[4], text: r.changed ? '有变化' : '无变化' }))))))];
}
