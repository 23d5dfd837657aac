#!/usr/bin/env node
// Fails when the crate's top-level modules import each other in a cycle (issue 19: `check` →
// `proposal` → `rules` → `check` made the shared vocabulary impossible to move). Reads every
// `.rs` file under a source folder (default src/), gives each file to its top-level module
// (src/check.rs and src/check/** are `check`), and collects the paths it names: `crate::x`,
// `crate::{x, y::z}` and `super::super::x` chains that climb to the crate root. Comments are
// dropped first, so a doc link is not an import. Prints each cycle as `a → b → a` and exits 1 if
// there is any; scripts/lint runs it. `node scripts/modcycles.mjs --self-test` checks that it
// finds the cycle of its fixture (tests/fixtures/modcycles/) and nothing in an acyclic one.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function rustFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...rustFiles(path));
    else if (name.endsWith('.rs')) out.push(path);
  }
  return out;
}

// Drops comments and the contents of string literals, keeping line breaks.
function strip(source) {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const two = source.slice(i, i + 2);
    if (two === '//') {
      while (i < source.length && source[i] !== '\n') i += 1;
    } else if (two === '/*') {
      let depth = 1;
      i += 2;
      while (i < source.length && depth > 0) {
        if (source.startsWith('/*', i)) { depth += 1; i += 2; } else if (source.startsWith('*/', i)) { depth -= 1; i += 2; } else i += 1;
      }
    } else if (source[i] === '"' || (source[i] === 'r' && /^r#*"/.test(source.slice(i, i + 8)) && !/\w/.test(source[i - 1] ?? ''))) {
      // A string literal (plain or raw); char literals such as '"' are handled below.
      let hashes = 0;
      if (source[i] === 'r') { i += 1; while (source[i] === '#') { hashes += 1; i += 1; } }
      i += 1;
      const close = '"' + '#'.repeat(hashes);
      while (i < source.length && !source.startsWith(close, i)) i += hashes === 0 && source[i] === '\\' ? 2 : 1;
      i += close.length;
      out += '""';
    } else if (source[i] === "'" && /^'(\\.|[^\\'])'/u.test(source.slice(i, i + 4))) {
      const m = source.slice(i).match(/^'(\\.|[^\\'])'/u);
      i += m[0].length;
      out += "' '";
    } else {
      out += source[i];
      i += 1;
    }
  }
  return out;
}

// The top-level module names a path group after `crate::` names: `x` or `{x, y::z, self}`.
function groupHeads(text, at) {
  const heads = [];
  if (text[at] !== '{') {
    const m = text.slice(at).match(/^[A-Za-z_]\w*/);
    if (m) heads.push(m[0]);
    return heads;
  }
  let depth = 0;
  let item = '';
  for (let i = at; i < text.length; i += 1) {
    const c = text[i];
    if (c === '{') { depth += 1; if (depth === 1) continue; }
    if (c === '}') { depth -= 1; if (depth === 0) { heads.push(item); break; } }
    if (c === ',' && depth === 1) { heads.push(item); item = ''; continue; }
    item += c;
  }
  return heads.map((s) => (s.trim().match(/^[A-Za-z_]\w*/) ?? [''])[0]).filter((s) => s && s !== 'self');
}

// module -> Set of modules it names, for the crate in `srcDir`.
export function moduleGraph(srcDir) {
  const graph = new Map();
  const files = rustFiles(srcDir);
  const modules = new Set();
  for (const file of files) {
    const parts = relative(srcDir, file).split(sep);
    if (parts.length === 1 && ['lib.rs', 'main.rs'].includes(parts[0])) continue;
    if (parts[0] === 'bin') continue;
    modules.add(parts[0].replace(/\.rs$/, ''));
  }
  for (const m of modules) graph.set(m, new Set());
  for (const file of files) {
    const parts = relative(srcDir, file).split(sep);
    const top = parts[0].replace(/\.rs$/, '');
    if (!modules.has(top)) continue;
    // The file's own module path, for `super::` chains: src/import/xlsx/sheet.rs is
    // import::xlsx::sheet, src/import/mod.rs is import.
    const path = parts.map((p) => p.replace(/\.rs$/, ''));
    if (path[path.length - 1] === 'mod') path.pop();
    const text = strip(readFileSync(file, 'utf8'));
    const named = [];
    for (const m of text.matchAll(/(?<![\w:])crate::/g)) named.push(...groupHeads(text, m.index + m[0].length));
    for (const m of text.matchAll(/(?<![\w:])((?:super::)+)/g)) {
      const ups = m[1].length / 'super::'.length;
      if (ups >= path.length) named.push(...groupHeads(text, m.index + m[0].length));
    }
    for (const name of named) {
      if (name !== top && modules.has(name)) graph.get(top).add(name);
    }
  }
  return graph;
}

// Every strongly connected component of more than one module (Tarjan): its members and one
// cycle through them.
export function cycles(graph) {
  let index = 0;
  const stack = [];
  const info = new Map();
  const found = [];
  const visit = (v) => {
    info.set(v, { index, low: index, on: true });
    index += 1;
    stack.push(v);
    for (const w of [...graph.get(v)].sort()) {
      if (!info.has(w)) {
        visit(w);
        info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
      } else if (info.get(w).on) {
        info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
      }
    }
    if (info.get(v).low === info.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        info.get(w).on = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push({ path: cyclePath(graph, new Set(component)), members: component.sort() });
    }
  };
  for (const v of [...graph.keys()].sort()) if (!info.has(v)) visit(v);
  return found;
}

// One shortest cycle through the component's first module (breadth-first), as `a → b → a`.
function cyclePath(graph, component) {
  const start = [...component].sort()[0];
  const back = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of [...graph.get(v)].sort()) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = back.get(u)) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!back.has(w)) { back.set(w, v); queue.push(w); }
    }
  }
  return [start, start];
}

function selfTest() {
  const fixtures = join(ROOT, 'tests/fixtures/modcycles');
  const cyclic = cycles(moduleGraph(join(fixtures, 'cyclic')));
  const acyclic = cycles(moduleGraph(join(fixtures, 'acyclic')));
  const want = 'a → b → c → a';
  const got = cyclic.map((c) => c.path.join(' → '));
  if (got.length !== 1 || got[0] !== want || acyclic.length !== 0) {
    console.log(`modcycles self-test failed: cyclic fixture gave ${JSON.stringify(got)} (want ["${want}"]), acyclic gave ${JSON.stringify(acyclic)}`);
    return 1;
  }
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--self-test')) process.exit(selfTest());
  const srcDir = process.argv[2] ? resolve(process.argv[2]) : join(ROOT, 'src');
  const found = cycles(moduleGraph(srcDir));
  for (const c of found) console.log(`${relative(ROOT, srcDir) || '.'}: import cycle: ${c.path.join(' → ')} (modules that reach each other: ${c.members.join(', ')})`);
  process.exit(found.length ? 1 : 0);
}
