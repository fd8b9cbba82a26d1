// End-to-end tests of the app in Debian's Chromium (playwright-core), requests restricted
// to 127.0.0.1. They loop over the registry the page itself reports (window.mlviz.registry()),
// so every demo and every control is covered without listing them here.
//
// Run after `trunk build --release`: node --test tests/e2e/   (scripts/test.sh does both).
// Screenshots land in test-artifacts/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, waitForAppReady } from './browser.mjs';
import { startServer } from './server.mjs';
import {
  DESKTOP, PHONE, PREREQUISITES, assertClean, clickMenuItem, hashParams, inLanes, picture, readouts, setControl,
  settle, startHarness,
} from './harness.mjs';

let h;
let server;
let browser;
let registry;
let open;

before(async () => {
  h = await startHarness();
  ({ server, browser, registry } = h);
  open = h.open;
});

after(async () => h?.close());

test('the landing page lists every demo by chapter, with no console errors or outside requests', async () => {
  const p = await open('');
  const chapters = await p.page.$$eval('#demo-nav h2', (h) => h.map((e) => e.textContent));
  assert.deepEqual(chapters, [
    'Linear algebra', 'Calculus', 'Optimization', 'Probability & statistics', 'Numerical computing', 'Neural networks',
  ]);
  const cards = await p.page.$$eval('.demo-card', (cards) => cards.map((c) => c.dataset.demoId));
  assert.deepEqual(cards.sort(), registry.map((d) => d.id).sort());
  await screenshot(p.page, 'landing-desktop');
  assertClean(p, 'landing');
  await p.close();
});

test('the landing page is static: no WebAssembly until the reader heads for a demo', async () => {
  const p = await newPage(browser, DESKTOP);
  const requested = [];
  p.page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await p.page.goto(server.url);
  await p.page.waitForLoadState('load');
  // Every card and nav link is there without the module (index.html carries them).
  const cards = await p.page.$$eval('.demo-card', (cards) => cards.map((c) => c.dataset.demoId));
  assert.deepEqual(cards.sort(), registry.map((d) => d.id).sort());
  assert.equal(await p.page.$$eval('#demo-nav a[data-demo-id]', (a) => a.length), registry.length);
  assert.deepEqual(requested.filter((r) => /\.(wasm|js)$/.test(r) && !r.endsWith('/boot.js')), [], 'module fetched on the landing page');
  assert.equal(await p.page.evaluate(() => document.documentElement.dataset.mlvizReady), undefined);

  // Focusing a card (Tab) starts the module; the card keeps the focus when the app takes over.
  await p.page.focus('.demo-card[data-demo-id="vectors"]');
  await waitForAppReady(p.page);
  assert.ok(requested.some((r) => r.endsWith('.wasm')), 'module fetched once a card is focused');
  assert.equal(await p.page.evaluate(() => document.activeElement?.dataset.demoId), 'vectors');
  await p.page.keyboard.press('Enter');
  await p.page.waitForSelector('main .demo[data-demo-id="vectors"]');
  assertClean(p, 'static landing');
  await p.close();

  // A demo address starts the module at once and never shows the landing page's cards.
  const q = await newPage(browser, DESKTOP);
  await q.page.goto(server.url + '#/vectors');
  await waitForAppReady(q.page);
  assert.equal(await q.page.isVisible('[data-static-landing]'), false);
  await q.close();
});

test('a demo loads only its bundle; a link into another bundle reloads into that one, and Back returns', async () => {
  // src/demos/bundles.rs: the release site carries one small module per group of demos.
  const p = await newPage(browser, DESKTOP);
  const wasm = [];
  p.page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname);
  });
  await p.page.goto(server.url + '#/vectors?ax=2');
  await waitForAppReady(p.page);
  assert.equal(await p.page.evaluate(() => window.mlvizBoot.module()), 'vectors-matrix-transform');
  assert.equal(wasm.length, 1);
  assert.match(wasm[0], /\/bundles\/vectors-matrix-transform-[0-9a-f]{16}_bg\.wasm$/);
  // The explanation is not in the module: it arrives after the first frame, typeset.
  await p.page.waitForSelector('.explanation-body[data-loaded]');
  assert.ok((await p.page.$$('.explanation-body math')).length > 5, 'the explanation is typeset');
  // Within the bundle, a link is followed in place.
  await p.page.click('#demo-nav a[data-demo-id="matrix-transform"]');
  await p.page.waitForSelector('main .demo[data-demo-id="matrix-transform"]');
  assert.equal(wasm.length, 1, 'no second module for a demo of the same bundle');
  // Into another bundle: the page reloads and loads that bundle's module.
  await Promise.all([p.page.waitForEvent('load'), p.page.click('#demo-nav a[data-demo-id="limits"]')]);
  await waitForAppReady(p.page);
  await p.page.waitForSelector('main .demo[data-demo-id="limits"]');
  assert.equal(await p.page.evaluate(() => window.mlvizBoot.module()), 'limits-derivatives');
  assert.match(wasm.at(-1), /\/bundles\/limits-derivatives-[0-9a-f]{16}_bg\.wasm$/);
  // Back: the previous address, its bundle and its state.
  await Promise.all([p.page.waitForEvent('load'), p.page.goBack()]);
  await waitForAppReady(p.page);
  await p.page.waitForSelector('main .demo[data-demo-id="matrix-transform"]');
  assert.equal(await p.page.evaluate(() => window.mlvizBoot.module()), 'vectors-matrix-transform');
  assertClean(p, 'bundles');
  await p.close();
});

