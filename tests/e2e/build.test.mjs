// Checks of the release build that need only the files in dist/ (no browser):
//   - dist/ holds index.html, the app's .js glue and .wasm;
//   - every local file index.html references exists;
//   - the .wasm went through wasm-opt;
//   - nothing in dist/ loads from another origin;
//   - the build made with --public-url serves all its assets under that sub-path;
//   - server.mjs serves the right MIME types and 404s;
//   - a raw/gzip size report (printed, and written to test-artifacts/sizes.json).
//
// Run after `trunk build --release` (scripts/test.sh does both):  node --test tests/e2e/
// Env: MLVIZ_DIST (default dist), MLVIZ_SUBPATH_DIST + MLVIZ_SUBPATH_URL (sub-path build;
// its test is skipped when unset).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { startServer } from './server.mjs';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts');

const DIST = path.resolve(REPO_ROOT, process.env.MLVIZ_DIST || 'dist');
const SUBPATH_DIST = process.env.MLVIZ_SUBPATH_DIST
  ? path.resolve(REPO_ROOT, process.env.MLVIZ_SUBPATH_DIST)
  : null;
const SUBPATH_URL = process.env.MLVIZ_SUBPATH_URL || '/mlmath-viz/sub/path/';

/** All files under dir, as paths relative to dir with '/' separators. */
function listFiles(dir, base = dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, base));
    else if (entry.isFile()) out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out.sort();
}

function requireDist(dir = DIST) {
  assert.ok(
    existsSync(path.join(dir, 'index.html')),
    `${dir}/index.html missing: run \`trunk build --release\` first (bash scripts/test.sh does)`,
  );
  return listFiles(dir);
}

/**
 * Local references in an HTML file: src/href attributes, and quoted paths to .js/.wasm/.css
 * in other attributes or inline scripts (the start-up tag's `data-mlviz-js="/app-HASH.js"` and
 * `data-mlviz-wasm="/app-HASH_bg.wasm"`, see Trunk.toml's `pattern_script`).
 */
