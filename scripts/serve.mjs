#!/usr/bin/env node
// A static file server for the page, as a strict portal would host it: www/ at BASE, the Wasm
// package at BASE + "pkg/", every response under the strict Content-Security-Policy, nothing
// outside those two folders. No dependencies. Used by scripts/serve, the browser tests and the
// benchmark.
//
// Compressed as a portal's server sends it: text and .wasm go out as brotli or gzip, whichever
// the browser accepts (brotli first), with `Vary: Accept-Encoding`. A file is compressed once
// and kept in memory until it changes on disk; a precompressed sibling (`X.br`, `X.gz`, as
// scripts/precompress writes them and nginx's `brotli_static`/`gzip_static` serve them) is sent
// instead when it is at least as new as `X`. Images and workbooks are sent as they are.
//
//   node scripts/serve.mjs [--port 8080] [--host 127.0.0.1] [--base /] [--dir DIST] [--no-compress]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.txt': 'text/plain; charset=utf-8',
  '.d.ts': 'text/plain; charset=utf-8',
};

/** The Content-Type a file is served with. */
export const typeOf = (file) => TYPES[file.endsWith('.d.ts') ? '.d.ts' : extname(file)] ?? 'application/octet-stream';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

/**
 * Maps a URL path below the base to a file in www/ or pkg/ (or, given `dist`, a folder laid out
 * as deployed: pkg/ beside index.html), or null.
 */
function fileFor(rest, dist) {
  const [dir, sub] = dist
    ? [dist, rest || 'index.html']
    : rest.startsWith('pkg/')
      ? [join(root, 'pkg'), rest.slice(4)]
      : [join(root, 'www'), rest || 'index.html'];
  const path = normalize(join(dir, sub));
  return path.startsWith(dir + sep) ? path : null;
}

/** The types a portal's server compresses: text, JSON, SVG and WebAssembly; not PNG or XLSX. */
export const compressible = (type) =>
  /^(text\/|application\/(json|wasm)\b|image\/svg\+xml\b)/.test(type);

/** Encodings this server can send, in the order it prefers them when the browser accepts both. */
const CODINGS = ['br', 'gzip'];
const EXT = { br: '.br', gzip: '.gz' };
const COMPRESS = {
  // Quality 5 on the fly, as servers compress dynamically (nginx's brotli module defaults to 6):
  // quality 11 takes seconds on the larger modules. Precompressed siblings use 11.
  br: (body) => promisify(brotliCompress)(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  }),
  gzip: (body) => promisify(gzip)(body, { level: 6 }),
};

/**
 * The encoding to send for an Accept-Encoding header, from `allowed`: the accepted one with the
 * highest q-value (ties go to the order of `allowed`, brotli first), or null for the file as it
 * is (no header, `identity`, or nothing acceptable). `*` stands for any coding not named.
 */
