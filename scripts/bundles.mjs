#!/usr/bin/env node
// Builds the demo bundles and installs them into built sites, so that a reader opening one
// demo downloads the shell and a few demos instead of every demo (issue 12, goal 1).
//
//   node scripts/bundles.mjs dist [target/dist-subpath ...]
//
// After `trunk build --release` (scripts/test.sh runs both). For each bundle of
// bundle/bundles.json (generated from src/demos/bundles.rs):
//   cargo build --release --target wasm32-unknown-unknown -p mlviz-bundle --features NAME
//   wasm-bindgen --target web --weak-refs --no-typescript   (as trunk calls it, Trunk.toml)
//   wasm-opt -Oz --low-memory-unused                         (index.html's data-wasm-opt="z", plus)
//   esbuild --minify of the glue                             (npm esbuild, package.json)
// into target/bundles/, named NAME-HASH.js / NAME-HASH_bg.wasm (HASH from their content, so a
// changed bundle is never served from a stale cache). Then, for every site directory given:
// the files are copied to SITE/bundles/ and the start-up tag of SITE/index.html gets
// `data-mlviz-bundles` (which module holds which demo; www/boot.js reads it), with paths under
// the site's own public URL (read from the tag's `src`), so sub-path builds work; and what
// every page loads first is made smaller (stylesheet and boot.js minified, index.html without
// comments).
//
// The bundles are compiled with opt-level "z" (the cargo profile's `release` otherwise), the
// setting that keeps the largest bundle's download within 250 KB; MLVIZ_BUNDLE_OPT_LEVEL
// overrides it (e.g. 3 or "s"). Two steps overlap: the next bundle compiles while wasm-opt
// shrinks the previous one.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'target', 'bundles');
const CARGO_WASM = path.join(ROOT, 'target', 'wasm32-unknown-unknown', 'release', 'mlviz_bundle.wasm');
const OPT_LEVEL = process.env.MLVIZ_BUNDLE_OPT_LEVEL || 'z';

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal || `exit ${code}`})`));
    });
  });
}

const quotedLevel = /^[0-9]$/.test(OPT_LEVEL) ? OPT_LEVEL : `"${OPT_LEVEL}"`;

/** Compiles, binds and optimizes every bundle; returns [{name, demos, js, wasm}] (file names). */
async function buildAll(bundles) {
  mkdirSync(OUT, { recursive: true });
  const built = [];
  let optimizing = Promise.resolve();
  for (const bundle of bundles) {
    const t0 = Date.now();
    await run('cargo', [
      'build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'mlviz-bundle',
      '--features', bundle.name, '--config', `profile.release.opt-level=${quotedLevel}`,
    ]);
    const staging = path.join(OUT, 'staging', bundle.name);
    rmSync(staging, { recursive: true, force: true });
    await run('wasm-bindgen', [
      '--target', 'web', '--weak-refs', '--no-typescript', '--out-dir', staging, '--out-name', bundle.name, CARGO_WASM,
    ]);
    const compiled = Date.now() - t0;
    // wasm-opt of this bundle runs while the next one compiles (one at a time).
    const previous = optimizing;
    optimizing = previous.then(async () => {
      const t1 = Date.now();
      const bound = path.join(staging, `${bundle.name}_bg.wasm`);
      const optimized = path.join(staging, `${bundle.name}.opt.wasm`);
      // --low-memory-unused: the module never reads the first KB of memory (the stack sits
      // below its 1 MB start and grows down), so wasm-opt may fold address offsets.
      await run('wasm-opt', [`--output=${optimized}`, '-Oz', '--low-memory-unused', bound]);
      const minified = path.join(staging, `${bundle.name}.min.js`);
      await run('esbuild', [path.join(staging, `${bundle.name}.js`), '--minify', '--format=esm', '--log-level=warning', `--outfile=${minified}`]);
      const js = readFileSync(minified);
      const wasm = readFileSync(optimized);
      const hash = createHash('sha256').update(js).update(wasm).digest('hex').slice(0, 16);
      const files = { js: `${bundle.name}-${hash}.js`, wasm: `${bundle.name}-${hash}_bg.wasm` };
      writeFileSync(path.join(OUT, files.js), js);
      writeFileSync(path.join(OUT, files.wasm), wasm);
      const gzip = zlib.gzipSync(wasm, { level: 9 }).length + zlib.gzipSync(js, { level: 9 }).length;
      console.log(
        `bundle ${bundle.name}: ${bundle.demos.join(', ')}; wasm ${wasm.length} B, wasm + js gzip ${gzip} B ` +
          `(compile ${(compiled / 1000).toFixed(1)} s, wasm-opt ${((Date.now() - t1) / 1000).toFixed(1)} s)`,
      );
      built.push({ ...bundle, ...files });
    });
    await previous;
  }
  await optimizing;
  return bundles.map((bundle) => built.find((b) => b.name === bundle.name));
}

/** Copies the bundles into `site` and writes their map into the start-up tag of its index.html. */
async function install(site, built) {
  const index = path.join(site, 'index.html');
  if (!existsSync(index)) throw new Error(`${index} missing: run trunk build first`);
  const dir = path.join(site, 'bundles');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const bundle of built) {
    copyFileSync(path.join(OUT, bundle.js), path.join(dir, bundle.js));
    copyFileSync(path.join(OUT, bundle.wasm), path.join(dir, bundle.wasm));
  }
  let html = readFileSync(index, 'utf8');
  const tag = /<script src="([^"]*)boot\.js"([^>]*)><\/script>/.exec(html);
  if (!tag) throw new Error(`${index}: no <script src=".../boot.js"> start-up tag (Trunk.toml pattern_script)`);
  const base = tag[1];
  // Compact (every page carries it): a module's files are `${dir}${stem}.js` and
  // `${dir}${stem}_bg.wasm`.
  const map = { dir: `${base}bundles/`, modules: {}, demos: {} };
  for (const bundle of built) {
    map.modules[bundle.name] = bundle.js.replace(/\.js$/, '');
    for (const id of bundle.demos) map.demos[id] = bundle.name;
  }
  const json = JSON.stringify(map);
  if (/[&']/.test(json)) throw new Error('the bundle map cannot go in a single-quoted attribute');
  const attributes = tag[2].replace(/\s+data-mlviz-bundles='[^']*'/, '');
  html = html.replace(tag[0], `<script src="${base}boot.js"${attributes} data-mlviz-bundles='${json}'></script>`);
  html = await shrinkPageFiles(site, html);
  writeFileSync(index, html);
  console.log(`installed ${built.length} bundles into ${path.relative(ROOT, dir) || dir}`);
}

/**
 * What every page downloads before its module, made smaller: the stylesheet and boot.js
 * minified by esbuild (the stylesheet's `integrity` recomputed), and index.html without its
 * comments (the sources keep theirs). Returns the page's new HTML.
 */
async function shrinkPageFiles(site, html) {
  const link = /<link rel="stylesheet" href="([^"]+)" integrity="([^"]+)"\/?>/.exec(html);
  if (link) {
    const css = path.join(site, path.basename(link[1]));
    await run('esbuild', [css, '--minify', '--log-level=warning', `--outfile=${css}`, '--allow-overwrite']);
    const integrity = 'sha384-' + createHash('sha384').update(readFileSync(css)).digest('base64');
    html = html.replace(link[0], link[0].replace(link[2], integrity));
  }
  const boot = path.join(site, 'boot.js');
  await run('esbuild', [boot, '--minify', '--log-level=warning', `--outfile=${boot}`, '--allow-overwrite']);
  return html.replace(/<!--[\s\S]*?-->/g, '');
}

const reuse = process.argv.includes('--reuse');
const sites = process.argv.slice(2).filter((arg) => arg !== '--reuse' && !arg.startsWith('--only='));
if (sites.length === 0) {
  console.error(
    'usage: node scripts/bundles.mjs [--reuse] SITE_DIR [SITE_DIR ...]   (after trunk build --release;\n' +
      '       --reuse installs the bundles the last run built, without building them again;\n' +
      '       --only=NAME[,NAME] builds those bundles again and reuses the others)',
  );
  process.exit(2);
}
const bundles = JSON.parse(readFileSync(path.join(ROOT, 'bundle', 'bundles.json'), 'utf8'));
const t0 = Date.now();
const record = path.join(OUT, 'built.json');
// --only NAME: build that bundle again and reuse the others (while working on one demo).
const onlyArg = process.argv.find((arg) => arg.startsWith('--only='));
let built;
if (onlyArg) {
  const names = onlyArg.slice('--only='.length).split(',');
  const previous = JSON.parse(readFileSync(record, 'utf8'));
  const fresh = await buildAll(bundles.filter((b) => names.includes(b.name)));
  built = previous.map((b) => fresh.find((f) => f.name === b.name) ?? b);
} else {
  built = reuse ? JSON.parse(readFileSync(record, 'utf8')) : await buildAll(bundles);
}
writeFileSync(record, JSON.stringify(built, null, 2) + '\n');
for (const site of sites) await install(path.resolve(ROOT, site), built);
// Old hashed files of earlier builds are dropped from target/bundles/.
const keep = new Set(built.flatMap((b) => [b.js, b.wasm]));
for (const f of readdirSync(OUT)) {
  if (statSync(path.join(OUT, f)).isFile() && !keep.has(f) && f !== 'built.json') rmSync(path.join(OUT, f));
}
console.log(`bundles built and installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
