// Loads the built package the three ways it ships: pkg-node/ (wasm-pack --target nodejs,
// CommonJS, every feature), pkg/ (--target web, the ES modules the page imports: the core
// module workrelief.js, the plan-import module workrelief_plans.js and the .xls module
// workrelief_xls.js) and pkg/js/ (the same three modules as JavaScript through wasm2js: the page's fallback where WebAssembly cannot run), so
// every test runs on all three.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const FLAVOURS = ['nodejs', 'web', 'js'];

export async function load(flavour) {
  if (flavour === 'nodejs') {
    return createRequire(import.meta.url)('../../pkg-node/workrelief.js');
  }
  if (flavour === 'js') return import('../../pkg/js/workrelief.js');
  const mod = await import('../../pkg/workrelief.js');
  mod.initSync({ module: readFileSync(new URL('../../pkg/workrelief_bg.wasm', import.meta.url)) });
  return mod;
}

/** The module with plan import: pkg-node/ has it built in, the web build ships it apart. */
export async function loadPlans(flavour) {
  if (flavour === 'nodejs') return load(flavour);
  if (flavour === 'js') return import('../../pkg/js/workrelief_plans.js');
  const mod = await import('../../pkg/workrelief_plans.js');
  mod.initSync({ module: readFileSync(new URL('../../pkg/workrelief_plans_bg.wasm', import.meta.url)) });
  return mod;
}

/** The workbook writer: built into pkg-node/, its own module (loaded on demand) on the web. */
export async function loadExport(flavour) {
  if (flavour === 'nodejs') return load(flavour);
  if (flavour === 'js') return import('../../pkg/js/workrelief_export.js');
  const mod = await import('../../pkg/workrelief_export.js');
  mod.initSync({ module: readFileSync(new URL('../../pkg/workrelief_export_bg.wasm', import.meta.url)) });
  return mod;
}

/** The module that reads .xls: pkg-node/ has it built in, the web build ships it apart. */
export async function loadXls(flavour) {
  if (flavour === 'nodejs') return load(flavour);
  if (flavour === 'js') return import('../../pkg/js/workrelief_xls.js');
  const mod = await import('../../pkg/workrelief_xls.js');
  mod.initSync({ module: readFileSync(new URL('../../pkg/workrelief_xls_bg.wasm', import.meta.url)) });
  return mod;
}

export function readBytes(relative) {
  return new Uint8Array(readFileSync(new URL(relative, import.meta.url)));
}

export function readJson(relative) {
  return JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8'));
}

/** Applies { pointer, value } changes (JSON Pointer; value null removes) to a copy of doc. */
export function patch(doc, changes = []) {
  const copy = structuredClone(doc);
  for (const { pointer, value } of changes) {
    const parts = pointer.split('/').slice(1);
    const key = parts.pop();
    let target = copy;
    for (const p of parts) target = target[p];
    if (value === null) delete target[key];
    else target[key] = value;
  }
  return copy;
}
