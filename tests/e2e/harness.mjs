// The shared harness of the end-to-end test files: one static server and one Chromium per
// file, and the helpers every test uses to open a demo, wait for it to settle, set a control
// the way a user would and read the readouts.
//
//   import { test, before, after } from 'node:test';
//   import { startHarness, DESKTOP, PHONE } from './harness.mjs';
//   let h;
//   before(async () => { h = await startHarness(); });
//   after(async () => h?.close());
//   test('…', async () => { const p = await h.open('#/vectors', PHONE); … await p.close(); });
//
// A loop over many demos or states keeps one page and moves it by hash routing, which costs a
// fraction of a fresh load:  let p = null;  for (…) { p = await h.visit(p, hash); … }
// and long loops can run in parallel lanes:  await inLanes(h.registry, async (demo, lane) => …);
import assert from 'node:assert/strict';
import { launchBrowser, newPage, waitForAppReady } from './browser.mjs';
import { startServer } from './server.mjs';

export const DESKTOP = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 };
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true };

// Controls that only act in some state: the state to load first so that changing them
// must visibly change the picture (documented by the controls' is_control_active).
export const PREREQUISITES = {
  'gradient-descent': { formula: 'surface=custom', extent: 'surface=custom', seed: 'noise=1', alpha: 'rmsprop=1' },
  'gradient-descent-1d': { a: 'function=quadratic', c: 'function=quadratic' },
  limits: { formula: 'function=custom', a: 'function=custom' },
  derivatives: { formula: 'function=custom' },
  gradients: { formula: 'surface=custom', extent: 'surface=custom' },
  autodiff: { formula: 'preset=custom' },
  'product-chain-rule': { 'g-formula': 'g=custom', 'h-formula': 'h=custom', 'f-formula': 'f=custom' },
  integrals: { formula: 'function=custom' },
  vectors: { scalar: 'show=scale' },
  pca: { sz: 'dimension=3', points: 'source=clicked' },
  'least-squares': { lambda: 'ridge=1' },
  regularization: { ols1: 'data=custom', ols2: 'data=custom' },
  convolution: { seed: 'image=noise' },
  // Optimizer and learning rate act from the first training step on.
  rnn: { 'max-norm': 'clip=1', optimizer: 'steps=20', lr: 'steps=20' },
  'rounding-error': { seed: 'data=random' },
  covariance: { rho: 'source=generated', n: 'source=generated', seed: 'source=generated' },
  distributions: {
    lambda: 'family=poisson',
    p: 'family=bernoulli',
    trials: 'family=binomial',
    a: 'family=uniform',
    b: 'family=uniform',
    rate: 'family=exponential',
    shape: 'family=gamma',
    alpha: 'family=beta',
    beta: 'family=beta',
    nu: 'family=student-t',
    k: 'family=chi-squared',
  },
  'lln-clt': {
    mean: 'family=normal',
    sd: 'family=normal',
    p: 'family=bernoulli',
    trials: 'family=binomial',
    low: 'family=uniform',
    high: 'family=uniform',
    shape: 'family=gamma',
    alpha: 'family=beta',
    beta: 'family=beta',
    dof: 'family=student-t',
  },
  'approximate-inference': { curvature: 'target=banana', separation: 'target=bimodal' },
  'nn-playground': {
    'reg-data': 'problem=regression',
    points: 'data=own',
    class: 'data=own',
    'reg-rate': 'regularization=l2',
    'weight-decay': 'optimizer=adam',
  },
};

/**
 * Starts the static server on `dist/` (or MLVIZ_DIST) and Chromium, and reads the registry
 * the page itself reports. `close()` stops both.
 */
