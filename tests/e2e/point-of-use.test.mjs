// End-to-end tests of the point of use: on a phone the plot a control drives stays in view
// while the control is used, the toolbar is one row and display formulas fit; controls that do
// not apply are hidden; embeds can be trimmed and themed, size themselves on a host page with
// several of them (cross-origin, two below the fold), and the Embed panel measures the
// height its snippets reserve; a downloaded PNG carries a caption.
//
// Run after `trunk build --release`: node --test tests/e2e/   (scripts/test.sh does both).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newPage, screenshot } from './browser.mjs';
import { startServer } from './server.mjs';
import { DESKTOP, PHONE, assertClean, clickMenuItem, readouts, settle, startHarness } from './harness.mjs';

let h;

before(async () => {
  h = await startHarness();
});

after(async () => h?.close());

/** The share of the element's area inside the viewport, from 0 to 1. */
async function visibleFraction(page, selector) {
  return page.evaluate((selector) => {
    const box = document.querySelector(selector)?.getBoundingClientRect();
    if (!box || box.width === 0 || box.height === 0) return 0;
    const width = Math.max(0, Math.min(box.right, innerWidth) - Math.max(box.left, 0));
    const height = Math.max(0, Math.min(box.bottom, innerHeight) - Math.max(box.top, 0));
    return (width * height) / (box.width * box.height);
  }, selector);
}

/** Waits until the host has sized the iframe `selector` to its content's height. */
async function waitSized(page, selector, frame) {
  let last = '';
  for (let i = 0; i < 80; i++) {
    const outer = await page.$eval(selector, (e) => e.getBoundingClientRect().height);
    const inner = await frame.evaluate(() => document.documentElement.scrollHeight);
    if (Math.abs(outer - inner) <= 1) return outer;
    last = `${outer} px for ${inner} px of content`;
    await page.waitForTimeout(250);
  }
  throw new Error(`${selector} was not sized to its content: ${last}`);
}

test('on a phone the primary plot stays in view while every control is used', async () => {
  const failures = [];
  let focused = 0;
  // One phone page goes from demo to demo by hash routing, scrolled to the top each time as a
  // fresh page is (harness `show`).
  let p = null;
  for (const demo of h.registry) {
    p = await h.visit(p, `#/${demo.id}`, PHONE);
    const inputs = await p.page.$$eval(
      'form.controls .control:not([hidden]) :is(input, select):not([type=file])',
      (elements) => elements.filter((e) => e.offsetParent !== null).map((e, i) => {
        e.setAttribute('data-test-focus', String(i));
        return i;
      }),
    );
    for (const index of inputs) {
      await p.page.focus(`[data-test-focus="${index}"]`);
      const fraction = await visibleFraction(p.page, 'figure.plot.primary .plot-box');
      focused += 1;
      if (fraction < 0.6) {
        const key = await p.page.$eval(`[data-test-focus="${index}"]`, (e) => e.closest('[data-control]')?.dataset.control);
        failures.push(`${demo.id}.${key}: ${(fraction * 100).toFixed(0)} % of the plot visible`);
      }
    }
    // The toolbar is one row; display formulas fit their column (no sideways scrolling).
    const toolbar = await p.page.$eval('.toolbar', (t) => t.getBoundingClientRect().height);
    if (toolbar > 60) failures.push(`${demo.id}: toolbar ${toolbar} px tall`);
    const wide = await p.page.$$eval('.display-math', (blocks) =>
      blocks.filter((b) => b.scrollWidth > b.clientWidth + 1).length);
    if (wide > 0) failures.push(`${demo.id}: ${wide} display formulas wider than their box`);
    if (demo.id === 'gradient-descent' || demo.id === 'distributions') {
      await p.page.focus('[data-test-focus="1"]');
      await screenshot(p.page, `${demo.id}-phone-control-focused`);
    }
    assertClean(p, demo.id);
  }
  await p?.close();
  // Over the whole registry (not when MLVIZ_DEMOS narrows it to a demo being developed).
  if (!process.env.MLVIZ_DEMOS) assert.ok(focused > 100, `only ${focused} controls were focused`);
  assert.deepEqual(failures, []);
});

test('controls that do not apply are hidden, not greyed', async () => {
  const p = await h.open('#/distributions', PHONE);
  const visible = await p.page.$$eval('[data-control]:not([hidden])', (c) => c.map((e) => e.dataset.control));
  // The normal family shows its mean and standard deviation, and no other family's parameters.
  assert.ok(visible.includes('mu') && visible.includes('sigma'), visible.join(','));
  for (const other of ['lambda', 'p', 'trials', 'rate', 'alpha', 'nu']) {
    assert.ok(!visible.includes(other), `${other} is shown for the normal family`);
  }
  assert.equal(await p.page.$$eval('[data-active="0"]:not([hidden])', (c) => c.length), 0);
  await p.page.selectOption('[data-control="family"] select', 'poisson');
  await settle(p.page);
  assert.equal(await p.page.isVisible('[data-control="lambda"]'), true);
  assert.equal(await p.page.isVisible('[data-control="mu"]'), false);
  await p.close();
});

