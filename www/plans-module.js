// The plan module (pkg/workrelief_plans.js) for the page's workers: importing this starts
// loading it and reading its rule book at once, while the page is still reading the file, so
// that the first file does not wait for either. A failure is reported by whoever awaits
// `ready`.

import init, { rulesVersion } from './pkg/workrelief_plans.js';

/** Resolves with the instantiated module's exports once the rule book is read. */
export const ready = init({ module_or_path: new URL('./pkg/workrelief_plans_bg.wasm', import.meta.url) })
  .then((loaded) => {
    rulesVersion();
    return loaded;
  });
ready.catch(() => {});
