#!/usr/bin/env node
// The page's JavaScript and CSS against the browsers it supports (package.json's browserslist:
// Chromium 90, Firefox ESR 115, Safari 15): ESLint with eslint.config.js over www/, src/js/ and
// the browser glue wasm-bindgen and the JavaScript build put in pkg/ (when built), stylelint with
// stylelint.config.js over www/**/*.css. Prints each problem as file:line:column, then a summary;
// exits 1 if there is any. scripts/lint runs this.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import stylelint from 'stylelint';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const started = performance.now();
const problems = [];
const where = (file, line, column) => `${relative(ROOT, file)}:${line ?? 0}:${column ?? 0}`;

// JavaScript. pkg/ is build output: checked when it is there (scripts/test builds it first).
const js = ['www', 'src/js'];
const glue = ['pkg/*.js', 'pkg/snippets', 'pkg/js'].filter((p) => existsSync(`${ROOT}/${p.replace('/*.js', '')}`));
if (!glue.length) console.log('lint: pkg/ is not built, so its glue is not checked (scripts/build first)');
const eslint = new ESLint({
  cwd: ROOT,
  errorOnUnmatchedPattern: false,
  // The two files of the JavaScript build (pkg/js/, 0.5 and 1.2 MB, minified) take most of the
  // time: one thread each.
  concurrency: Math.max(1, Math.min(availableParallelism(), 4)),
});
const jsResults = await eslint.lintFiles([...js, ...glue]);
for (const result of jsResults) {
  for (const m of result.messages) {
    problems.push(`${where(result.filePath, m.line, m.column)}: ${m.message} (${m.ruleId ?? (m.fatal ? 'parse error' : 'eslint')})`);
  }
}

// CSS.
const css = await stylelint.lint({
  cwd: ROOT,
  files: ['www/**/*.css'],
  configFile: `${ROOT}/stylelint.config.js`,
});
for (const result of css.results) {
  for (const w of result.warnings) problems.push(`${where(result.source, w.line, w.column)}: ${w.text}`);
  for (const w of [...(result.invalidOptionWarnings ?? []), ...(result.parseErrors ?? [])]) {
    problems.push(`${where(result.source, w.line, w.column)}: ${w.text}`);
  }
}

for (const p of problems) console.log(p);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`lint: ${jsResults.length} JavaScript files (${[...js, ...glue].join(', ')}), ${css.results.length} CSS files; `
  + `${problems.length ? `${problems.length} problem${problems.length === 1 ? '' : 's'}` : 'no problems'} (${seconds} s)`);
process.exitCode = problems.length ? 1 : 0;
