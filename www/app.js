// The page: five views chosen by the URL fragment (#check, #review, #estimate, #workshop, #rules). The
// self-check's form lives in the fragment too (#check?kind=…&central=…), so a link reproduces a
// check; so does the subsidy estimate's (#estimate?group=…) and the workshop check's options
// (#workshop?province=…: never its people, whose ID numbers must not reach a link). Fragments
// never reach a server. The review view is review.js (its checks run in a Web Worker,
// review-worker.js); 补贴测算 is estimate.js; 车间核查 is workshop.js (files are checked in
// roster-worker.js); 规则库 is rules.js, for policy staff (loaded only when shown: it brings the
// on-demand plan module, which carries the rule tools, onto this thread). A rule book chosen there is used by every view
// (rules-in-use.js); the banner above the views says so, with the way back.
//
// Load order (the first verdict is the page's budget): this module imports only what the
// self-check needs (index.html preloads those modules and the .wasm; boot.js, loaded async,
// usually has the Wasm module started or ready before this runs). The other views' modules are
// imported when their view is first shown, or in the background once the first verdict is on
// the screen (not 规则库's); a view is shown only once its module has set it up, so nothing can be
// typed or dropped into a view without its handlers.
import './workrelief-check.js';
import { loadCore } from './core-module.js';
import { onRulesChange, useRules } from './rules-in-use.js';

const VIEWS = ['check', 'review', 'estimate', 'workshop', 'rules'];

function parseHash() {
  const raw = location.hash.replace(/^#/, '');
  const [view, query = ''] = raw.split('?');
  return { view: VIEWS.includes(view) ? view : 'check', query };
}

function show(view) {
  // From now on the views' hidden attributes say which is shown, not early.js's first guess.
  delete document.documentElement.dataset.view;
  for (const v of VIEWS) {
    document.getElementById(`view-${v}`).hidden = v !== view;
    const tab = document.querySelector(`a[data-view="${v}"]`);
    if (v === view) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
}

const check = document.querySelector('workrelief-check');
let applying = false;

/** Views whose state is in the fragment, besides the self-check: { state, onchange }, once loaded. */
const stateful = {};

/** Each other view's module and how to set it up (once). */
const SETUP = {
  review: () => import('./review.js').then((m) => { m.initReview(); }),
  estimate: () => import('./estimate.js').then((m) => { stateful.estimate = wire('estimate', m.initEstimate()); }),
  workshop: () => import('./workshop.js').then((m) => { stateful.workshop = wire('workshop', m.initWorkshop()); }),
  rules: () => import('./rules.js').then((m) => { m.initRules(); }),
};
/** Not loaded in the background: only policy staff open it, and it loads the plan module. */
const ON_DEMAND = ['rules'];
const setups = {};
/** A promise that the view's module is loaded and set up; the self-check's is this module. */
function setUp(view) {
  if (!SETUP[view]) return null;
  if (!setups[view]) {
    setups[view] = SETUP[view]();
    // A failed import (the network went away) may be tried again when the view is next shown.
    setups[view].catch(() => { delete setups[view]; });
  }
  return setups[view];
}

function wire(view, ctrl) {
  // The fragment's state first, before the view fills its form (it may do so in the next
  // microtask, when the core module is already loaded, and would then report an empty form).
  const { view: current, query: initial } = parseHash();
  if (current === view && initial) {
    applying = true;
    ctrl.state = initial;
    applying = false;
  }
  ctrl.onchange = (state) => {
    if (applying || parseHash().view !== view) return;
    const next = state ? `#${view}?${state}` : `#${view}`;
    if (location.hash !== next) history.replaceState(null, '', next);
  };
  // Once the core module is ready the view's form is filled: bring the fragment up to date.
  loadCore().then(() => {
    const { view: current, query } = parseHash();
    if (current === view && ctrl.state !== query) {
      history.replaceState(null, '', ctrl.state ? `#${view}?${ctrl.state}` : `#${view}`);
    }
  }, () => {});
  return ctrl;
}

let routing = 0;
function route() {
  const { view } = parseHash();
  const pending = setUp(view);
  if (!pending) {
    apply();
    return;
  }
  const token = ++routing;
  pending.then(() => {
    // Only the latest navigation is shown (a tab clicked while another view was loading).
    if (token === routing) apply();
  }, (err) => {
    console.error(err);
    if (token === routing) apply();
  });
}

function apply() {
  ++routing;
  const { view, query } = parseHash();
  show(view);
  if (view === 'check' && query !== check.state) {
    applying = true;
    check.state = query;
    applying = false;
  }
  const ctrl = stateful[view];
  if (ctrl) {
    // A bare #estimate (a tab clicked) keeps what is filled in; a fragment with a query sets it.
    if (query && query !== ctrl.state) {
      applying = true;
      ctrl.state = query;
      applying = false;
    } else if (!query && ctrl.state) {
      history.replaceState(null, '', `#${view}?${ctrl.state}`);
    }
  }
}

const version = document.getElementById('rule-book-version');
check.addEventListener('workrelief-change', (e) => {
  // The footer's rule book version, from the verdict (ruleBook() would copy the whole book).
  if (version.textContent !== e.detail.verdict.ruleBookVersion) version.textContent = e.detail.verdict.ruleBookVersion;
  if (applying || parseHash().view !== 'check') return;
  const next = e.detail.state ? `#check?${e.detail.state}` : '#check';
  if (location.hash !== next) history.replaceState(null, '', next);
});

// A candidate rule book in use (规则库): said above every view, with the way back; the self-check
// checks again by it (the other views listen themselves).
const banner = document.getElementById('rules-banner');
document.getElementById('rules-banner-reset').addEventListener('click', () => {
  useRules(null).catch((err) => console.error(err));
});
onRulesChange((inUse) => {
  banner.hidden = !inUse;
  document.getElementById('rules-banner-text').textContent = inUse
    ? `规则库文件“${inUse.name}”（版本 ${inUse.version}）。本页各项检查、测算和核查均按它计算；刷新页面或点击下面的按钮即恢复内置规则库。`
    : '';
  check.state = check.state;
});

window.addEventListener('hashchange', route);
route();

loadCore().then(() => {
  // After the self-check's first verdict (it was waiting for the module first): the other views'
  // modules in the background, so that a tab opens at once.
  // eslint-disable-next-line compat/compat -- Safari has no requestIdleCallback: the ?? falls back
  const later = window.requestIdleCallback ?? ((f) => setTimeout(f, 50));
  later(() => {
    for (const view of Object.keys(SETUP)) {
      if (!ON_DEMAND.includes(view)) setUp(view)?.catch(() => {});
    }
  }, { timeout: 2000 });
}, () => {});
