// What the 补贴测算 and 车间核查 views share: status badges (a word and an icon, the colour only
// repeats them), policy citations in the self-check's style (verdict.js citation()), and the
// province list. Everything is built with format.js h(): text is never parsed as HTML.
import { h } from './format.js';
import { citation } from './verdict.js';
import { provinces } from './core-module.js';

/**
 * A status badge. `tone` picks the colours (pass, fail, review, info, none: see style.css .st-*),
 * `icon` is decorative, `word` says the status.
 */
export function badge(tone, icon, word) {
  return h('span', { class: `st st-${tone}` },
    h('span', { class: 'st-icon', 'aria-hidden': 'true', text: icon }), word);
}

/** The quoted policy sentence and its source, with how the rule was read. */
export function cite(c, { validityNote, note } = {}) {
  if (!c) return null;
  return citation({ citation: c, validityNote, note });
}

/** Fills a <select> with the provincial-level divisions (keeping its first, empty option). */
export function fillProvinces(select, keepFirst = false) {
  const first = keepFirst ? select.options[0] : null;
  select.replaceChildren(...(first ? [first] : []),
    ...provinces().map((p) => h('option', { value: p.code, 'data-short': p.short, text: p.name })));
}

/** A province value from a link: a code, a full name or a short name; '' when unknown. */
export function provinceValue(select, value) {
  if (!value) return '';
  const match = [...select.options].find((o) => o.value && (o.value === value || o.textContent === value || o.dataset.short === value));
  return match ? match.value : '';
}

/** Shows `messages` in a field's error element and marks its control. */
export function showError(el, control, messages) {
  if (!el) return;
  el.textContent = messages.join('；');
  el.hidden = messages.length === 0;
  if (!control) return;
  if (messages.length) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
}

/** Replaces a live region's content only when its text changes, so that it is not re-announced. */
export function setLive(el, nodes, key) {
  if (el.dataset.key === key) return;
  el.dataset.key = key;
  el.replaceChildren(...nodes.filter(Boolean));
}
