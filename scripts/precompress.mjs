#!/usr/bin/env node
// Precompresses a deployed copy of the page for a portal's server: beside every file that a
// server compresses (text, JSON, SVG, .wasm; not images or workbooks) it writes `X.gz` (gzip -9)
// and `X.br` (brotli quality 11), which nginx's `gzip_static`/`brotli_static`, Apache's
// rewrite rules and scripts/serve.mjs send instead of compressing on each request. A sibling
// that would not be smaller than its file is not written (and an old one is removed).
//
//   node scripts/precompress.mjs            builds dist/ (www/ with pkg/ beside index.html) and
//                                           precompresses it; dist/ is replaced each time
//   node scripts/precompress.mjs DIR...     precompresses folders already laid out, in place
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { compressible, typeOf } from './serve.mjs';

const SIBLINGS = {
  '.gz': (body) => gzipSync(body, { level: 9 }),
  '.br': (body) => brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  }),
};

/** Writes the siblings of every compressible file under `dir`; returns what it did, per file. */
export function precompress(dir) {
  const done = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !/\.(gz|br)$/.test(entry.name) && compressible(typeOf(path))) {
        const body = readFileSync(path);
        const row = { path, bytes: body.length };
        for (const [ext, pack] of Object.entries(SIBLINGS)) {
          const packed = pack(body);
          if (packed.length < body.length) {
            writeFileSync(path + ext, packed);
            row[ext] = packed.length;
          } else {
            rmSync(path + ext, { force: true });
          }
        }
        done.push(row);
      }
    }
  };
  walk(resolve(dir));
  return done;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
  let dirs = process.argv.slice(2);
  if (!dirs.length) {
    const dist = join(root, 'dist');
    try {
      statSync(join(root, 'pkg', 'workrelief_bg.wasm'));
    } catch {
      console.error('precompress: pkg/ is not built; run scripts/build --release first');
      process.exit(1);
    }
    rmSync(dist, { recursive: true, force: true });
    cpSync(join(root, 'www'), dist, { recursive: true });
    cpSync(join(root, 'pkg'), join(dist, 'pkg'), { recursive: true });
    dirs = [dist];
  }
  for (const dir of dirs) {
    const done = precompress(dir);
    const sum = (k) => done.reduce((a, r) => a + (r[k] ?? r.bytes), 0);
    console.log(`precompress: ${dir}: ${done.length} files, ${sum('bytes')} B; gzip ${sum('.gz')} B, brotli ${sum('.br')} B`);
  }
}