export async function startHarness({ root = process.env.MLVIZ_DIST || 'dist' } = {}) {
  const server = await startServer({ root });
  const browser = await launchBrowser();
  const first = await newPage(browser, DESKTOP);
  await first.page.goto(server.url);
  // The landing page is static HTML: the app (and window.mlviz) starts on demand.
  await first.page.evaluate(() => window.mlvizBoot.start());
  await waitForAppReady(first.page, { timeout: 30_000 }).catch(() => {});
  await first.page.waitForFunction(() => typeof window.mlviz === 'object');
  // MLVIZ_DEMOS=limits,derivatives runs the generic per-demo suites on those demos only
  // (while developing one demo); unset, every demo of the registry is covered.
  const only = (process.env.MLVIZ_DEMOS || '').split(',').map((s) => s.trim()).filter(Boolean);
  const registry = (await first.page.evaluate(() => window.mlviz.registry()))
    .filter((demo) => only.length === 0 || only.includes(demo.id));
  await first.close();
  /** Opens `hash` in a fresh page and waits for the first render. */
  const open = async (hash, options = DESKTOP) => {
    const p = await newPage(browser, options);
    await p.page.goto(server.url + hash);
    // The landing page (`''`, `#/`) does not start the app by itself (www/boot.js).
    await p.page.evaluate(() => window.mlvizBoot.start());
    await waitForAppReady(p.page);
    await settle(p.page);
    return p;
  };
  return {
    server,
    browser,
    registry,
    open,
    /**
     * Opens `hash` in a fresh page that is then reused: `tab.show(hash)` moves it to another
     * demo or state by changing the location's hash, as a link within the app does, instead of
     * loading the page again (which downloads and compiles the module: about a second per page
     * on 2 cores, most of the e2e stage when every control of every demo opened a page).
     * The tab's error lists are emptied at each `show`, so `assertClean(tab, …)` judges what
     * happened since, as it judged a fresh page before.
     */
    async tab(hash, options = DESKTOP) {
      const p = await open(hash, options);
      p.show = (next) => show(p, next);
      return p;
    },
    /** `tab.show(hash)`, or a new `tab(hash, options)` while `tab` is still null. */
    async visit(tab, hash, options = DESKTOP) {
      return tab ? tab.show(hash) : this.tab(hash, options);
    },
    async close() {
      await browser?.close();
      await server?.close();
    },
  };
}

/** The marks the app leaves on the root element: a fresh page load starts without them. */
const ROOT_MARKS = ['mlvizReady', 'mlvizBusy', 'mlvizUrlPending', 'mlvizBackground'];

/**
 * Shows `hash` in the open page `p` by hash routing (the demo is dropped and mounted again
 * from the link, with its listeners and animation frames) and waits, as `open` does, for the
 * first render and for pending work. The page starts from where a fresh load starts: scrolled
 * to the top, nothing focused, none of the app's marks on the root element, no errors seen.
 */
export async function show(p, hash) {
  const { page } = p;
  for (const list of [p.pageErrors, p.consoleErrors, p.blockedRequests, p.failedRequests, p.httpErrors]) {
    list.length = 0;
  }
  // The page checks that the old view went, and tries again: a URL write of the demo being left
  // (throttled, see demo_view.rs `write_url_if_due`) landing between the hash change and its
  // `hashchange` event once kept the old demo. shell.rs `write_hash` now skips such a write
  // (app.test "a link followed while a throttled URL write is pending"); the check stays as a
  // guard that fails loudly after five tries.
  for (let attempt = 0; ; attempt++) {
    const routed = await page.evaluate(
      async ({ hash, marks }) => {
        const go = async (hash) => {
          const target = new URL(location.href);
          target.hash = hash;
          // Routing to the hash the page already shows does nothing (no hashchange).
          if (target.href === location.href) return false;
          // A demo of another bundle: www/boot.js reloads the page (done below).
          if (window.mlvizBoot?.reloadsFor?.(hash)) return 'reload';
          const old = document.querySelector('main')?.firstElementChild;
          window.scrollTo(0, 0);
          document.activeElement?.blur?.();
          for (const mark of marks) delete document.documentElement.dataset[mark];
          const changed = new Promise((resolve) => addEventListener('hashchange', resolve, { once: true }));
          location.hash = hash;
          await changed;
          return !old || !old.isConnected;
        };
        const first = await go(hash);
        if (first) return first;
        // Already there (or overtaken): pass by the landing page so the demo is mounted afresh.
        await go('#/');
        return go(hash);
      },
      { hash, marks: ROOT_MARKS },
    );
    if (routed === 'reload') {
      // Followed as a reader follows it: the hash changes and boot.js reloads the page, which
      // loads the other bundle (src/demos/bundles.rs).
      await Promise.all([
        page.waitForEvent('load'),
        page.evaluate((hash) => {
          location.hash = hash;
        }, hash),
      ]);
      break;
    }
    if (routed) break;
    assert.ok(attempt < 5, `the app did not route to ${hash}`);
  }
  await waitForAppReady(page);
  await settle(page);
  return p;
}

