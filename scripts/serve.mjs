#!/usr/bin/env node
// A static file server for the page, as a strict portal would host it: www/ at BASE, the Wasm
// package at BASE + "pkg/", every response under the strict Content-Security-Policy, nothing
// outside those two folders. No dependencies. Used by scripts/serve and the browser tests.
//
//   node scripts/serve.mjs [--port 8080] [--host 127.0.0.1] [--base /]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

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

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Maps a URL path below the base to a file in www/ or pkg/, or null. */
function fileFor(rest) {
  const [dir, sub] = rest.startsWith('pkg/')
    ? [join(root, 'pkg'), rest.slice(4)]
    : [join(root, 'www'), rest || 'index.html'];
  const path = normalize(join(dir, sub));
  return path.startsWith(dir + sep) ? path : null;
}

/**
 * Serves www/ at `base` and pkg/ at `base + "pkg/"`; resolves with `{ server, url, requests }`.
 * For tests only, all off by default: `record` fills `requests` with the path (below the base)
 * of every request, in order; `csp` replaces the Content-Security-Policy; `inject` (a file's
 * path) is served at `base + "__test__/" + its name` and loaded by a classic script as the first
 * element of every HTML page's <head> (same origin, so the CSP allows it).
 */
export function startServer({
  port = 8080, host = '127.0.0.1', base = '/', quiet = false, csp = CSP, inject = null, record = false,
} = {}) {
  if (!base.startsWith('/')) base = `/${base}`;
  if (!base.endsWith('/')) base = `${base}/`;
  const requests = [];
  const injected = inject ? `__test__/${basename(inject)}` : null;
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
    const file = rest === null ? null : rest === injected ? resolve(inject) : fileFor(rest);
    try {
      if (!file || !(await stat(file)).isFile()) throw new Error('not a file');
      let body = await readFile(file);
      const type = TYPES[file.endsWith('.d.ts') ? '.d.ts' : extname(file)] ?? 'application/octet-stream';
      if (injected && type.startsWith('text/html')) {
        const tag = `<script src="${base}${injected}"></script>`;
        body = Buffer.from(body.toString('utf8').replace(/<head(\s[^>]*)?>/i, (m) => m + tag), 'utf8');
      }
      res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': body.length });
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
  startServer({ port: Number(opt('port', 8080)), host: opt('host', '127.0.0.1'), base: opt('base', '/') });
}