test('every registered demo loads cleanly, and every control changes the picture and the URL', async () => {
  assert.ok(registry.length >= 2);
  // Demos in parallel lanes (harness `inLanes`), each in its own page.
  await inLanes(registry, async (demo) => {
    // Each demo loads in a fresh page once; for its other controls the same page follows the
    // link by hash routing, which mounts the demo afresh from it (harness `show`).
    let p = null;
    for (const control of demo.controls) {
      const prerequisite = PREREQUISITES[demo.id]?.[control.key];
      p = await h.visit(p, `#/${demo.id}${prerequisite ? '?' + prerequisite : ''}`);
      if (!prerequisite && control === demo.controls[0]) await screenshot(p.page, `${demo.id}-desktop`);
      const active = await p.page.getAttribute(`[data-control="${control.key}"]`, 'data-active');
      assert.equal(active, '1', `${demo.id}.${control.key} must be active in the tested state`);
      const before = await picture(p.page);
      await setControl(p.page, control, control.example);
      const params = hashParams(p.page);
      assert.ok(params.has(control.key), `${demo.id}.${control.key}: URL ${p.page.url()} lacks the key`);
      assert.equal(
        Number.isNaN(Number(control.example)) ? params.get(control.key) : Number(params.get(control.key)),
        Number.isNaN(Number(control.example)) ? control.example : Number(control.example),
        `${demo.id}.${control.key}: URL value`,
      );
      const after = await picture(p.page);
      assert.notEqual(after, before, `${demo.id}.${control.key}: the picture did not change`);
      assertClean(p, `${demo.id}.${control.key}`);
    }
    await p?.close();
  });
});

test('no demo is wider than a 390 px phone or a 1440 px desktop', async () => {
  // One page per size, the two sizes in parallel lanes (harness `inLanes`).
  await inLanes([PHONE, DESKTOP], async (viewport) => {
    let p = null;
    for (const demo of registry) {
      p = await h.visit(p, `#/${demo.id}`, viewport);
      // Compared with the configured width: a mobile browser widens its layout viewport to
      // fit content that overflows, so clientWidth itself would grow.
      const overflow = await p.page.evaluate((width) => {
        const wide = [...document.querySelectorAll('article.demo *')]
          .filter((e) => e.getBoundingClientRect().right > width + 1)
          .slice(0, 3)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
        return { scroll: document.documentElement.scrollWidth, width, wide };
      }, viewport.viewport.width);
      assert.ok(
        overflow.scroll <= overflow.width,
        `${demo.id} at ${viewport.viewport.width} px: page ${overflow.scroll} px wide; ${overflow.wide.join(', ')}`,
      );
    }
    await p?.close();
  });
});

test('a shared URL restores the readouts exactly, also after a reload', async () => {
  // The state is set in a page that goes from demo to demo by hash routing, one page per
  // lane (harness `inLanes`); the reload and the new page then load the link afresh.
  const pages = [];
  await inLanes(registry, async (demo, lane) => {
    const p = (pages[lane] = await h.visit(pages[lane], `#/${demo.id}`));
    for (const control of demo.controls.slice(0, 4)) {
      // A control hidden by an earlier choice (another family's parameter) does not apply.
      if (!(await p.page.isVisible(`[data-control="${control.key}"]`))) continue;
      await setControl(p.page, control, control.example);
    }
    const url = p.page.url();
    const expected = await readouts(p.page);
    assert.ok(Object.keys(expected).length > 3);
    await p.page.reload();
    await waitForAppReady(p.page);
    await settle(p.page);
    assert.deepEqual(await readouts(p.page), expected, `${demo.id}: reload`);
    const fresh = await open(new URL(url).hash);
    assert.deepEqual(await readouts(fresh.page), expected, `${demo.id}: new page`);
    assertClean(p, demo.id);
    assertClean(fresh, `${demo.id} in a new page`);
    await fresh.close();
  });
  for (const p of pages) await p?.close();
});

test('every action button works and keeps the URL reproducible; every export downloads content', async () => {
  // `p` goes from demo to demo by hash routing; `again` follows each action's link the same
  // way, which mounts the demo from that link alone.
  let p = null;
  let again = null;
  for (const demo of registry) {
    if (demo.actions.length === 0 && demo.exports.length === 0) continue;
    p = await h.visit(p, `#/${demo.id}`);
    for (const action of demo.actions) {
      await p.page.click(`button[data-demo-action="${action}"]`);
      await settle(p.page);
      assert.equal(await p.page.$('[data-notice="action"]'), null, `${demo.id}.${action} reported an error`);
      // The state an action leaves must come back from the URL alone.
      const shown = await readouts(p.page);
      again = await h.visit(again, new URL(p.page.url()).hash);
      assert.deepEqual(await readouts(again.page), shown, `${demo.id}: URL after ${action}`);
      assertClean(again, `${demo.id} reopened after ${action}`);
    }
    for (const exportKey of demo.exports) {
      const [download] = await Promise.all([
        p.page.waitForEvent('download'),
        clickMenuItem(p.page, `button[data-action="export"][data-export="${exportKey}"]`),
      ]);
      const path = await download.path();
      const { size } = await import('node:fs/promises').then((fs) => fs.stat(path));
      assert.ok(size > 0, `${demo.id}.${exportKey}: empty download`);
    }
    assertClean(p, `${demo.id} actions and exports`);
  }
  await p?.close();
  await again?.close();
});

