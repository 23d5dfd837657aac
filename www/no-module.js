// Written in ES5 on purpose: the one script that must run in a browser too old for the rest.
// Loaded as a classic deferred script, it shows every element marked `data-workrelief-no-module`
// (hidden until then: plain Chinese, naming the browsers that work) when the page's modules
// cannot run: a browser without ES modules, or one whose
// modules failed (syntax it does not parse, files that did not arrive), seen as the
// <workrelief-check> element still undefined once the page has loaded. Module scripts run before
// the load event, so a working page never shows it.
(function () {
  var notices = document.querySelectorAll('[data-workrelief-no-module]');
  if (!notices.length) return;
  function show() {
    for (var i = 0; i < notices.length; i++) notices[i].removeAttribute('hidden');
  }
  var script = document.createElement('script');
  if (!('noModule' in script) || !window.customElements) {
    show();
    return;
  }
  window.addEventListener('load', function () {
    if (!window.customElements.get('workrelief-check')) show();
  });
})();
