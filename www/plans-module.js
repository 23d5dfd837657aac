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

/** A worker's failure as the page shows it: plain Chinese, the engine's own text only in the console. */
export function failureMessage(err, loading) {
  console.error(err);
  return loading
    ? '检查模块未能加载，可能是网络中断或页面文件不完整。请刷新页面重试。'
    : '检查时发生意外错误，请刷新页面后重试；如仍出错，请将文件和浏览器版本告知维护人员。';
}