test('least squares: a CSV file loads points (read locally) and the data downloads as CSV', async () => {
  const p = await open('#/least-squares');
  await p.page.setInputFiles('input[data-import-key="points-csv"]', {
    name: 'houses.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('x,y\n1,2\n2,4.5\n3,6\n'),
  });
  await p.page.waitForFunction(() => document.querySelector('[data-readout="points-count"]')?.dataset.value === '3');
  await settle(p.page);
  assert.equal(hashParams(p.page).get('points'), '1,2;2,4.5;3,6');
  // Least squares through (1,2), (2,4.5), (3,6): slope 2 in x, so the CSV's fitted values are
  // 2.1667, 4.1667, 6.1667 (ŷ = 2x + 1/6 by the normal equations, computed by hand).
  const [download] = await Promise.all([
    p.page.waitForEvent('download'),
    clickMenuItem(p.page, 'button[data-export="data"]'),
  ]);
  const csv = await import('node:fs/promises').then(async (fs) => fs.readFile(await download.path(), 'utf8'));
  const rows = csv.trim().split('\n');
  assert.equal(rows[0], 'x,y,fitted,residual');
  const fitted = rows.slice(1).map((r) => Number(r.split(',')[2]));
  [13 / 6, 25 / 6, 37 / 6].forEach((want, i) => assert.ok(Math.abs(fitted[i] - want) < 1e-12, `${fitted[i]} vs ${want}`));
  // A bad file is reported and the last good points stay.
  await p.page.setInputFiles('input[data-import-key="points-csv"]', {
    name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y\n1,oops\n'),
  });
  await p.page.waitForSelector('[data-notice="action"]');
  assert.equal(hashParams(p.page).get('points'), '1,2;2,4.5;3,6');
  assertClean(p, 'least-squares import');
  await p.close();
});

/** A PNG (8-bit RGB, no compression tricks) whose pixel (x, y) has colour `rgb(x, y)`. */
async function makePng(width, height, rgb) {
  const zlib = await import('node:zlib');
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = [];
  for (let y = 0; y < height; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < width; x++) rows.push(...rgb(x, y));
  }
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test('convolution: an image file is processed locally, not put in the URL, and can be dropped', async () => {
  const p = await open('#/convolution');
  // 60×30, black left half, white right half: a vertical step edge.
  const png = await makePng(60, 30, (x) => (x < 30 ? [0, 0, 0] : [255, 255, 255]));
  const before = hashParams(p.page).toString();
  await p.page.setInputFiles('input[data-import-key="image"]', { name: 'step.png', mimeType: 'image/png', buffer: png });
  await p.page.waitForFunction(() => document.querySelector('[data-readout="input-height"]')?.dataset.value === '20');
  await settle(p.page);
  const shown = await readouts(p.page);
  // Shrunk so the longer side is n = 40: 40×20; Sobel x on a 0→1 step gives exactly 4.
  assert.equal(shown['input-width'], '40');
  assert.equal(Number(shown['output-max']), 4);
  assert.equal(Number(shown['output-min']), 0);
  assert.equal(hashParams(p.page).toString(), before, 'an imported image must not enter the URL');
  const notices = await p.page.$$eval('p.notice-info', (ps) => ps.map((e) => e.textContent).join(' '));
  assert.match(notices, /not uploaded/);
  assert.equal(p.blockedRequests.length, 0);
  await p.page.click('button[data-demo-action="built-in-image"]');
  await p.page.waitForFunction(() => document.querySelector('[data-readout="input-height"]')?.dataset.value === '40');
  assertClean(p, 'convolution import');
  await p.close();
});

test('steps=N reproduces the readouts of pressing Step N times', async () => {
  // Two pages that go from demo to demo by hash routing, each mounting the demo from the link.
  let linked = null;
  let stepped = null;
  for (const demo of registry.filter((d) => d.stepping)) {
    linked = await h.visit(linked, `#/${demo.id}?steps=12`);
    const expected = await readouts(linked.page);
    stepped = await h.visit(stepped, `#/${demo.id}`);
    await stepped.page.click('button[data-action=reset]');
    for (let i = 0; i < 12; i++) await stepped.page.click('button[data-action=step]');
    await settle(stepped.page);
    assert.deepEqual(await readouts(stepped.page), expected, demo.id);
    assert.equal(hashParams(stepped.page).get('steps'), '12');
  }
  await linked?.close();
  await stepped?.close();
});

