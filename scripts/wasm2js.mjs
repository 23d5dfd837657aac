#!/usr/bin/env node
// Builds the JavaScript build of a module (the fallback for browsers where WebAssembly is
// missing, switched off, or refused by the page's CSP, as in Chromium 90 under
// `script-src 'self' 'wasm-unsafe-eval'`): the same core, through binaryen's wasm2js, as in
// wasm-bindgen's examples/wasm2js. No eval, no `new Function`: it runs under the strict CSP.
//
//   node scripts/wasm2js.mjs RAW.wasm NAME OUT_DIR
//
// RAW.wasm is cargo's output for the module (before wasm-bindgen); NAME is the module's name
// (workrelief, workrelief_plans). Writes OUT_DIR/NAME.js (one ES module, minified, with the same
// exports as pkg/NAME.js but no init: it is ready once imported) and OUT_DIR/NAME.d.ts.
// wasm-bindgen, wasm-opt and wasm2js must be on PATH (scripts/env.sh puts them there).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const [raw, name, outDir] = process.argv.slice(2);
if (!raw || !name || !outDir) {
  console.error('usage: node scripts/wasm2js.mjs RAW.wasm NAME OUT_DIR');
  process.exit(2);
}

/** The kernels the page supports (README, "Deploying"); also the lint's browserslist. */
const TARGETS = ['chrome90', 'firefox115', 'safari15'];
/** Post-MVP features every supported kernel has (and .cargo/config.toml builds with). */
const FEATURES = ['--enable-bulk-memory', '--enable-sign-ext', '--enable-mutable-globals', '--enable-nontrapping-float-to-int'];

const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
const tmp = mkdtempSync(join(tmpdir(), `wasm2js-${name}-`));
try {
  run('wasm-bindgen', ['--target', 'bundler', '--out-dir', tmp, '--out-name', name, raw]);
  // wasm2js cannot lower the non-trapping float-to-int instructions; binaryen's own pass turns
  // them into MVP code first (same results: saturating, NaN to 0).
  const lowered = join(tmp, 'lowered.wasm');
  run('wasm-opt', [...FEATURES, '--llvm-nontrapping-fptoint-lowering', '-Oz', join(tmp, `${name}_bg.wasm`), '-o', lowered]);
  const wasmJs = join(tmp, `${name}_bg.wasm.js`);
  run('wasm2js', ['--enable-bulk-memory', '--enable-sign-ext', '--enable-mutable-globals', '-Oz', lowered, '-o', wasmJs]);

  const code = readFileSync(wasmJs, 'utf8');
  const imports = [...code.matchAll(/^import \* as \S+ from '([^']+)';$/gm)].map((m) => m[1]);
  if (imports.some((i) => i !== `./${name}_bg.js`)) {
    // wasm2js imports a bare 'env' (setTempRet0 and friends) when i64 crosses the boundary in a
    // way -Oz could not fold away; that would need a shim, so fail here rather than at load.
    throw new Error(`${name}: wasm2js output imports ${imports.join(', ')}; only ./${name}_bg.js is handled`);
  }

  // The glue: wasm2js's memory.grow swaps in a new ArrayBuffer without detaching the old one, so
  // wasm-bindgen's "is my view stale?" tests (byteLength === 0, buffer.detached) never fire and
  // strings would be read from the old heap after the memory grows. Compare the buffers instead.
  const gluePath = join(tmp, `${name}_bg.js`);
  let glue = readFileSync(gluePath, 'utf8');
  let views = 0;
  glue = glue.replace(
    /if \((cached\w+Memory0) === null \|\| [^\n]*\) \{/g,
    (_, v) => {
      views += 1;
      return `if (${v} === null || ${v}.buffer !== wasm.memory.buffer) {`;
    },
  );
  if (views === 0) throw new Error(`${name}: no memory view cache found in the glue to patch`);
  // i64 across the boundary: wasm2js passes an i64 argument of an import as two i32 halves
  // (low, high). wasm-bindgen's casts to BigInt take one argument; give them both halves.
  const casts = {
    'I64 -> Externref': 'BigInt.asIntN(64, (BigInt(arg1 >>> 0) << BigInt(32)) | BigInt(arg0 >>> 0))',
    'U64 -> Externref': '(BigInt(arg1 >>> 0) << BigInt(32)) | BigInt(arg0 >>> 0)',
  };
  for (const [cast, value] of Object.entries(casts)) {
    const re = new RegExp(`(export function (\\w+)\\()arg0(\\) \\{\\n\\s*// Cast intrinsic for \`${cast}\`\\.\\n\\s*const ret = )[^;]+;`);
    glue = glue.replace(re, `$1arg0, arg1$3${value};`);
  }
  for (const [, fn] of code.matchAll(/legalimport\$\w+ = \$_\w+\.(\w+);/g)) {
    if (!new RegExp(`export function ${fn}\\(arg0, arg1\\)`).test(glue)) {
      throw new Error(`${name}: the import ${fn} takes an i64, which the patch does not cover`);
    }
  }
  writeFileSync(gluePath, glue);

  const entry = join(tmp, `${name}.js`);
  const original = readFileSync(entry, 'utf8');
  const pointed = original.replace(`from "./${name}_bg.wasm";`, `from "./${name}_bg.wasm.js";`);
  if (pointed === original) throw new Error(`${name}: the bundler entry does not import ./${name}_bg.wasm`);
  writeFileSync(entry, pointed);

  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    minify: true,
    target: TARGETS,
    legalComments: 'none',
    outfile: join(outDir, `${name}.js`),
    logLevel: 'warning',
  });
  copyFileSync(join(tmp, `${name}.d.ts`), join(outDir, `${name}.d.ts`));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
