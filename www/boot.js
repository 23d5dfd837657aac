// Starts the self-check's core while the rest of the page is still loading. index.html loads this
// as an async module with the .wasm and core-module.js preloaded, so it runs as soon as they are here
// (not after the glue, the stylesheet, the parser and every other module): loadCore() starts
// compiling the .wasm from its response at once (V8 compiles a streamed module off the main
// thread) while it loads the package's JS glue, or, where WebAssembly cannot run, loads the
// JavaScript build instead. It runs once per page, so <workrelief-check> gets this same instance.
// Then it reads the compiled-in rule book and compiles the check's code (both happen on the first
// call: a sample proposal, not the page's), in time the page spends waiting for its other files.
// Nothing here touches the page or is needed for it to work: if this fails, the element reports
// what went wrong.
import { loadCore } from './core-module.js';

loadCore()
  .then(({ exports }) => {
    exports.checkProposal({ kind: 'central_budget', funds: { central: '100' }, labourRemuneration: '30', date: '2025-06-30' });
  })
  .catch(() => {
    // The element reports a module that cannot be loaded.
  });