test('play animates and pauses at the end, writing the URL only then', async () => {
  const p = await open('#/gradient-descent-1d?iterations=30');
  await p.page.click('button[data-action=reset]');
  await settle(p.page);
  assert.equal(hashParams(p.page).get('steps'), '0');
  await p.page.click('button[data-action=play]');
  await p.page.waitForFunction(() => document.querySelector('output[data-readout=step]')?.dataset.value === '30', null, { timeout: 10_000 });
  await p.page.waitForFunction(() => document.querySelector('button[data-action=play]').getAttribute('aria-pressed') === 'false', null, { timeout: 10_000 });
  const values = await readouts(p.page);
  assert.equal(values.step, '30');
  assert.equal(hashParams(p.page).get('steps'), null, 'at the end the default (all steps) needs no steps=');
  assert.equal(await p.page.evaluate(() => window.mlviz.activeAnimations()), 0);
  await p.close();
});

test('the 1-D lesson names the regimes at the article thresholds 0.5 and 1', async () => {
  const expectations = [['0.3', 'monotone'], ['0.7', 'oscillat'], ['1', 'period'], ['1.2', 'diverg']];
  let p = null;
  for (const [lr, word] of expectations) {
    p = await h.visit(p, `#/gradient-descent-1d?lr=${lr}`);
    const values = await readouts(p.page);
    assert.match(values.regime.toLowerCase(), new RegExp(word), `lr ${lr}: ${values.regime}`);
    assert.equal(values['one-step-lr'], '0.5');
    assert.equal(values['stability-limit'], '1');
  }
  await p.close();
});

test('a diverging learning rate is explained and no readout is NaN', async () => {
  const p = await open('#/gradient-descent?lr=10&kappa=20&rmsprop=1');
  const notice = await p.page.textContent('.notices');
  assert.match(notice, /SGD diverged at step \d+: η = 10 is above its stability limit 2\/λmax = 0\.1\./);
  assert.match(notice, /RMSProp diverged at step \d+: adaptive methods move each coordinate/);
  const values = await readouts(p.page);
  for (const [name, value] of Object.entries(values)) {
    assert.ok(!/nan|inf/i.test(value), `${name} = ${value}`);
  }
  const shown = await p.page.$$eval('output[data-readout]', (o) => o.map((e) => e.textContent));
  assert.ok(shown.every((t) => !/NaN/.test(t)));
  assert.match(values['sgd.status'], /^diverged at step \d+$/);
  await screenshot(p.page, 'gradient-descent-diverged');
  assertClean(p, 'diverged');
  await p.close();
});

test('bad links get a friendly message and defaults, never a crash', async () => {
  let p = await open('#/no-such-demo');
  assert.match(await p.page.textContent('.problem'), /No demo called “no-such-demo”/);
  assert.ok((await p.page.$$('.demo-card')).length >= 2, 'the cards are offered');
  assertClean(p, 'unknown demo');
  await p.close();

  p = await open('#/<script>alert(1)</script>');
  assert.match(await p.page.textContent('.problem'), /could not be read/);
  assertClean(p, 'malformed');
  await p.close();

  p = await open('#/gradient-descent?lr=abc&bogus=1&surface=rosenbrock&x0=1e400');
  const notice = await p.page.textContent('[data-notice=url]');
  assert.match(notice, /lr=abc/);
  assert.match(notice, /bogus=1/);
  assert.match(notice, /x0=1e400/);
  const params = hashParams(p.page);
  assert.equal(params.get('surface'), 'rosenbrock', 'the good parameter is kept');
  assert.equal(params.get('lr'), '0.001', 'the bad one falls back to the default (Rosenbrock suggests 0.001)');
  assertClean(p, 'bad params');
  await p.close();

  p = await open('#/gradient-descent?surface=custom');
  await setControl(p.page, { key: 'formula', kind: 'text' }, 'sin(x +');
  assert.match(await p.page.textContent('[data-control=formula] .control-error'), /formula has an error/);
  assert.equal(hashParams(p.page).get('formula'), null, 'the last good formula (the default) stays');
  assertClean(p, 'formula error');
  await p.close();
});