/**
 * How many demos a long per-demo loop works on at once (each in its own page): much of a demo's
 * turn is waiting for frames and for the throttled URL write, which another page fills.
 * MLVIZ_E2E_LANES=1 goes one demo at a time.
 */
export const LANES = Math.max(1, Number(process.env.MLVIZ_E2E_LANES || 2));

/**
 * Runs `work(item, lane)` for every item, `lanes` at a time, each lane (numbered from 0, so it
 * can keep a page of its own) taking the next item when it is done; once every lane has
 * stopped, the first failure is thrown (the other lanes stop taking new items after a failure).
 */
export async function inLanes(items, work, lanes = LANES) {
  const queue = [...items];
  let failure = null;
  const lane = async (_, index) => {
    while (queue.length > 0 && failure === null) {
      const item = queue.shift();
      try {
        await work(item, index);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failure !== null) throw failure;
}

/** Waits for two animation frames so a render pass has run, and for a throttled URL write. */
export async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForFunction(() => document.documentElement.dataset.mlvizUrlPending !== '1');
  // Chunked work (a million samples) finishes over several frames.
  await page.waitForFunction(() => document.documentElement.dataset.mlvizBusy !== '1', null, { timeout: 20_000 });
  // The explanation is a static file fetched after the first frame (demo_view.rs).
  await page.waitForFunction(() => document.documentElement.dataset.mlvizExplaining !== '1');
}

export function assertClean(p, what) {
  assert.deepEqual(p.pageErrors, [], `${what}: page errors`);
  assert.deepEqual(p.consoleErrors, [], `${what}: console errors`);
  assert.deepEqual(p.blockedRequests, [], `${what}: requests to other origins`);
  assert.deepEqual(p.httpErrors, [], `${what}: HTTP errors`);
}

export async function readouts(page) {
  return page.$$eval('output[data-readout]', (outputs) =>
    Object.fromEntries(outputs.map((o) => [o.dataset.readout, o.dataset.value])),
  );
}

/** A fingerprint of everything drawn on the demo's canvases. */
export async function picture(page) {
  return page.$$eval('article.demo canvas', (canvases) => canvases.map((c) => c.toDataURL()).join('|'));
}

export function hashParams(page) {
  const hash = new URL(page.url()).hash;
  return new URLSearchParams(hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '');
}

/** Sets a control to `value` the way a user would (slider box, select, checkbox, text). */
export async function setControl(page, control, value) {
  const root = page.locator(`[data-control="${control.key}"]`);
  switch (control.kind) {
    case 'slider': {
      const box = root.locator('input.number-box');
      await box.fill(value);
      await box.press('Enter');
      await box.blur();
      break;
    }
    case 'select':
      await root.locator('select').selectOption(value);
      break;
    case 'toggle': {
      const checkbox = root.locator('input[type=checkbox]');
      if ((await checkbox.isChecked()) !== (value === '1')) await checkbox.click();
      break;
    }
    default: {
      const box = root.locator('input');
      await box.fill(value);
      await box.press('Enter');
      await box.blur();
    }
  }
  await settle(page);
}

/**
 * Clicks a button of the toolbar's menu (Share ▾: link, embed, downloads), opening the menu
 * first as a reader would.
 */
export async function clickMenuItem(page, selector) {
  const item = page.locator(selector).first();
  if (!(await item.isVisible())) {
    await page.locator('details.toolbar-menu > summary').first().click();
  }
  await item.click();
}
