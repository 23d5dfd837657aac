// The page: four views chosen by the URL fragment (#check, #review, #estimate, #workshop). The
// self-check's form lives in the fragment too (#check?kind=…&central=…), so a link reproduces a
// check; so does the subsidy estimate's (#estimate?group=…) and the workshop check's options
// (#workshop?province=…: never its people, whose ID numbers must not reach a link). Fragments
// never reach a server. The review view is review.js (its checks run in a Web Worker,
// review-worker.js); 补贴测算 is estimate.js; 车间核查 is workshop.js (files are checked in
// roster-worker.js).
import { loadModule } from './workrelief-check.js';
import { ruleBook } from './pkg/workrelief.js';
import { initReview } from './review.js';
import { initEstimate } from './estimate.js';
import { initWorkshop } from './workshop.js';

const VIEWS = ['check', 'review', 'estimate', 'workshop'];

function parseHash() {
  const raw = location.hash.replace(/^#/, '');
  const [view, query = ''] = raw.split('?');
  return { view: VIEWS.includes(view) ? view : 'check', query };
}

function show(view) {
  for (const v of VIEWS) {
    document.getElementById(`view-${v}`).hidden = v !== view;
    const tab = document.querySelector(`a[data-view="${v}"]`);
    if (v === view) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
}

const check = document.querySelector('workrelief-check');
let applying = false;

/** Views whose state is in the fragment, besides the self-check: { state, onchange }. */
const stateful = {
  estimate: initEstimate(),
  workshop: initWorkshop(),
};

function route() {
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

check.addEventListener('workrelief-change', (e) => {
  if (applying || parseHash().view !== 'check') return;
  const next = e.detail.state ? `#check?${e.detail.state}` : '#check';
  if (location.hash !== next) history.replaceState(null, '', next);
});

for (const [view, ctrl] of Object.entries(stateful)) {
  ctrl.onchange = (state) => {
    if (applying || parseHash().view !== view) return;
    const next = state ? `#${view}?${state}` : `#${view}`;
    if (location.hash !== next) history.replaceState(null, '', next);
  };
}

window.addEventListener('hashchange', route);
route();
initReview();

loadModule().then(() => {
  document.getElementById('rule-book-version').textContent = ruleBook().version;
  // The views' forms are filled once the module is ready: bring the fragment up to date.
  const { view, query } = parseHash();
  const ctrl = stateful[view];
  if (ctrl && ctrl.state !== query) history.replaceState(null, '', ctrl.state ? `#${view}?${ctrl.state}` : `#${view}`);
});