test('embed mode shows only the demo, links back and posts its height', async () => {
  const p = await open('#/gradient-descent?surface=himmelblau&embed=1');
  assert.equal(await p.page.isVisible('#site-header'), false);
  assert.equal(await p.page.isVisible('#site-nav'), false);
  const back = await p.page.getAttribute('a.embed-backlink', 'href');
  assert.match(back, /#\/gradient-descent\?surface=himmelblau$/);
  assert.equal(hashParams(p.page).get('embed'), '1', 'embed stays in the URL');
  await screenshot(p.page, 'gradient-descent-embed');
  await p.close();

  const host = await newPage(browser, DESKTOP);
  await host.page.goto(server.url);
  // The listener is installed before the iframe exists, so the first message is not missed.
  await host.page.setContent(`<script>window.heights = []; addEventListener('message', (e) => {
      if (e.data && e.data.type === 'mlviz:resize') window.heights.push(e.data.height); });</script>
    <iframe id="f" src="${server.url}#/gradient-descent-1d?embed=1" width="600" height="400"></iframe>`);
  await host.page.waitForFunction(() => window.heights.length > 0, null, { timeout: 20_000 });
  const height = await host.page.evaluate(() => Math.max(...window.heights));
  assert.ok(height > 300, `posted height ${height}`);
  await host.close();
});

test('the phone layout works with touch: tapping the surface moves the start point', async () => {
  const p = await open('#/gradient-descent', PHONE);
  const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling on a phone (overflow ${overflow}px)`);
  await screenshot(p.page, 'gradient-descent-phone');
  const canvas = p.page.locator('canvas[data-plot=surface][data-layer=foreground]');
  const box = await canvas.boundingBox();
  assert.ok(box.width > 300 && box.width <= 390, `surface width ${box.width}`);
  await canvas.tap({ position: { x: box.width * 0.75, y: box.height * 0.25 } });
  await settle(p.page);
  const params = hashParams(p.page);
  assert.ok(Number(params.get('x0')) > 0 && Number(params.get('y0')) > 0, p.page.url());
  await p.page.screenshot({ path: 'test-artifacts/screenshots/gradient-descent-phone-full.png', fullPage: true });
  assertClean(p, 'phone');
  await p.close();
});

test('keyboard: sliders and the surface respond to arrow keys', async () => {
  const p = await open('#/gradient-descent');
  const slider = p.page.locator('[data-control=lr] input[type=range]');
  await slider.focus();
  await p.page.keyboard.press('ArrowRight');
  await settle(p.page);
  assert.ok(hashParams(p.page).has('lr'), 'the slider moved the learning rate');
  const before = await readouts(p.page);
  await p.page.locator('canvas[data-plot=surface][data-layer=foreground]').focus();
  await p.page.keyboard.press('ArrowUp');
  await settle(p.page);
  assert.ok(hashParams(p.page).has('y0'), 'arrow keys nudge the start point');
  assert.notDeepEqual(await readouts(p.page), before);
  await p.close();
});

test('a link followed while a throttled URL write is pending opens the new demo', async () => {
  // Two quick changes leave the second URL write waiting (at most one every 250 ms). A link
  // followed then changes the address at once but its hashchange event comes as a later task,
  // and on a busy page frames run in between: the address is changed here without the event,
  // frames run until the write is due, then the event is delivered. The link must win.
  const p = await open('#/gradient-descent-1d');
  for (const second of ['0.35', '0.25', '0.4']) {
    if (!(await p.page.evaluate(() => location.hash.startsWith('#/gradient-descent-1d')))) {
      await p.page.evaluate(() => { location.hash = '#/gradient-descent-1d'; });
      await p.page.waitForFunction(() => document.querySelector('article.demo')?.dataset.demoId === 'gradient-descent-1d');
      await settle(p.page);
    }
    const pending = await p.page.evaluate(async (second) => {
      const slider = document.querySelector('[data-control="lr"] input[type=range]');
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      // The first change is written on the next frame; the second, a frame later, must wait.
      for (const value of ['0.3', second]) {
        slider.value = value;
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        await frame();
        await frame();
      }
      const pending = document.documentElement.dataset.mlvizUrlPending;
      const before = location.href;
      // A demo of the same bundle (src/demos/bundles.rs): one of another bundle reloads the page.
      history.replaceState(null, '', '#/gradient-descent');
      const start = performance.now();
      while (performance.now() - start < 400) await frame();
      dispatchEvent(new HashChangeEvent('hashchange', { oldURL: before, newURL: location.href }));
      return pending;
    }, second);
    assert.equal(pending, '1', 'the second change waits for its URL write');
    await p.page.waitForFunction(() => document.querySelector('article.demo')?.dataset.demoId === 'gradient-descent', null, {
      timeout: 5000,
    });
    assert.match(await p.page.evaluate(() => location.hash), /^#\/gradient-descent(\?|$)/);
  }
  assertClean(p, 'navigating during a pending URL write');
  await p.close();
});

test('switching demos 100 times leaves no listeners or animation loops behind', async () => {
  const p = await open('#/gradient-descent');
  const baseline = await p.page.evaluate(() => window.mlviz.liveListeners());
  for (let i = 0; i < 100; i++) {
    const id = i % 2 === 0 ? 'gradient-descent-1d' : 'gradient-descent';
    await p.page.evaluate((id) => { location.hash = `#/${id}`; }, id);
    if (i % 10 === 0) await settle(p.page);
  }
  await p.page.evaluate(() => { location.hash = '#/gradient-descent'; });
  await p.page.waitForFunction(() => document.querySelector('article.demo')?.dataset.demoId === 'gradient-descent');
  await settle(p.page);
  await settle(p.page);
  assert.equal(await p.page.evaluate(() => window.mlviz.liveListeners()), baseline);
  assert.equal(await p.page.evaluate(() => window.mlviz.activeAnimations()), 0);
  assert.equal(await p.page.$$eval('article.demo', (a) => a.length), 1);
  assertClean(p, 'switching');
  await p.close();
});

// What the page holds at each of its two first-frame marks, recorded by the mark call itself
// (an init script wraps performance.mark, which the app calls right after drawing): for every
// plot, whether it lies in the viewport and whether any of its canvases has a painted pixel.
const RECORD_FIRST_FRAMES = () => {
  const mark = Performance.prototype.mark;
  window.__plotsAtMark = {};
  Performance.prototype.mark = function (name, ...rest) {
    if (name === 'mlviz-first-render' || name === 'mlviz-all-plots-drawn') {
      window.__plotsAtMark[name] = [...document.querySelectorAll('article.demo figure.plot')]
        .filter((figure) => !figure.hidden)
        .map((figure) => {
          const rect = figure.getBoundingClientRect();
          const painted = [...figure.querySelectorAll('canvas')].some((canvas) => {
            if (canvas.width === 0 || canvas.height === 0) return false;
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
            return false;
          });
          return { plot: figure.dataset.plot, inView: rect.bottom > 0 && rect.top < innerHeight, painted };
        });
    }
    return mark.call(this, name, ...rest);
  };
};

