// scripts/serve.mjs sends what a portal's server would: text and .wasm compressed as the browser
// asks (brotli, gzip or nothing), with Vary and the right Content-Length; images and workbooks as
// they are; HEAD like GET without the body; a file changed on disk served fresh; a precompressed
// sibling used only while it is at least as new as its file; scripts/precompress.mjs writes them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { negotiate, startServer } from '../../scripts/serve.mjs';
import { precompress } from '../../scripts/precompress.mjs';

const ROOT = new URL('../../', import.meta.url);

/** GET (or HEAD) `path` below `url` with an Accept-Encoding (none if undefined). */
function get(url, path, acceptEncoding, method = 'GET') {
  return new Promise((ok, fail) => {
    const headers = acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding };
    const req = request(new URL(path, url), { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

const decode = (r) => {
  const coding = r.headers['content-encoding'];
  if (coding === 'br') return brotliDecompressSync(r.body);
  if (coding === 'gzip') return gunzipSync(r.body);
  assert.equal(coding, undefined, `an encoding this test knows: ${coding}`);
  return r.body;
};

// Each Accept-Encoding a browser or a tool sends, and what the server should answer with.
const CASES = [
  [undefined, null],
  ['', null],
  ['identity', null],
  ['gzip', 'gzip'],
  ['br', 'br'],
  ['gzip, deflate, br, zstd', 'br'], // Chromium
  ['gzip, deflate, br', 'br'], // Firefox, Safari
  ['deflate', null],
  ['br;q=0, gzip', 'gzip'],
  ['gzip;q=0.5, br;q=0.4', 'gzip'],
  ['gzip;q=0, br;q=0', null],
  ['*', 'br'],
  ['*;q=0.1, gzip', 'gzip'],
  ['GZIP', 'gzip'],
];

test('negotiate: brotli first, q-values respected, identity or nothing acceptable → the file as it is', () => {
  for (const [header, want] of CASES) assert.equal(negotiate(header), want, `Accept-Encoding: ${header}`);
  assert.equal(negotiate('br, gzip', ['gzip']), 'gzip');
  assert.equal(negotiate('br', ['gzip']), null);
});

let repo;
before(async () => {
  repo = await startServer({ port: 0, base: '/portal/workrelief/', quiet: true });
});
after(() => repo.server.close());

const PAGE_FILES = [
  ['', 'www/index.html', 'text/html; charset=utf-8'],
  ['app.js', 'www/app.js', 'text/javascript; charset=utf-8'],
  ['style.css', 'www/style.css', 'text/css; charset=utf-8'],
  ['favicon.svg', 'www/favicon.svg', 'image/svg+xml'],
  ['pkg/workrelief_bg.wasm', 'pkg/workrelief_bg.wasm', 'application/wasm'],
  ['pkg/workrelief.js', 'pkg/workrelief.js', 'text/javascript; charset=utf-8'],
  ['pkg/package.json', 'pkg/package.json', 'application/json; charset=utf-8'],
  ['templates/plan-template.csv', 'www/templates/plan-template.csv', 'text/csv; charset=utf-8'],
];

test('every negotiated case of the page\'s files decompresses to the file\'s bytes, with Vary and the right length', async () => {
  for (const [path, file, type] of PAGE_FILES) {
    const bytes = readFileSync(new URL(file, ROOT));
    for (const [header, want] of CASES) {
      const r = await get(repo.url, path, header);
      const what = `${file}, Accept-Encoding: ${header}`;
      assert.equal(r.status, 200, what);
      assert.equal(r.headers['content-type'], type, what);
      assert.equal(r.headers.vary, 'Accept-Encoding', what);
      assert.equal(r.headers['content-encoding'], want ?? undefined, what);
      assert.equal(Number(r.headers['content-length']), r.body.length, what);
      assert.ok(decode(r).equals(bytes), what);
      if (want) assert.ok(r.body.length < bytes.length, `${what}: ${r.body.length} B, not less than ${bytes.length}`);
      // The strict CSP and the other headers are kept.
      assert.match(r.headers['content-security-policy'], /^default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'$/, what);
      assert.equal(r.headers['x-content-type-options'], 'nosniff', what);
      assert.equal(r.headers['cache-control'], 'no-store', what);
    }
  }
});

test('the page\'s .wasm compressed is about what its gzip budget counts', async () => {
  const bytes = readFileSync(new URL('pkg/workrelief_bg.wasm', ROOT));
  const gz = await get(repo.url, 'pkg/workrelief_bg.wasm', 'gzip');
  const br = await get(repo.url, 'pkg/workrelief_bg.wasm', 'br');
  assert.ok(gz.body.length < 1.02 * gzipSync(bytes, { level: 9 }).length, `${gz.body.length} B gzip`);
  assert.ok(br.body.length < gz.body.length, `brotli ${br.body.length} B, gzip ${gz.body.length} B`);
});

test('HEAD answers as GET would, without the body', async () => {
  for (const header of ['br', 'gzip', undefined]) {
    for (const path of ['', 'pkg/workrelief_bg.wasm']) {
      const g = await get(repo.url, path, header);
      const h = await get(repo.url, path, header, 'HEAD');
      assert.equal(h.status, 200);
      assert.equal(h.body.length, 0);
      for (const name of ['content-type', 'content-encoding', 'content-length', 'vary', 'content-security-policy']) {
        assert.equal(h.headers[name], g.headers[name], `${path} ${header}: ${name}`);
      }
    }
  }
});

test('a test script injected into HTML is in the compressed page too', async () => {
  const injected = await startServer({ port: 0, base: '/x/', quiet: true, inject: new URL('tests/browser/guard.js', ROOT).pathname });
  try {
    const r = await get(injected.url, '', 'br');
    assert.equal(r.headers['content-encoding'], 'br');
    assert.match(decode(r).toString('utf8'), /<head><script src="\/x\/__test__\/guard\.js"><\/script>/);
  } finally {
    injected.server.close();
  }
});

test('with compression off, or gzip only, the server sends what it is allowed to', async () => {
  const off = await startServer({ port: 0, quiet: true, compress: false });
  const gz = await startServer({ port: 0, quiet: true, compress: ['gzip'] });
  try {
    const a = await get(off.url, 'pkg/workrelief_bg.wasm', 'gzip, deflate, br');
    assert.equal(a.headers['content-encoding'], undefined);
    assert.equal(a.headers.vary, undefined);
    const b = await get(gz.url, 'pkg/workrelief_bg.wasm', 'gzip, deflate, br');
    assert.equal(b.headers['content-encoding'], 'gzip');
    assert.ok(decode(b).equals(readFileSync(new URL('pkg/workrelief_bg.wasm', ROOT))));
  } finally {
    off.server.close();
    gz.server.close();
  }
});

// A folder laid out as deployed (pkg/ beside index.html), to change files while serving it.
let dir;
let dist;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'workrelief-serve-'));
  dist = await startServer({ port: 0, base: '/p/', quiet: true, dir });
});
after(() => {
  dist.server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('images and workbooks are sent as they are, however compressible', async () => {
  // Zeros compress to almost nothing: if anything compressed them, it would show.
  writeFileSync(join(dir, 'a.png'), Buffer.alloc(20_000));
  writeFileSync(join(dir, 'b.xlsx'), Buffer.alloc(20_000));
  for (const name of ['a.png', 'b.xlsx']) {
    const r = await get(dist.url, name, 'gzip, deflate, br, zstd');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], undefined, name);
    assert.equal(Number(r.headers['content-length']), 20_000, name);
    assert.ok(r.body.equals(Buffer.alloc(20_000)), name);
  }
});

test('a file rewritten after a first request is served fresh, in every encoding', async () => {
  const file = join(dir, 'app.js');
  const v1 = `// one\n${'export const a = 1;\n'.repeat(200)}`;
  const v2 = `// two, longer\n${'export const b = 22;\n'.repeat(300)}`;
  writeFileSync(file, v1);
  for (const header of ['br', 'gzip', undefined]) assert.equal(decode(await get(dist.url, 'app.js', header)).toString(), v1);
  writeFileSync(file, v2);
  for (const header of ['br', 'gzip', undefined]) assert.equal(decode(await get(dist.url, 'app.js', header)).toString(), v2, `${header}`);
  // The same length again, a second later (a rebuild that changed one character).
  const v3 = v2.replace('two', 'owt');
  writeFileSync(file, v3);
  const later = new Date(Date.now() + 1000);
  utimesSync(file, later, later);
  for (const header of ['br', 'gzip', undefined]) assert.equal(decode(await get(dist.url, 'app.js', header)).toString(), v3, `${header}`);
});

test('a precompressed sibling is sent while it is at least as new as its file', async () => {
  const file = join(dir, 'pkg', 'm.wasm');
  mkdirSync(join(dir, 'pkg'), { recursive: true });
  const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 7));
  writeFileSync(file, bytes);
  // A sibling made at gzip level 1, told apart from the server's own (level 6) by its bytes.
  const pre = gzipSync(bytes, { level: 1 });
  writeFileSync(`${file}.gz`, pre);
  const t = new Date(Date.now() + 2000);
  utimesSync(`${file}.gz`, t, t);
  const r = await get(dist.url, 'pkg/m.wasm', 'gzip');
  assert.equal(r.headers['content-encoding'], 'gzip');
  assert.equal(r.headers['content-type'], 'application/wasm');
  assert.ok(r.body.equals(pre), 'the sibling as it is on disk');
  // No .br sibling: brotli is compressed on the fly.
  assert.ok(decode(await get(dist.url, 'pkg/m.wasm', 'br')).equals(bytes));
  // The file rebuilt after its sibling: the sibling is stale and not sent.
  const fresh = Buffer.from(Array.from({ length: 6000 }, (_, i) => i % 5));
  writeFileSync(file, fresh);
  const later = new Date(Date.now() + 4000);
  utimesSync(file, later, later);
  const s = await get(dist.url, 'pkg/m.wasm', 'gzip');
  assert.ok(decode(s).equals(fresh));
  assert.ok(!s.body.equals(pre));
});

