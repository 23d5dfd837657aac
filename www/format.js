// Display helpers over the exact decimal strings the module returns. Amounts and ratios are
// never turned into binary floats here: grouping and percent are string operations.

/** "1500000.00" → "1,500,000.00" */
export function grouped(yuan) {
  if (typeof yuan !== 'string') return '';
  const [int, frac] = yuan.split('.');
  const digits = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? digits : `${digits}.${frac}`;
}

/**
 * A moment as local time, "2026-11-23 09:05:07", for the time stamps of printed reports. Written
 * out by hand: the first use of a locale's date formats (toLocaleString) costs tens of
 * milliseconds, which the page's first verdict would wait for.
 */
export function dateTime(d = new Date()) {
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} `
    + `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** "1500000.00" → "¥1,500,000.00" */
export function yuan(value) {
  return value ? `¥${grouped(value)}` : '—';
}

/** A decimal fraction string to a percent string, without floats: "0.2999" → "29.99%", "0.30" → "30%". */
export function percent(fraction, { keepZeros = true } = {}) {
  if (typeof fraction !== 'string' || !/^\d+(\.\d+)?$/.test(fraction)) return '—';
  const [int, frac = ''] = fraction.split('.');
  const padded = frac.padEnd(2, '0');
  let whole = (int + padded.slice(0, 2)).replace(/^0+(?=\d)/, '');
  let rest = padded.slice(2);
  if (!keepZeros) rest = rest.replace(/0+$/, '');
  return rest ? `${whole}.${rest}%` : `${whole}%`;
}

/**
 * Builds an element. Strings and numbers become text nodes (never HTML), so nothing from a
 * user or a file can ever be parsed as markup.
 */
/** The code of the core's warning that a check is dated past the horizon of a document it relies on. */
export const PAST_HORIZON = 'rules.past_horizon';

/** Whether a warning is one other than the horizon's (which horizonNotice() shows on its own). */
export const notHorizon = (w) => w.code !== PAST_HORIZON;

/**
 * The horizon notice shown beside a verdict, a plan's summary, a workshop's result or an
 * estimate: each document relied on whose period ended before the date checked, in words (an
 * icon and a heading, never colour alone); null when there is none.
 */
export function horizonNotice(warnings = []) {
  const past = warnings.filter((w) => w.code === PAST_HORIZON);
  if (!past.length) return null;
  return h('div', { class: 'horizon-notice', role: 'note', 'data-note': 'horizon' },
    h('p', { class: 'horizon-title' },
      h('span', { 'aria-hidden': 'true', text: '⚠ ' }), '依据的政策文件可能已过适用期限'),
    h('ul', {}, past.map((w) => h('li', { text: w.message }))));
}

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export const STATUS_WORDS = {
  pass: '符合',
  fail: '不符合',
  review: '需人工审核',
  invalid: '输入有误',
  advice: '建议',
  not_applicable: '不适用',
};

export const STATUS_ICONS = {
  pass: '✓',
  fail: '✗',
  review: '?',
  invalid: '!',
  advice: 'i',
  not_applicable: '–',
};

/** A result's status as a badge: its icon (decoration) and its word, never colour alone. */
export function statusBadge(status) {
  return h('span', { class: `st st-${status}` },
    h('span', { class: 'st-icon', 'aria-hidden': 'true', text: STATUS_ICONS[status] }),
    STATUS_WORDS[status]);
}

/**
 * Masks every run of 15 or more digits (half- or full-width, with a final X) as the module
 * does: the first 4 and last 4 characters stay, the rest become "*". For text that may echo
 * an identity number typed in the wrong place (a file name, a column header), so that no
 * number ever comes out whole, whatever the module returned.
 */
export function maskNumbers(text) {
  if (typeof text !== 'string') return text;
  return text.replace(/[0-9０-９]{15,}[XxＸｘ]?/g, (run) => {
    const chars = [...run];
    return chars.map((c, i) => (i < 4 || i >= chars.length - 4 ? c : '*')).join('');
  });
}
