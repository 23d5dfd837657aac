// The plan module (pkg/workrelief_plans.js) for the page's workers, as WebAssembly or, where the
// browser cannot run it, as the JavaScript build (load-build.js): importing this starts loading it
// and reading its rule book at once, while the page is still reading the file, so that the first
// file does not wait for either. A failure is reported by whoever awaits `ready`.
import { loadBuild } from './load-build.js';

/** Resolves with `{ engine, exports }` once the module is loaded and its rule book read. */
export const ready = loadBuild('workrelief_plans').then((build) => {
  build.exports.rulesVersion();
  return build;
});
ready.catch(() => {});

const applied = new WeakMap();

/**
 * Puts the page's rule book in use (`json`, the text of the candidate chosen in the 规则库
 * view, or null for the compiled-in book: rules-in-use.js) into `build`, a loaded plan or .xls
 * module, unless it holds it already. Throws the module's error if the book does not load.
 */
export function useBook(build, json = null) {
  // A module starts with the compiled-in book (null).
  if ((applied.get(build) ?? null) === json) return;
  if (json === null) build.exports.resetRules();
  else build.exports.setRules(json);
  applied.set(build, json);
}

let xls = null;

/**
 * The .xls module (pkg/workrelief_xls.js: the plan module with the Excel 97-2003 reader), loaded
 * on first call only: a worker asks for it when the plan module answers `import.xls`, so nobody
 * else downloads it. Resolves like `ready`.
 */
export function xlsReady() {
  xls ??= loadBuild('workrelief_xls').then((build) => {
    build.exports.rulesVersion();
    return build;
  });
  return xls;
}

/** The error code the plan module gives an .xls workbook: the .xls module reads it. */
export const XLS_CODE = 'import.xls';

/**
 * What the user is told when the .xls reader stops on a damaged workbook (the module traps on
 * some, instead of returning its error; the same words as its error `import.bad_xls`).
 */
export const XLS_DAMAGED = 'XLS 文件无法读取：工作簿内容已损坏或不完整';

/** A worker's failure as the page shows it: plain Chinese, the engine's own text only in the console. */
export function failureMessage(err, loading) {
  console.error(err);
  return loading
    ? '检查模块未能加载，可能是网络中断或页面文件不完整。请刷新页面重试。'
    : '检查时发生意外错误，请刷新页面后重试；如仍出错，请将文件和浏览器版本告知维护人员。';
}