test('a trimmed embed shows one plot, one slider and three readouts in about 700 px', async () => {
  const hash = '#/gradient-descent?embed=1&show=surface&controls=lr&readouts=sgd.loss,momentum.loss,adam.loss';
  const p = await h.open(hash, { viewport: { width: 700, height: 900 }, deviceScaleFactor: 1 });
  assert.equal(await p.page.isVisible('#site-header'), false);
  assert.equal(await p.page.$$eval('figure.plot:not([hidden])', (f) => f.length), 1);
  assert.deepEqual(
    await p.page.$$eval('[data-control]:not([hidden])', (c) => c.map((e) => e.dataset.control)),
    ['lr'],
  );
  const shown = await p.page.$$eval('output[data-readout]', (outputs) =>
    outputs.filter((o) => o.offsetParent !== null && !o.closest('.toolbar')).map((o) => o.dataset.readout));
  assert.deepEqual(shown.sort(), ['adam.loss', 'momentum.loss', 'sgd.loss']);
  // No Share/Embed/download buttons and no lede in an embed; a link to the full page.
  assert.equal(await p.page.$$eval('.toolbar-menu, .lede, .explanation', (e) => e.length), 0);
  assert.equal(await p.page.isVisible('[data-action="download-png"]'), false);
  assert.match(await p.page.getAttribute('a.embed-backlink', 'href'), /#\/gradient-descent$/);
  const height = await p.page.evaluate(() => document.body.getBoundingClientRect().height);
  assert.ok(height <= 760, `the trimmed embed is ${height} px tall`);
  // The view keys stay in the URL when the state changes.
  await p.page.fill('[data-control="lr"] input.number-box', '0.02');
  await p.page.press('[data-control="lr"] input.number-box', 'Enter');
  await settle(p.page);
  const url = new URL(p.page.url());
  for (const key of ['embed=1', 'show=surface', 'controls=lr', 'lr=0.02']) {
    assert.ok(url.hash.includes(key), `${url.hash} lacks ${key}`);
  }
  await screenshot(p.page, 'gradient-descent-embed-trimmed');
  assertClean(p, 'trimmed embed');
  await p.close();
});

test('three cross-origin embeds on one page each size themselves and honour their URL', async () => {
  // The host page comes from another origin (another port) than the app.
  const hostRoot = await mkdtemp(path.join(tmpdir(), 'mlviz-host-'));
  const hostServer = await startServer({ root: hostRoot });
  const host = await newPage(h.browser, { ...DESKTOP, colorScheme: 'light' });
  try {
    const app = h.server.url;
    const html = `<!doctype html><html><body style="margin:0;font:16px sans-serif">
      <h1>A blog post</h1>
      <iframe id="first" data-mlviz-frame src="${app}#/vectors?embed=1&theme=dark" width="100%" height="500"
        style="border:0;width:100%;max-width:700px" title="Vectors"></iframe>
      <script>
        addEventListener('message', function (e) {
          if (e.origin !== '${new URL(app).origin}' || !e.data || e.data.type !== 'mlviz:resize') return;
          document.querySelectorAll('iframe[data-mlviz-frame]').forEach(function (f) {
            if (f.contentWindow === e.source) f.style.height = Math.ceil(e.data.height) + 'px';
          });
        });
      </script>
      <p style="height:1800px">Text between the demos.</p>
      <div id="second" data-mlviz="#/bayes?prevalence=0.05" data-height="900" style="max-width:600px"></div>
      <p style="height:1500px">More text.</p>
      <div id="third" data-mlviz="#/gradient-descent-1d?lr=0.9&embed=1&readouts=none" data-height="600" style="max-width:500px"></div>
      <script src="${app}embed.js"></script>
    </body></html>`;
    await writeFile(path.join(hostRoot, 'host.html'), html);
    await host.page.goto(`${hostServer.url}host.html`);
    // Below the fold, the embed.js demos have reserved their height but not started.
    assert.equal(await host.page.$$eval('#second iframe, #third iframe', (f) => f.length), 0);
    const reserved = await host.page.$eval('#second', (e) => e.getBoundingClientRect().height);
    assert.ok(reserved >= 900, `the second embed reserves ${reserved} px before it starts`);

    for (const selector of ['#first', '#second iframe', '#third iframe']) {
      if (selector !== '#first') {
        await host.page.locator(selector.split(' ')[0]).scrollIntoViewIfNeeded();
        await host.page.waitForSelector(selector, { timeout: 10_000 });
      }
      const frameElement = await host.page.$(selector);
      const frame = await frameElement.contentFrame();
      // `?.`: the predicate may run in the frame's new document before its parser has made
      // the root element (it failed so once under a loaded machine).
      await frame.waitForFunction(() => document.documentElement?.dataset.mlvizReady === '1', null, { timeout: 30_000 });
      // The host resizes the iframe to the content: no inner scrollbar.
      await waitSized(host.page, selector, frame);
      const inner = await frame.evaluate(() => ({
        scroll: document.documentElement.scrollHeight,
        view: innerHeight,
        hash: location.hash,
        dark: document.documentElement.dataset.theme === 'dark',
        background: getComputedStyle(document.body).backgroundColor,
      }));
      assert.ok(inner.scroll <= inner.view + 1, `${selector}: content ${inner.scroll} px in a ${inner.view} px frame`);
      if (selector === '#first') {
        assert.equal(inner.dark, true, 'theme=dark on a light system');
        assert.equal(inner.background, 'rgb(20, 22, 26)');
      }
      if (selector === '#second iframe') {
        assert.match(inner.hash, /prevalence=0\.05/);
        assert.match(inner.hash, /embed=1/);
        const values = await readouts(frame);
        assert.ok(Object.keys(values).length > 0);
      }
      if (selector === '#third iframe') {
        assert.equal(await frame.isVisible('section.readouts'), false, 'readouts=none');
      }
    }
    await screenshot(host.page, 'three-embeds-host', { fullPage: true });
    assert.deepEqual(host.pageErrors, []);
  } finally {
    await host.close();
    await hostServer.close();
    await rm(hostRoot, { recursive: true, force: true });
  }
});

test('the Embed panel previews the embed and writes snippets that reserve its height', async () => {
  const p = await h.open('#/gradient-descent?lr=0.03');
  await clickMenuItem(p.page, 'button[data-action="embed"]');
  const panel = p.page.locator('.share-panel[data-panel="embed"]');
  await panel.waitFor();
  // Keep one plot and one control, at 700 px.
  for (const plot of await p.page.$$eval('input[data-embed-plot]', (i) => i.map((e) => e.dataset.embedPlot))) {
    if (plot !== 'surface') await p.page.uncheck(`input[data-embed-plot="${plot}"]`);
  }
  await p.page.uncheck('input[data-embed-all-controls]');
  for (const key of await p.page.$$eval('input[data-embed-control]', (i) => i.map((e) => e.dataset.embedControl))) {
    if (key !== 'lr') await p.page.uncheck(`input[data-embed-control="${key}"]`);
  }
  await p.page.selectOption('select[data-embed-width]', '700');
  // The preview may re-measure while it settles (fonts, notices): wait until the snippet
  // carries the height measured last, and read both at that same moment (a later re-measure
  // would otherwise pair a new height with the snippet written for the one before).
  const settled = await p.page.waitForFunction(() => {
    const text = document.querySelector('textarea[data-embed-snippet]')?.value || '';
    const measured = document.querySelector('.share-panel')?.dataset.measuredHeight;
    const carries = text.includes('controls=lr') && measured && text.includes(`height="${Math.ceil(Number(measured))}"`);
    return carries && { measured: Number(measured), snippet: text };
  }, null, { timeout: 30_000 });
  const { measured, snippet } = await settled.jsonValue();
  assert.ok(measured > 200 && measured < 1200, `measured ${measured}`);
  assert.match(snippet, /lr=0\.03/);
  assert.match(snippet, /embed=1/);
  assert.match(snippet, new RegExp(`height="${Math.ceil(measured)}"`));
  assert.match(snippet, /e\.origin !== 'http:\/\/127\.0\.0\.1:\d+'/);
  assert.match(snippet, /f\.contentWindow === e\.source/);
  const oneLine = await p.page.inputValue('textarea[data-embed-js]');
  assert.match(oneLine, /data-mlviz="#\/gradient-descent\?lr=0\.03&amp;embed=1&amp;show=surface&amp;controls=lr"/);
  assert.match(oneLine, /embed\.js/);
  const fallback = await p.page.inputValue('textarea[data-embed-fallback]');
  assert.match(fallback, /<a href="[^"]+#\/gradient-descent\?lr=0\.03"><img src="gradient-descent\.png"/);
  await screenshot(p.page, 'embed-panel');
  assertClean(p, 'embed panel');
  await p.close();
});

test('a downloaded PNG carries a caption strip under the plot', async () => {
  const p = await h.open('#/vectors');
  const canvas = await p.page.$eval('figure.plot.primary canvas[data-layer="foreground"]', (c) => [c.width, c.height]);
  const [download] = await Promise.all([
    p.page.waitForEvent('download'),
    p.page.click('figure.plot.primary [data-action="download-png"]'),
  ]);
  const bytes = await readFile(await download.path());
  // PNG: the IHDR chunk holds the width and height as big-endian 32-bit numbers at 16 and 20.
  assert.equal(bytes.toString('ascii', 1, 4), 'PNG');
  const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
  assert.equal(width, canvas[0]);
  assert.equal(height, canvas[1] + 26, 'the caption adds 26 px at device pixel ratio 1');
  await p.close();
});
