// Loads the built Wasm package the two ways it ships: pkg-node/ (wasm-pack --target nodejs,
// CommonJS, every feature) and pkg/ (--target web, the ES modules the page imports: the core
// module workrelief.js and the plan-import module workrelief_plans.js), so every test runs on both.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const FLAVOURS = ['nodejs', 'web'];

export async function load(flavour) {
  if (flavour === 'nodejs') {
    return createRequire(import.meta.url)('../../pkg-node/workrelief.js');
  }
  const mod = await import('../../pkg/workrelief.js');
  mod.initSync({ module: readFileSync(new URL('../../pkg/workrelief_bg.wasm', import.meta.url)) });
  return mod;
}

/** The module with plan import: pkg-node/ has it built in, the web build ships it apart. */
export async function loadPlans(flavour) {
  if (flavour === 'nodejs') return load(flavour);
  const mod = await import('../../pkg/workrelief_plans.js');
  mod.initSync({ module: readFileSync(new URL('../../pkg/workrelief_plans_bg.wasm', import.meta.url)) });
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
