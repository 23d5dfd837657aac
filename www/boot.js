// Starts the self-check's Wasm module while the rest of the page is still loading. index.html
// loads this as an async module (it runs as soon as it and the package's JS glue are here, not
// after the stylesheet, the parser and every other module), with the .wasm already preloaded.
// It does what the first check would otherwise do first, in time the page spends waiting for
// its other files: compile and instantiate the module (the glue's init() runs once per page, so
// <workrelief-check>'s loadModule() gets this same instance), read the compiled-in rule book and
// compile the check's code (both happen on the first call: a sample proposal, not the page's),
// and load the zh-CN date formats the form's date input and the verdict's time stamp need (the
// first use of a locale's formats takes tens of milliseconds). Nothing here touches the page or
// is needed for it to work: if this module fails to load, the element loads the module itself.
import init, { checkProposal } from './pkg/workrelief.js';

const wasm = new URL('./pkg/workrelief_bg.wasm', import.meta.url);

init({ module_or_path: wasm }).then(() => {
  checkProposal({ kind: 'central_budget', funds: { central: '100' }, labourRemuneration: '30', date: '2025-06-30' });
  new Date().toLocaleString('zh-CN', { hour12: false });
}, () => {
  // The element reports a module that cannot be loaded.
});