test('scripts/precompress.mjs writes smaller .gz and .br siblings of the files a server compresses, which the server sends', async () => {
  const site = mkdtempSync(join(tmpdir(), 'workrelief-precompress-'));
  try {
    mkdirSync(join(site, 'pkg'));
    const wasm = readFileSync(new URL('pkg/workrelief_bg.wasm', ROOT));
    const page = readFileSync(new URL('www/index.html', ROOT));
    writeFileSync(join(site, 'pkg', 'workrelief_bg.wasm'), wasm);
    writeFileSync(join(site, 'index.html'), page);
    writeFileSync(join(site, 'a.png'), Buffer.alloc(5000));
    writeFileSync(join(site, 'tiny.txt'), 'x');
    const done = precompress(site);
    const again = precompress(site); // a second run finds no .gz or .br to compress
    assert.deepEqual(done.map((r) => r.path).sort(), again.map((r) => r.path).sort());
    assert.deepEqual(readdirSync(site).sort(), ['a.png', 'index.html', 'index.html.br', 'index.html.gz', 'pkg', 'tiny.txt']);
    assert.deepEqual(readdirSync(join(site, 'pkg')).sort(), ['workrelief_bg.wasm', 'workrelief_bg.wasm.br', 'workrelief_bg.wasm.gz']);
    const br = readFileSync(join(site, 'pkg', 'workrelief_bg.wasm.br'));
    const gz = readFileSync(join(site, 'pkg', 'workrelief_bg.wasm.gz'));
    assert.ok(brotliDecompressSync(br).equals(wasm));
    assert.ok(gunzipSync(gz).equals(wasm));
    assert.ok(br.length < gz.length && gz.length < wasm.length);
    const served = await startServer({ port: 0, quiet: true, dir: site });
    try {
      for (const [header, sibling] of [['gzip, deflate, br, zstd', br], ['gzip', gz]]) {
        const r = await get(served.url, 'pkg/workrelief_bg.wasm', header);
        assert.ok(r.body.equals(sibling), header);
        assert.equal(Number(r.headers['content-length']), sibling.length);
        assert.equal(r.headers['content-type'], 'application/wasm');
      }
      assert.ok(decode(await get(served.url, '', 'br')).equals(page));
    } finally {
      served.server.close();
    }
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
});
