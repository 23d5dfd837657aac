// Written in ES5 and loaded as a classic, synchronous script in <head> on purpose: it runs before
// the page is first painted, so that nothing flashes.
// - 关怀模式 (care mode: larger text, 60 px targets, one column, 7:1 colours): remembered on this
//   device (localStorage; never sent anywhere), it marks <html class="care"> and sets the `care`
//   attribute of every <workrelief-check> as the parser reaches it (its shadow root's styles
//   follow :host([care])) and of every [data-care-host] (the review's row detail, whose host
//   review.js creates with the attribute as it stands); the header's switch (#care-toggle,
//   aria-pressed) turns it on and off.
// - The view of a shared link (#estimate?…): <html data-view="estimate"> lets style.css show that
//   view from the first paint instead of the self-check; app.js removes the attribute when it
//   shows the views itself.
(function () {
  var root = document.documentElement;
  var KEY = 'workrelief-care';
  var VIEWS = { check: true, review: true, estimate: true, workshop: true, rules: true };

  var view = location.hash.replace(/^#/, '').split('?')[0];
  if (VIEWS[view] === true) root.setAttribute('data-view', view);

  // Storage throws in some private modes and when the user blocks it: then the mode lasts for the
  // page only.
  var care = false;
  try {
    care = window.localStorage.getItem(KEY) === '1';
  } catch (e) {
    care = false;
  }

  function apply() {
    if (care) root.classList.add('care');
    else root.classList.remove('care');
    var elements = document.querySelectorAll('workrelief-check, [data-care-host]');
    for (var i = 0; i < elements.length; i++) {
      if (care) elements[i].setAttribute('care', '');
      else elements[i].removeAttribute('care');
    }
    var toggle = document.getElementById('care-toggle');
    if (toggle) toggle.setAttribute('aria-pressed', care ? 'true' : 'false');
  }

  function set(on) {
    care = on;
    try {
      if (on) window.localStorage.setItem(KEY, '1');
      else window.localStorage.removeItem(KEY);
    } catch (e) {
      // Not remembered; still applied.
    }
    apply();
  }

  apply();
  // Elements the parser adds later get the attribute before they are painted or upgraded:
  // mutation records are delivered at the next microtask checkpoint, before any rendering.
  var observer = window.MutationObserver ? new MutationObserver(apply) : null;
  if (observer) observer.observe(root, { childList: true, subtree: true });

  document.addEventListener('DOMContentLoaded', function () {
    if (observer) observer.disconnect();
    apply();
    var toggle = document.getElementById('care-toggle');
    if (toggle) {
      toggle.addEventListener('click', function () {
        set(!care);
      });
    }
  });
  // A tab clicked before app.js has run: follow it (app.js removes the attribute, and then this
  // leaves it alone).
  window.addEventListener('hashchange', function () {
    var next = location.hash.replace(/^#/, '').split('?')[0];
    if (root.hasAttribute('data-view') && VIEWS[next] === true) root.setAttribute('data-view', next);
  });
  // Turned on or off in another tab of the page.
  window.addEventListener('storage', function (e) {
    if (e.key !== KEY) return;
    care = e.newValue === '1';
    apply();
  });
})();