test('a demo draws the plots in view first and the rest on the next frame; it is ready with all drawn', async () => {
  for (const [device, options] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    const p = await newPage(browser, options);
    await p.page.addInitScript(RECORD_FIRST_FRAMES);
    await p.page.goto(server.url + '#/approximate-inference');
    await waitForAppReady(p.page);
    const { atFirst, atAll, first, all } = await p.page.evaluate(() => ({
      atFirst: window.__plotsAtMark['mlviz-first-render'],
      atAll: window.__plotsAtMark['mlviz-all-plots-drawn'],
      first: performance.getEntriesByName('mlviz-first-render')[0]?.startTime,
      all: performance.getEntriesByName('mlviz-all-plots-drawn')[0]?.startTime,
    }));
    // Five plots; the posterior (the primary plot) is in view, at least the last is below the fold.
    assert.equal(atFirst.length, 5, device);
    assert.deepEqual(atFirst.find((plot) => plot.plot === 'posterior'), { plot: 'posterior', inView: true, painted: true }, device);
    assert.ok(atFirst.some((plot) => !plot.inView), `${device}: some plot lies below the fold`);
    for (const plot of atFirst) assert.equal(plot.painted, plot.inView, `${device}: ${plot.plot} at the first frame`);
    assert.ok(atAll.every((plot) => plot.painted), `${device}: ${JSON.stringify(atAll)}`);
    assert.ok(first < all, `${device}: first frame ${first} ms, all plots ${all} ms`);
    assertClean(p, `first frames (${device})`);
    await p.close();
  }
});

test('dark theme follows prefers-color-scheme', async () => {
  const p = await open('#/gradient-descent-1d', { ...DESKTOP, colorScheme: 'dark' });
  const background = await p.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(20, 22, 26)');
  await screenshot(p.page, 'gradient-descent-1d-dark');
  await p.close();
});

const SUBPATH_DIST = process.env.MLVIZ_SUBPATH_DIST;
test(
  'the release build served from a sub-path (trunk --public-url) loads and runs a demo',
  { skip: SUBPATH_DIST ? false : 'no sub-path build (scripts/test.sh sets MLVIZ_SUBPATH_DIST)' },
  async () => {
    const sub = await startServer({ root: SUBPATH_DIST, prefix: process.env.MLVIZ_SUBPATH_URL || '/mlmath-viz/sub/path/' });
    const p = await newPage(browser, DESKTOP);
    await p.page.goto(sub.url + '#/gradient-descent-1d?lr=0.7');
    await waitForAppReady(p.page);
    assert.equal(await p.page.getAttribute('article.demo', 'data-demo-id'), 'gradient-descent-1d');
    assert.match((await readouts(p.page)).regime.toLowerCase(), /oscillat/);
    assert.ok(sub.requests.every((line) => line.includes(' /mlmath-viz/sub/path/')), sub.requests.join('\n'));
    assertClean(p, 'sub-path');
    await p.close();
    await sub.close();
  },
);

test('matrix demo: dragging the tip of Aĵ sets a12 and a22, arrow keys nudge it', async () => {
  const p = await open('#/matrix-transform');
  const canvas = p.page.locator('canvas[data-plot=plane][data-layer=foreground]');
  const box = await canvas.boundingBox();
  // The demo's one transform (matrix_transform.rs `viewport`): themed_chart's margins and
  // equal units on both axes, ±4.5 vertically for the article matrix.
  const left = 62, top = 10, width = box.width - 62 - 22, height = box.height - 10 - 44;
  const scale = Math.max(9 / height, 9 / width);
  const toCss = (x, y) => [left + width / 2 + x / scale, top + height / 2 - y / scale];
  const [tipX, tipY] = toCss(2, -1); // Aĵ = (a12, a22) = (2, −1)
  const [toX, toY] = toCss(1.5, 0.5);
  await p.page.mouse.move(box.x + tipX, box.y + tipY);
  await p.page.mouse.down();
  await p.page.mouse.move(box.x + (tipX + toX) / 2, box.y + (tipY + toY) / 2);
  await p.page.mouse.move(box.x + toX, box.y + toY);
  await p.page.mouse.up();
  await settle(p.page);
  let params = hashParams(p.page);
  assert.ok(Math.abs(Number(params.get('a12')) - 1.5) <= 0.03, p.page.url());
  assert.ok(Math.abs(Number(params.get('a22')) - 0.5) <= 0.03, p.page.url());
  assert.equal(params.get('preset'), 'custom');
  assert.equal(params.get('a11'), null, 'the first column is untouched');
  const a22 = Number(params.get('a22'));
  await canvas.focus();
  await p.page.keyboard.press('ArrowUp');
  await settle(p.page);
  params = hashParams(p.page);
  assert.ok(Math.abs(Number(params.get('a22')) - (a22 + 0.1)) < 1e-9, `${a22} → ${p.page.url()}`);
  const values = await readouts(p.page);
  assert.ok(!Object.values(values).some((v) => /nan/i.test(v)));
  await screenshot(p.page, 'matrix-transform-dragged');
  assertClean(p, 'matrix drag');
  await p.close();
});

