// Loaded first in every page the engine tests open (the test server injects it into <head>;
// see startServer's `inject`), in every engine: it records what a test must fail on, where a
// WebDriver session cannot report it, in window.__problems as { kind, text, ... }: uncaught
// errors and failed resources (`error`), unhandled rejections, CSP violations (each with its
// directive, blocked URI and source file, so that an expected one can be matched precisely),
// console.error and console.warn calls, and errors of the page's workers. A classic script in
// plain ES2015 so that old engines run it too.
(function () {
  'use strict';
  var problems = [];
  window.__problems = problems;
  var text = function (value) {
    if (value && value.stack) return String(value.name || 'Error') + ': ' + String(value.message);
    if (value && typeof value === 'object') {
      try {
        return JSON.stringify(value);
      } catch (e) {
        return String(value);
      }
    }
    return String(value);
  };
  window.addEventListener('error', function (e) {
    if (e.target && e.target !== window) {
      // A resource that failed to load (capture phase: these do not bubble).
      problems.push({ kind: 'resource', text: (e.target.tagName || '') + ' ' + (e.target.src || e.target.href || '') });
    } else {
      problems.push({ kind: 'error', text: String(e.message) + ' (' + e.filename + ':' + e.lineno + ')' });
    }
  }, true);
  window.addEventListener('unhandledrejection', function (e) {
    problems.push({ kind: 'rejection', text: text(e.reason) });
  });
  document.addEventListener('securitypolicyviolation', function (e) {
    problems.push({
      kind: 'csp',
      directive: e.violatedDirective,
      blocked: e.blockedURI,
      source: e.sourceFile,
      text: e.violatedDirective + ' ' + e.blockedURI + ' (' + e.sourceFile + ':' + e.lineNumber + ')',
    });
  });
  ['error', 'warn'].forEach(function (level) {
    var original = console[level];
    console[level] = function () {
      problems.push({ kind: 'console.' + level, text: Array.prototype.map.call(arguments, text).join(' ') });
      return original.apply(this, arguments);
    };
  });
  // A worker's uncaught error reaches the page as an `error` event on the Worker object.
  if (typeof window.Worker === 'function') {
    var Native = window.Worker;
    var Guarded = function Worker(url, options) {
      var worker = new Native(url, options);
      worker.addEventListener('error', function (e) {
        problems.push({ kind: 'worker error', text: String(e.message) + ' (' + String(url) + ')' });
      });
      worker.addEventListener('messageerror', function () {
        problems.push({ kind: 'worker messageerror', text: String(url) });
      });
      return worker;
    };
    Guarded.prototype = Native.prototype;
    window.Worker = Guarded;
  }
})();
