// The page's core module (pkg/workrelief.js: proposals, workshops, subsidies), as
// plans-module.js is the workers' plan module: loaded once per page by whichever module asks
// first (boot.js, as the page loads; the self-check element, app.js and the views import it), as
// WebAssembly where the browser compiles it, else as the JavaScript build of the same core
// (load-build.js). The functions are live bindings: they are set once `loadCore()` has resolved,
// and every module that imports them sees them then.
import { loadBuild } from './load-build.js';

/** Which build answers, once loaded: 'wasm' or 'js'. */
export let engine = null;
export let checkProposal;
export let checkWorkshop;
export let estimateSubsidies;
export let projectKinds;
export let proposalFields;
export let provinces;
export let setRules;
export let resetRules;

let ready = null;

/** Loads the core once per page; resolves when its functions can be called. */
export function loadCore() {
  ready ??= loadBuild('workrelief').then((build) => {
    ({
      checkProposal, checkWorkshop, estimateSubsidies, projectKinds, proposalFields, provinces, setRules, resetRules,
    } = build.exports);
    engine = build.engine;
    return build;
  });
  return ready;
}