test('least squares: drag a point, keyboard select/move/delete, click to add', async () => {
  const p = await open('#/least-squares?points=0,0;10,10');
  const canvas = p.page.locator('canvas[data-plot=fit][data-layer=foreground]');
  const box = await canvas.boundingBox();
  // least_squares.rs `viewport`: themed_chart's margins over the typed points' padded
  // extent, x from −1.2 to 11.2 and y from −2 to 12.
  const left = 62, top = 10, width = box.width - 62 - 22, height = box.height - 10 - 44;
  const toCss = (x, y) => [left + ((x + 1.2) / 12.4) * width, top + (1 - (y + 2) / 14) * height];
  const [fromX, fromY] = toCss(10, 10);
  const [toX, toY] = toCss(5, 2);
  await p.page.mouse.move(box.x + fromX, box.y + fromY);
  await p.page.mouse.down();
  await p.page.mouse.move(box.x + (fromX + toX) / 2, box.y + (fromY + toY) / 2);
  await p.page.mouse.move(box.x + toX, box.y + toY);
  await p.page.mouse.up();
  await settle(p.page);
  let points = hashParams(p.page).get('points').split(';').map((pair) => pair.split(',').map(Number));
  assert.equal(points.length, 2, p.page.url());
  assert.ok(Math.abs(points[1][0] - 5) < 0.1 && Math.abs(points[1][1] - 2) < 0.1, p.page.url());
  let values = await readouts(p.page);
  assert.ok(Math.abs(Number(values['r-squared']) - 1) < 1e-9, 'a line through two points fits exactly');
  await canvas.focus();
  await p.page.keyboard.press('[');
  await p.page.keyboard.press('ArrowUp');
  await settle(p.page);
  assert.ok(hashParams(p.page).get('points').startsWith('0,0.14;'), p.page.url());
  const [emptyX, emptyY] = toCss(1, 10);
  await p.page.mouse.click(box.x + emptyX, box.y + emptyY);
  await settle(p.page);
  values = await readouts(p.page);
  assert.equal(values['points-count'], '3');
  await canvas.focus();
  await p.page.keyboard.press('Delete');
  await settle(p.page);
  values = await readouts(p.page);
  assert.equal(values['points-count'], '2');
  assert.ok(!Object.values(values).some((v) => /nan/i.test(v)));
  await screenshot(p.page, 'least-squares-edited');
  assertClean(p, 'least squares editing');
  await p.close();
});

test('matrix demo: article, rotation, shear and projection read out their cases', async () => {
  const cases = [
    ['article', { lambda1: '-3', lambda2: '1', det: '-3', trace: '-2' }],
    ['rotation', { 'eigen-case': 'complex pair, no real eigenvector', 'eigen-modulus': '1' }],
    ['shear', { 'eigen-case': 'repeated eigenvalue, one eigenvector (defective)', lambda1: '1' }],
    ['projection', { det: '0', condition: '∞ (singular)' }],
  ];
  let p = null;
  for (const [preset, expected] of cases) {
    p = await h.visit(p, `#/matrix-transform?preset=${preset}`);
    const values = await readouts(p.page);
    for (const [name, value] of Object.entries(expected)) {
      assert.equal(values[name], value, `${preset}: ${name}`);
    }
    if (preset === 'projection') assert.match(await p.page.textContent('.notices'), /A⁻¹ is undefined/);
    assertClean(p, preset);
  }
  await p.close();
});

test('pca demo: a click adds a point, a click on it removes it; arrow keys turn a generated cloud', async () => {
  const p = await h.tab('#/pca?source=clicked');
  // Article 003's np.cov example, with the variance of x it misprints as 145.3.
  assert.equal((await readouts(p.page))['cov-xx'], '148.3');
  await p.show('#/pca?source=clicked&points=0,0;2,1');
  const canvas = p.page.locator('canvas[data-plot=cloud][data-layer=foreground]');
  const box = await canvas.boundingBox();
  // The centre of the plotting area (pca.rs `equal_aspect_viewport`: 62 px left, 10 px top,
  // 22 px right and 44 px bottom margins) is the centre of the points' bounding box, (1, 0.5).
  const x = box.x + 62 + (box.width - 84) / 2, y = box.y + 10 + (box.height - 54) / 2;
  await p.page.mouse.click(x, y);
  await settle(p.page);
  // Within a pixel of (1, 0.5): the mouse moves in whole CSS pixels.
  const points = hashParams(p.page).get('points').split(';');
  assert.equal(points.length, 3, p.page.url());
  const [addedX, addedY] = points[2].split(',').map(Number);
  assert.ok(Math.abs(addedX - 1) <= 0.05 && Math.abs(addedY - 0.5) <= 0.05, p.page.url());
  assert.equal((await readouts(p.page)).n, '3');
  await p.page.mouse.click(x, y);
  await settle(p.page);
  assert.equal(hashParams(p.page).get('points'), '0,0;2,1');
  assert.equal((await readouts(p.page)).n, '2');
  assertClean(p, 'pca clicks');
  await p.show('#/pca');
  await p.page.locator('canvas[data-plot=cloud][data-layer=foreground]').focus();
  await p.page.keyboard.press('ArrowRight');
  await settle(p.page);
  assert.equal(hashParams(p.page).get('rotation'), '35');
  await screenshot(p.page, 'pca-turned');
  assertClean(p, 'pca keys');
  await p.close();
});

