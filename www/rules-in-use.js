// The rule book the page's views judge by: the compiled-in one, or a candidate the user chose
// with 使用此规则库 in the 规则库 view (rules.js), for this page only (a reload goes back to the
// compiled-in book). The page's core module (the self-check, 补贴测算, 车间核查) holds it; the
// workers' plan modules are given its text with each file (plans-module.js `useBook`). Views
// that show results subscribe to hear when it changes and check again.
import { loadCore, resetRules, setRules } from './core-module.js';

/** `{ json, name, version }` of the candidate in use, or null for the compiled-in book. */
let inUse = null;
const listeners = [];

/** The candidate in use (null: the compiled-in book). */
export const rulesInUse = () => inUse;

/** Calls `listener(inUse)` whenever the book in use changes. */
export function onRulesChange(listener) {
  listeners.push(listener);
}

/**
 * Makes `candidate` (`{ json, name, version }`, or null for the compiled-in book) the book every
 * view uses. Throws the core's error (code `rules.invalid`) if the book does not load; the book
 * in use then stays.
 */
export async function useRules(candidate) {
  await loadCore();
  if (candidate) setRules(candidate.json);
  else resetRules();
  inUse = candidate;
  for (const listener of listeners) listener(inUse);
}
