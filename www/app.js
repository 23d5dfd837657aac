// The page: three views chosen by the URL fragment (#check, #review, #estimate). The
// self-check's form lives in the fragment too (#check?kind=…&central=…), so a link reproduces a
// check; fragments never reach a server. The review view is review.js (its checks run in a
// Web Worker, review-worker.js).
import { loadModule } from './workrelief-check.js';
import { ruleBook } from './pkg/workrelief.js';
import { initReview } from './review.js';

const VIEWS = ['check', 'review', 'estimate'];

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

function route() {
  const { view, query } = parseHash();
  show(view);
  if (view === 'check' && query !== check.state) {
    applying = true;
    check.state = query;
    applying = false;
  }
}

check.addEventListener('workrelief-change', (e) => {
  if (applying || parseHash().view !== 'check') return;
  const next = e.detail.state ? `#check?${e.detail.state}` : '#check';
  if (location.hash !== next) history.replaceState(null, '', next);
});

window.addEventListener('hashchange', route);
route();
initReview();

loadModule().then(() => {
  document.getElementById('rule-book-version').textContent = ruleBook().version;
});
