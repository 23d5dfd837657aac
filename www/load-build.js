// Loads one of the package's modules the way this browser can run it: the WebAssembly build
// (pkg/NAME.js with pkg/NAME_bg.wasm) where the browser compiles it, else the JavaScript build of
// the same core (pkg/js/NAME.js, binaryen's wasm2js over the same module: same answers, slower,
// no eval), fetched only then. Used by the page (core-module.js) and by both workers (plans-module.js).
//
// The JavaScript build answers when:
// - WebAssembly is missing (a security policy removed it, a browser switch turned it off);
// - the page's CSP refuses to compile it: Chromium before 97 does not know the source
//   'wasm-unsafe-eval' and, under `script-src 'self' 'wasm-unsafe-eval'`, refuses every module
//   (the browser reports that refusal as a CSP violation: it is how the page finds out);
// - the module does not compile or instantiate for any other reason (a kernel without a
//   feature it uses).
// A failure to fetch the JavaScript build too is the caller's to report, in Chinese.

/** Which builds this browser has used, by module name (`wasm` or `js`); for diagnostics. */
export const engines = {};

/**
 * Resolves with `{ engine: 'wasm' | 'js', exports, memory }` once the module is ready to call
 * (`memory`: the Wasm build's memory, null for the JavaScript build); with the Wasm build its
 * `init()` has run. Rejects only when neither build can be loaded.
 */
export async function loadBuild(name) {
  let exports;
  let memory = null;
  let engine = 'wasm';
  try {
    ({ exports, memory } = await loadWasm(name));
  } catch (reason) {
    engine = 'js';
    // Not a problem for the user, who gets the same answers: a note for whoever debugs a portal.
    console.info(`workrelief: ${name} runs as JavaScript (WebAssembly: ${reason?.message ?? reason})`);
    exports = await import(`./pkg/js/${name}.js`);
  }
  engines[name] = engine;
  return { engine, exports, memory };
}

async function loadWasm(name) {
  if (typeof WebAssembly !== 'object' || WebAssembly === null || typeof WebAssembly.compile !== 'function') {
    throw new Error('WebAssembly is not available');
  }
  // Compile while the glue loads: with the page's preload, the .wasm is usually here first.
  const [glue, module] = await Promise.all([import(`./pkg/${name}.js`), compile(new URL(`./pkg/${name}_bg.wasm`, import.meta.url))]);
  const instance = await glue.default({ module_or_path: module });
  return { exports: glue, memory: instance.memory };
}

/** The compiled module: streamed when served as application/wasm, else from its bytes. */
async function compile(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const type = (response.headers.get('Content-Type') ?? '').split(';')[0].trim();
  if (type === 'application/wasm' && typeof WebAssembly.compileStreaming === 'function') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/** What the page says when neither build can be loaded: plain Chinese, no engine text. */
export const LOAD_FAILED =
  '检查模块未能加载，可能是网络中断或页面文件不完整。请刷新页面重试；如仍不能使用，请改用 Chrome、Edge 90 或更新版本，Firefox 115 或更新版本，Safari 15 或更新版本（含 iPhone 微信），或国产浏览器的“极速模式”。';
