// Loads the built Wasm package the two ways it ships: pkg-node/ (wasm-pack --target nodejs,
// CommonJS) and pkg/ (--target web, the ES module the page imports), so every test runs on both.
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
