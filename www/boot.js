// Starts the self-check's Wasm module while the rest of the page is still loading. index.html
// loads this as an async module with the .wasm already preloaded. It has no static import, so it
// runs as soon as it is here (not after the glue, the stylesheet, the parser and every other
// module): it starts compiling the .wasm from its response at once (V8 compiles a streamed module
// off the main thread), then loads the package's JS glue, whose init() instantiates that module.
// init() runs once per page, so <workrelief-check>'s loadModule() gets this same instance. Then
// it reads the compiled-in rule book and compiles the check's code (both happen on the first
// call: a sample proposal, not the page's), in time the page spends waiting for its other files.
// Nothing here touches the page or is needed for it to work: if this module fails, the element
// loads the module itself and reports what went wrong.
const wasm = new URL('./pkg/workrelief_bg.wasm', import.meta.url);

/**
 * The compiled module, or the response for the glue's init() to read (and to report, when it is
 * an error) when it is not served as application/wasm, which compileStreaming requires.
 */
function compile() {
  return fetch(wasm).then((response) => {
    const type = (response.headers.get('Content-Type') ?? '').split(';')[0].trim();
    return response.ok && type === 'application/wasm' ? WebAssembly.compileStreaming(response) : response;
  });
}

const compiled = compile();
import('./pkg/workrelief.js')
  .then(({ default: init, checkProposal }) => init({ module_or_path: compiled }).then(() => {
    checkProposal({ kind: 'central_budget', funds: { central: '100' }, labourRemuneration: '30', date: '2025-06-30' });
  }))
  .catch(() => {
    // The element reports a module that cannot be loaded.
  });
