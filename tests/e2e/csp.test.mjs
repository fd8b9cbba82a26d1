// The built page runs under the strict Content-Security-Policy that README's "Hosting" section
// gives: no inline script, no inline style attribute, nothing from another origin. The build
// is served with that header; every demo of the registry is opened (and one in embed mode,
// one with the Embed panel open), and the page must start, draw and report zero
// `securitypolicyviolation` events.
//
// Run after `trunk build`: node --test tests/e2e/csp.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, waitForAppReady } from './browser.mjs';
import { clickMenuItem, readouts, settle } from './harness.mjs';
import { startServer } from './server.mjs';

// Keep equal to README.md, section "Hosting".
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "img-src 'self' data: blob:; object-src 'none'; base-uri 'none'";

let server;
let browser;

before(async () => {
  server = await startServer({
    root: process.env.MLVIZ_DIST || 'dist',
    headers: { 'Content-Security-Policy': STRICT_CSP },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A page that records every CSP violation from its first script on. */
async function openUnderCsp(hash) {
  const p = await newPage(browser, { viewport: { width: 1440, height: 900 } });
  await p.context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  await p.page.goto(server.url + hash);
  return p;
}

async function violations(p) {
  const inPage = await p.page.evaluate(() => window.__cspViolations);
  // Chromium also logs each refusal to the console ("Refused to ..."), e.g. for violations
  // raised before the listener could see them.
  const logged = p.consoleMessages.filter((line) => /Content Security Policy|Refused to/i.test(line));
  return [...inPage, ...logged];
}

test('the header is the README one and the page starts under it', async () => {
  const response = await fetch(server.url);
  assert.equal(response.headers.get('content-security-policy'), STRICT_CSP);
  const html = await response.text();
  // No inline script may remain in the built page: every <script> has a src.
  const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(
    ([, attributes, body]) => !/\bsrc=/.test(attributes) || body.trim() !== '',
  );
  assert.deepEqual(inline.map(([tag]) => tag), [], 'inline scripts in dist/index.html');
  assert.doesNotMatch(html, /\sstyle="/, 'style attributes in dist/index.html');

  const p = await openUnderCsp('#/');
  await p.page.evaluate(() => window.mlvizBoot.start());
  await waitForAppReady(p.page);
  assert.deepEqual(await violations(p), []);
  assert.deepEqual(p.pageErrors, []);
  await p.close();
});

test('every demo draws and computes under the strict CSP with zero violations', async () => {
  const p = await openUnderCsp('#/');
  await p.page.evaluate(() => window.mlvizBoot.start());
  await waitForAppReady(p.page);
  const registry = await p.page.evaluate(() => window.mlviz.registry());
  assert.ok(registry.length >= 20, `registry has ${registry.length} demos`);
  for (const demo of registry) {
    await p.page.evaluate((id) => {
      location.hash = `#/${id}`;
    }, demo.id);
    await p.page.waitForFunction((id) => document.querySelector(`main .demo[data-demo-id="${id}"]`) !== null, demo.id);
    await settle(p.page);
    const values = await readouts(p.page);
    assert.ok(Object.keys(values).length > 0, `${demo.id}: no readouts`);
    // The plot boxes keep the size set through the CSSOM (a blocked style attribute would
    // leave them 0 px high).
    const heights = await p.page.$$eval('.plot-box', (boxes) => boxes.map((b) => b.getBoundingClientRect().height));
    assert.ok(heights.length > 0 && heights.every((h) => h > 50), `${demo.id}: plot heights ${heights}`);
  }
  assert.deepEqual(await violations(p), []);
  assert.deepEqual(p.pageErrors, []);
  await p.close();
});

test('training plays in its Worker under the strict CSP (worker script and module from self)', async () => {
  const p = await openUnderCsp('#/nn-playground?speed=max');
  await waitForAppReady(p.page);
  await p.page.click('button[data-action=play]');
  await p.page.waitForFunction(() => document.documentElement.dataset.mlvizBackground === '1');
  await p.page.waitForFunction(
    () => Number(document.querySelector('output[data-readout=epoch]').dataset.value) > 20,
    null,
    { timeout: 30_000 },
  );
  await p.page.click('button[data-action=play]');
  assert.deepEqual(await violations(p), []);
  assert.deepEqual(p.pageErrors, []);
  await p.close();
});

test('embed mode and the Embed panel (a same-origin preview iframe) run under it', async () => {
  const embedded = await openUnderCsp('#/gradient-descent?embed=1&show=surface&controls=lr');
  await waitForAppReady(embedded.page);
  await settle(embedded.page);
  assert.ok(Number((await readouts(embedded.page))['sgd.loss']) >= 0);
  assert.deepEqual(await violations(embedded), []);
  await embedded.close();

  const p = await openUnderCsp('#/gradient-descent');
  await waitForAppReady(p.page);
  await settle(p.page);
  await clickMenuItem(p.page, '[data-action="embed"]');
  const frame = p.page.locator('iframe[data-embed-preview]');
  await frame.waitFor();
  await p.page.waitForFunction(() => document.querySelector('iframe[data-embed-preview]')?.contentDocument?.documentElement?.dataset.mlvizReady === '1', null, { timeout: 20_000 });
  assert.deepEqual(await violations(p), []);
  await p.close();
});