function localRefs(html) {
  const refs = new Set();
  for (const m of html.matchAll(/\s(?:src|href)\s*=\s*(["'])(.*?)\1/gis)) refs.add(m[2]);
  for (const m of html.matchAll(/(["'])((?:\/|\.\/)[^"'\s]*?\.(?:js|mjs|wasm|css))\1/gi)) refs.add(m[2]);
  return [...refs].filter(
    (r) => r && !/^(?:[a-z][a-z0-9+.-]*:|#|\/\/)/i.test(r), // drop data:, mailto:, https:, #frag, //host
  );
}

/** Names of the custom sections of a wasm module. */
function wasmCustomSections(buf) {
  assert.equal(buf.readUInt32LE(0), 0x6d736100, 'not a wasm module (bad magic)');
  let off = 8;
  const leb = () => {
    let result = 0, shift = 0, byte;
    do {
      byte = buf[off++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const names = [];
  while (off < buf.length) {
    const id = buf[off++];
    const size = leb();
    const end = off + size;
    if (id === 0) {
      const len = leb();
      names.push(buf.toString('utf8', off, off + len));
    }
    off = end;
  }
  return names;
}

// URLs of another origin that may appear in dist/ because nothing fetches them:
// XML namespace identifiers passed to createElementNS / written into SVG and MathML markup.
const ALLOWED_EXTERNAL_URLS = [
  'http://www.w3.org/2000/svg', // SVG namespace
  'http://www.w3.org/1999/xlink', // xlink namespace (SVG href)
  'http://www.w3.org/1999/xhtml', // XHTML namespace
  'http://www.w3.org/1998/Math/MathML', // MathML namespace (pulldown-latex output)
  'http://www.w3.org/XML/1998/namespace', // xml: namespace
];

test('dist/ holds index.html, a .js and a .wasm', () => {
  const files = requireDist();
  assert.ok(files.includes('index.html'), 'index.html');
  assert.ok(files.some((f) => f.endsWith('.wasm')), `a .wasm in dist/ (found: ${files.join(', ')})`);
  assert.ok(files.some((f) => f.endsWith('.js')), `a .js in dist/ (found: ${files.join(', ')})`);
});

test('every local file that index.html references exists in dist/', () => {
  requireDist();
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const refs = localRefs(html);
  assert.ok(refs.some((r) => r.endsWith('.wasm')), `index.html references the .wasm (refs: ${refs.join(', ')})`);
  assert.ok(refs.some((r) => r.endsWith('.js')), `index.html references the .js (refs: ${refs.join(', ')})`);
  const missing = refs.filter((r) => {
    const rel = decodeURIComponent(r.split(/[?#]/)[0]).replace(/^\.?\//, '');
    return rel !== '' && !existsSync(path.join(DIST, rel));
  });
  assert.deepEqual(missing, [], 'references to files missing from dist/');
});

test('the .wasm was optimized by wasm-opt', () => {
  const files = requireDist().filter((f) => f.endsWith('.wasm'));
  // Re-optimizing takes 5-60 s a module: done for the smallest (a bundle, built by
  // scripts/bundles.mjs) and the whole app (built by trunk), the two ways a module is made.
  const bySize = [...files].sort((a, b) => statSync(path.join(DIST, a)).size - statSync(path.join(DIST, b)).size);
  const reoptimized = new Set([bySize[0], files.find((f) => !f.startsWith('bundles/'))]);
  for (const f of files) {
    const file = path.join(DIST, f);
    const buf = readFileSync(file);
    const sections = wasmCustomSections(buf);
    // wasm-bindgen keeps the `name` section (function names); wasm-opt without -g drops it.
    assert.ok(
      !sections.includes('name'),
      `${f} still has a "name" custom section (sections: ${sections.join(', ') || 'none'}): ` +
        'wasm-opt did not run. Is node_modules/.bin first on PATH and data-wasm-opt not "0"?',
    );
    // Re-optimizing an optimized module gains little; an unoptimized one shrinks a lot.
    const wasmOpt = path.join(REPO_ROOT, 'node_modules', '.bin', 'wasm-opt');
    if (existsSync(wasmOpt) && reoptimized.has(f)) {
      const out = path.join(os.tmpdir(), `mlviz-reopt-${process.pid}.wasm`);
      execFileSync(wasmOpt, ['-Oz', '--all-features', file, '-o', out], { stdio: 'pipe' });
      const again = statSync(out).size;
      const ratio = again / buf.length;
      console.log(`${f}: ${buf.length} bytes; wasm-opt -Oz again: ${again} bytes (${(ratio * 100).toFixed(1)} %)`);
      assert.ok(ratio > 0.9, `${f} shrinks to ${(ratio * 100).toFixed(1)} % when optimized again: it was not optimized`);
    }
  }
});

test('index.html maps every demo to a bundle whose files are in dist/', () => {
  // scripts/bundles.mjs writes the map into the start-up tag; www/boot.js reads it.
  requireDist();
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const attribute = /<script src="[^"]*boot\.js"[^>]*\sdata-mlviz-bundles='([^']*)'/.exec(html);
  assert.ok(attribute, 'no data-mlviz-bundles on the start-up tag: run node scripts/bundles.mjs dist');
  const map = JSON.parse(attribute[1]);
  const bundles = JSON.parse(readFileSync(path.join(REPO_ROOT, 'bundle', 'bundles.json'), 'utf8'));
  const expected = Object.fromEntries(bundles.flatMap((b) => b.demos.map((id) => [id, b.name])));
  assert.deepEqual(map.demos, expected);
  assert.equal(map.dir, '/bundles/');
  // Every demo's typeset explanation, fetched after its first frame (src/demos/explanations.rs).
  for (const id of Object.keys(map.demos)) {
    const file = path.join(DIST, 'explanations', `${id}.html`);
    assert.ok(existsSync(file), `explanations/${id}.html missing from dist/`);
    assert.match(readFileSync(file, 'utf8'), /<p>/, `explanations/${id}.html`);
  }
  for (const { name } of bundles) {
    for (const suffix of ['.js', '_bg.wasm']) {
      const url = map.dir + map.modules[name] + suffix;
      assert.ok(existsSync(path.join(DIST, url)), `${url} missing from dist/`);
    }
  }
});

test('one demo downloads at most 250 KB (gzip), the landing page at most 60 KB (issue 12, goal 1)', () => {
  // What a reader's browser fetches to show a demo: the page, the stylesheet, boot.js and the
  // demo's bundle (module and glue); the explanation text (a few KB) follows the first frame.
  // The landing page is static: the page, the stylesheet and boot.js. gzip -9, as
  // bench/browser-bench.mjs and bench/peer-bench.mjs measure it.
  requireDist();
  const gzip = (file) => zlib.gzipSync(readFileSync(path.join(DIST, file)), { level: 9 }).length;
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const css = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
  assert.ok(css, 'no stylesheet link in index.html');
  const page = gzip('index.html') + gzip(css) + gzip('boot.js');
  console.log(`landing page: ${page} B gzip`);
  assert.ok(page <= 60_000, `the landing page downloads ${page} B gzip`);
  const map = JSON.parse(/\sdata-mlviz-bundles='([^']*)'/.exec(html)[1]);
  // The first entry of Rust's decimal-parsing table (core::num::dec2flt, 5^-342 as 128 bits),
  // little-endian: 10.8 KB gzip that src/number_text.rs keeps out by reading numbers with the
  // browser's parseFloat. A `str::parse::<f64>` anywhere in a bundle's code brings it back.
  const decimalTable = Buffer.from('5ad63b92d653f4ee', 'hex');
  const over = [];
  const withTable = [];
  for (const [name, stem] of Object.entries(map.modules)) {
    const wasm = readFileSync(path.join(DIST, map.dir + stem + '_bg.wasm'));
    const total = page + gzip(map.dir + stem + '.js') + zlib.gzipSync(wasm, { level: 9 }).length;
    const demos = Object.keys(map.demos).filter((id) => map.demos[id] === name);
    console.log(`${name} (${demos.join(', ')}): ${total} B gzip`);
    if (total > 250_000) over.push(`${name}: ${total} B`);
    if (wasm.includes(decimalTable)) withTable.push(name);
  }
  assert.deepEqual(withTable, [], "bundles carrying Rust's decimal table: read numbers with number_text::parse_f64");
  assert.deepEqual(over, [], 'bundles over 250 KB: move a demo to a bundle of its own (src/demos/bundles.rs)');
});

test('no file in dist/ refers to another origin', () => {
  const files = requireDist().filter((f) => /\.(?:html|css|js|mjs|json|svg|webmanifest)$/i.test(f));
  const offenders = [];
  for (const f of files) {
    let text = readFileSync(path.join(DIST, f), 'utf8');
    // HTML comments load nothing: blank them out (keeping line numbers).
    if (/\.(?:html|svg)$/i.test(f)) text = text.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '));
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      for (const m of line.matchAll(/\bhttps?:\/\/[^\s"'`)<>\\]*/gi)) {
        const url = m[0];
        if (ALLOWED_EXTERNAL_URLS.includes(url)) continue;
        // A URL in a JS/CSS comment line loads nothing, e.g. wasm-bindgen's glue cites MDN:
        //   // https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Operators/typeof#description
        if (/\.(?:js|mjs|css)$/i.test(f) && /^\s*(?:\/\/|\/\*|\*)/.test(line.slice(0, m.index))) continue;
        offenders.push(`${f}:${i + 1}: ${url}`);
      }
      // protocol-relative references in markup and CSS: src="//host/...", url(//host/...)
      if (/\.(?:html|css|svg)$/i.test(f)) {
        for (const m of line.matchAll(/(?:\b(?:src|href|action|poster)\s*=\s*["']|url\(\s*["']?)\/\/[^\s"')]+/gi)) {
          offenders.push(`${f}:${i + 1}: ${m[0]}`);
        }
      }
    });
  }
  assert.deepEqual(offenders, [], 'references to other origins (add a justified entry to ALLOWED_EXTERNAL_URLS only if nothing fetches it)');
});

test(
  'the --public-url build serves every referenced asset under the sub-path',
  { skip: SUBPATH_DIST && existsSync(SUBPATH_DIST) ? false : 'no sub-path build (set MLVIZ_SUBPATH_DIST; scripts/test.sh does)' },
  async () => {
    requireDist(SUBPATH_DIST);
    const html = readFileSync(path.join(SUBPATH_DIST, 'index.html'), 'utf8');
    const refs = localRefs(html);
    const rootRelative = refs.filter((r) => r.startsWith('/'));
    const outside = rootRelative.filter((r) => !r.startsWith(SUBPATH_URL));
    assert.deepEqual(outside, [], `root-relative references outside ${SUBPATH_URL}`);
    const server = await startServer({ root: SUBPATH_DIST, prefix: SUBPATH_URL });
    try {
      const page = await fetch(server.url);
      assert.equal(page.status, 200, `GET ${server.url}`);
      const bad = [];
      for (const r of refs) {
        const url = new URL(r, server.url);
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.status !== 200) bad.push(`${res.status} ${url.pathname}`);
        if (url.pathname.endsWith('.wasm') && res.headers.get('content-type') !== 'application/wasm') {
          bad.push(`${url.pathname}: content-type ${res.headers.get('content-type')}`);
        }
      }
      assert.deepEqual(bad, [], 'assets of the sub-path build that do not load');
    } finally {
      await server.close();
    }
  },
);

test('server.mjs serves dist/ with the right MIME types, 404 for missing files', async () => {
  const files = requireDist();
  const server = await startServer({ root: DIST });
  try {
    const check = async (p, status, type) => {
      const res = await fetch(new URL(p, server.url));
      await res.arrayBuffer();
      assert.equal(res.status, status, `GET ${p}`);
      if (type) assert.equal(res.headers.get('content-type')?.split(';')[0], type, `content-type of ${p}`);
    };
    await check('', 200, 'text/html');
    await check('index.html', 200, 'text/html');
    await check(files.find((f) => f.endsWith('.wasm')), 200, 'application/wasm');
    await check(files.find((f) => f.endsWith('.js')), 200, 'text/javascript');
    const css = files.find((f) => f.endsWith('.css'));
    if (css) await check(css, 200, 'text/css');
    await check('no-such-file.js', 404);
    await check('../Cargo.toml', 404);
    await check('%2e%2e/Cargo.toml', 404);
  } finally {
    await server.close();
  }
  const sub = await startServer({ root: DIST, prefix: '/a/b/' });
  try {
    assert.equal((await fetch(sub.origin + '/a/b/index.html')).status, 200);
    assert.equal((await fetch(sub.origin + '/index.html')).status, 404);
  } finally {
    await sub.close();
  }
});

test('size report (raw and gzip) of dist/', () => {
  const files = requireDist();
  const rows = files.map((f) => {
    const buf = readFileSync(path.join(DIST, f));
    return { file: f, bytes: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
  });
  const total = rows.reduce((a, r) => ({ bytes: a.bytes + r.bytes, gzip: a.gzip + r.gzip }), { bytes: 0, gzip: 0 });
  const byExt = {};
  for (const r of rows) {
    const ext = path.extname(r.file) || '(none)';
    byExt[ext] ??= { bytes: 0, gzip: 0 };
    byExt[ext].bytes += r.bytes;
    byExt[ext].gzip += r.gzip;
  }
  const kb = (n) => (n / 1024).toFixed(1).padStart(9) + ' KiB';
  const width = Math.max(5, ...rows.map((r) => r.file.length));
  console.log(`${'file'.padEnd(width)} ${'raw'.padStart(13)} ${'gzip'.padStart(13)}`);
  for (const r of rows) console.log(`${r.file.padEnd(width)} ${kb(r.bytes)} ${kb(r.gzip)}`);
  console.log(`${'TOTAL'.padEnd(width)} ${kb(total.bytes)} ${kb(total.gzip)}`);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  writeFileSync(
    path.join(ARTIFACTS_DIR, 'sizes.json'),
    JSON.stringify({ dist: path.relative(REPO_ROOT, DIST), total, byExtension: byExt, files: rows }, null, 2) + '\n',
  );
  assert.ok(total.bytes > 0);
});