export function negotiate(header, allowed = CODINGS) {
  if (!header) return null;
  const q = new Map();
  for (const part of String(header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qp ? Number(qp.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  let best = null;
  let bestQ = 0;
  for (const coding of allowed) {
    const value = q.get(coding) ?? q.get('*') ?? 0;
    if (value > bestQ) [best, bestQ] = [coding, value];
  }
  return best;
}

/** The file's precompressed sibling for `coding` if there is one at least as new as the file, or null. */
async function sibling(file, coding, mtime) {
  try {
    const s = await stat(file + EXT[coding], { bigint: true });
    return s.isFile() && s.mtimeNs >= mtime ? file + EXT[coding] : null;
  } catch {
    return null;
  }
}

/**
 * Serves www/ at `base` and pkg/ at `base + "pkg/"` (or `dir`, a folder laid out as deployed,
 * at `base`); resolves with `{ server, url, requests }`. `compress`: true (brotli and gzip), a
 * list of the encodings it may send (`['gzip']`), or false (none).
 * For tests only, all off by default: `record` fills `requests` with the path (below the base)
 * of every request, in order; `csp` replaces the Content-Security-Policy; `inject` (a file's
 * path) is served at `base + "__test__/" + its name` and loaded by a classic script as the first
 * element of every HTML page's <head> (same origin, so the CSP allows it).
 */
export function startServer({
  port = 8080, host = '127.0.0.1', base = '/', quiet = false, csp = CSP, inject = null, record = false,
  dir = null, compress = true,
} = {}) {
  if (!base.startsWith('/')) base = `/${base}`;
  if (!base.endsWith('/')) base = `${base}/`;
  const dist = dir ? resolve(dir) : null;
  const allowed = compress === true ? CODINGS : CODINGS.filter((c) => (compress || []).includes(c));
  const requests = [];
  const injected = inject ? `__test__/${basename(inject)}` : null;
  // What each file was last sent as: its path → { key, raw, [coding]: Promise<Buffer> }, where
  // the key (modification time and size) says whether the file on disk is still that file.
  const cache = new Map();
  const read = async (file, key, type) => {
    let entry = cache.get(file);
    if (!entry || entry.key !== key) {
      entry = { key, raw: readFile(file).then((body) => {
        if (!injected || !type.startsWith('text/html')) return body;
        const tag = `<script src="${base}${injected}"></script>`;
        return Buffer.from(body.toString('utf8').replace(/<head(\s[^>]*)?>/i, (m) => m + tag), 'utf8');
      }) };
      cache.set(file, entry);
      // A failed read is not kept: the next request tries again.
      entry.raw.catch(() => { if (cache.get(file) === entry) cache.delete(file); });
    }
    return entry;
  };
  const encoded = (entry, coding) => {
    entry[coding] ??= entry.raw.then((body) => COMPRESS[coding](body));
    return entry[coding];
  };
  const server = createServer(async (req, res) => {
    const headers = {
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    };
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      res.writeHead(400, headers).end('bad request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end('method not allowed');
      return;
    }
    if (pathname === base.slice(0, -1) || (pathname === '/' && base !== '/')) {
      res.writeHead(302, { ...headers, Location: base }).end();
      return;
    }
    const rest = pathname.startsWith(base) ? pathname.slice(base.length) : null;
    if (record) requests.push(rest ?? pathname);
    const file = rest === null ? null : rest === injected ? resolve(inject) : fileFor(rest, dist);
    try {
      const info = file ? await stat(file, { bigint: true }) : null;
      if (!info?.isFile()) throw new Error('not a file');
      const type = typeOf(file);
      const entry = await read(file, `${info.mtimeNs}:${info.size}`, type);
      let body = await entry.raw;
      const out = { ...headers, 'Content-Type': type };
      if (allowed.length && compressible(type)) {
        out.Vary = 'Accept-Encoding';
        const coding = negotiate(req.headers['accept-encoding'], allowed);
        // Precompressed siblings hold the file as it is on disk, not a page with a test script.
        const pre = coding && !(injected && type.startsWith('text/html')) ? await sibling(file, coding, info.mtimeNs) : null;
        const packed = pre ? await readFile(pre) : coding ? await encoded(entry, coding) : null;
        // Never larger than the file itself (a tiny file can grow by the format's header).
        if (packed && packed.length < body.length) {
          body = packed;
          out['Content-Encoding'] = coding;
        }
      }
      out['Content-Length'] = body.length;
      res.writeHead(200, out);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
    }
  });
  return new Promise((ok) =>
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      if (!quiet) console.log(`workrelief: serving www/ and pkg/ at http://${host}:${actual}${base}`);
      ok({ server, url: `http://${host}:${actual}${base}`, requests });
    }),
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  startServer({
    port: Number(opt('port', 8080)), host: opt('host', '127.0.0.1'), base: opt('base', '/'),
    dir: opt('dir', null), compress: !args.includes('--no-compress'),
  });
}