test('covariance: drag a point, Delete removes it, a click adds one; the article example reads 148.3', async () => {
  const p = await h.tab('#/covariance');
  let values = await readouts(p.page);
  assert.equal(values['var-x'], '148.3');
  assert.equal(values['covariance-row-1'], '[148.3, 285.6]');
  assert.equal(values['influential-point'], '(30, 60)');
  await p.show('#/covariance?points=0,0;4,4;8,0&ellipses=0');
  const canvas = p.page.locator('canvas[data-plot=scatter][data-layer=foreground]');
  const box = await canvas.boundingBox();
  // covariance.rs `window`: without ellipses the points' box, centred on (4, 2), with half
  // widths 4.4 → 5 and 2.2 → 3 on a power-of-ten ladder: x from −1 to 9, y from −1 to 5,
  // inside equal_aspect_chart's margins (62 left, 10 top, 22 right, 44 bottom).
  const left = 62, top = 10, width = box.width - 62 - 22, height = box.height - 10 - 44;
  const toCss = (x, y) => [left + ((x + 1) / 10) * width, top + (1 - (y + 1) / 6) * height];
  const [fromX, fromY] = toCss(4, 4);
  const [toX, toY] = toCss(4, 2);
  await p.page.mouse.move(box.x + fromX, box.y + fromY);
  await p.page.mouse.down();
  await p.page.mouse.move(box.x + fromX, box.y + (fromY + toY) / 2);
  await p.page.mouse.move(box.x + toX, box.y + toY);
  await p.page.mouse.up();
  await settle(p.page);
  const points = hashParams(p.page).get('points').split(';').map((pair) => pair.split(',').map(Number));
  assert.equal(points.length, 3, p.page.url());
  assert.ok(Math.abs(points[1][0] - 4) < 0.1 && Math.abs(points[1][1] - 2) < 0.1, p.page.url());
  await canvas.focus();
  await p.page.keyboard.press('Delete');
  await settle(p.page);
  values = await readouts(p.page);
  assert.equal(values.n, '2');
  assert.match(values.r, /undefined \(y is constant\)/);
  const [emptyX, emptyY] = toCss(2, 3);
  await p.page.mouse.click(box.x + emptyX, box.y + emptyY);
  await settle(p.page);
  values = await readouts(p.page);
  assert.equal(values.n, '3');
  assert.ok(!Object.values(values).some((v) => /nan/i.test(v)));
  await screenshot(p.page, 'covariance-edited');
  assertClean(p, 'covariance editing');
  await p.close();
});

test('bayes: Flip 10 raises the flips control, and the posterior adds the flips to the prior', async () => {
  const p = await open('#/bayes');
  let values = await readouts(p.page);
  // 0.9·0.01 / (0.9·0.01 + 0.09·0.99) = 10/109.
  assert.ok(Math.abs(Number(values['disease-given-positive']) - 10 / 109) < 1e-15);
  await p.page.click('button[data-demo-action="flip-10"]');
  await settle(p.page);
  assert.equal(hashParams(p.page).get('flips'), '30');
  values = await readouts(p.page);
  const heads = Number(values.heads), tails = Number(values.tails);
  assert.equal(heads + tails, 30);
  assert.equal(values.posterior, `Beta(${2 + heads}, ${2 + tails})`);
  assertClean(p, 'bayes flips');
  await p.close();
});

test('on a phone the static landing page opens its navigation before and after the app starts', async () => {
  const p = await newPage(browser, PHONE);
  await p.page.goto(server.url);
  await p.page.waitForLoadState('load');
  await p.page.click('#nav-button');
  assert.equal(await p.page.getAttribute('#nav-button', 'aria-expanded'), 'true');
  assert.ok(await p.page.isVisible('#demo-nav a[data-demo-id="limits"]'), 'the navigation is open');
  // Opening it loads nothing yet: the module that starts is the one of the demo the reader
  // heads for (www/boot.js, src/demos/bundles.rs).
  assert.equal(await p.page.evaluate(() => document.documentElement.dataset.mlvizBoot), undefined);
  await p.page.hover('#demo-nav a[data-demo-id="limits"]');
  await waitForAppReady(p.page);
  await settle(p.page);
  assert.equal(await p.page.evaluate(() => window.mlvizBoot.module()), 'limits-derivatives');
  // The app starting must not close what the reader opened.
  assert.equal(await p.page.getAttribute('#nav-button', 'aria-expanded'), 'true');
  await p.page.click('#demo-nav a[data-demo-id="limits"]');
  await p.page.waitForSelector('main .demo[data-demo-id="limits"]');
  assert.equal(await p.page.getAttribute('#nav-button', 'aria-expanded'), 'false', 'following a link closes it');
  assertClean(p, 'phone navigation');
  await p.close();
});
