// Shared browser helpers for the e2e tests and the browser benchmark.
//
// Drives Debian's Chromium (/usr/bin/chromium, installed by `scripts/setup.sh --test`)
// through playwright-core. Never run `playwright install`: it downloads from a CDN this
// network cannot reach.
//
//   import { launchBrowser, newPage, screenshot, waitForAppReady } from './browser.mjs';
//   const browser = await launchBrowser();
//   const p = await newPage(browser, { viewport: { width: 1280, height: 800 } });
//   await p.page.goto(url);
//   await waitForAppReady(p.page);
//   await screenshot(p.page, 'home-desktop');
//   assert.deepEqual(p.blockedRequests, []);
//   assert.deepEqual(p.pageErrors, []);
//   assert.deepEqual(p.consoleErrors, []);
//   await p.close();
//   await browser.close();
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts');
export const SCREENSHOTS_DIR = path.join(ARTIFACTS_DIR, 'screenshots');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  // Without these Chromium keeps trying to reach Google services on the closed network.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Hosts a page may load from; everything else is aborted and recorded. */
export const ALLOWED_HOSTS = new Set(['127.0.0.1']);

/**
 * Launch headless Chromium.
 * @param {object} [options] extra playwright `launch` options (merged; `args` are appended).
 */
export async function launchBrowser(options = {}) {
  const { args = [], ...rest } = options;
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...args],
    timeout: 60_000,
    ...rest,
  });
}

/**
 * Open a page in a fresh browser context.
 *
 * Every request is routed: any whose host is not 127.0.0.1 is aborted and recorded in
 * `blockedRequests` (so a test can assert the app is self-contained). Console errors,
 * uncaught page errors, failed requests and HTTP error responses are collected too.
 *
 * @param {import('playwright-core').Browser} browser
 * @param {{viewport?: {width: number, height: number}, deviceScaleFactor?: number,
 *          hasTouch?: boolean, isMobile?: boolean, reducedMotion?: 'reduce'|'no-preference',
 *          colorScheme?: 'light'|'dark'|'no-preference'}} [options]
 * @returns {Promise<{page: import('playwright-core').Page,
 *                    context: import('playwright-core').BrowserContext,
 *                    consoleErrors: string[], pageErrors: string[], blockedRequests: string[],
 *                    failedRequests: string[], httpErrors: string[], consoleMessages: string[],
 *                    close: () => Promise<void>}>}
 */
export async function newPage(browser, options = {}) {
  const {
    viewport = { width: 1280, height: 800 },
    deviceScaleFactor = 1,
    hasTouch = false,
    isMobile = false,
    ...rest
  } = options;
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor,
    hasTouch,
    isMobile,
    serviceWorkers: 'block',
    ...rest,
  });
  const consoleErrors = [];
  const consoleMessages = [];
  const pageErrors = [];
  const blockedRequests = [];
  const failedRequests = [];
  const httpErrors = [];

  await context.route('**/*', (route) => {
    const url = route.request().url();
    let host = '';
    try {
      host = new URL(url).hostname;
    } catch {
      /* unparsable: block */
    }
    if (ALLOWED_HOSTS.has(host)) return route.continue();
    blockedRequests.push(url);
    return route.abort('blockedbyclient');
  });

  const page = await context.newPage();
  page.on('console', (msg) => {
    const line = `[${msg.type()}] ${msg.text()}`;
    consoleMessages.push(line);
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => pageErrors.push(String(err && err.stack ? err.stack : err)));
  page.on('requestfailed', (req) => {
    const url = req.url();
    if (!blockedRequests.includes(url)) {
      failedRequests.push(`${url} (${req.failure()?.errorText ?? 'failed'})`);
    }
  });
  page.on('response', (res) => {
    if (res.status() >= 400) httpErrors.push(`${res.status()} ${res.url()}`);
  });

  return {
    page,
    context,
    consoleErrors,
    consoleMessages,
    pageErrors,
    blockedRequests,
    failedRequests,
    httpErrors,
    close: () => context.close(),
  };
}

/**
 * Wait until the app has rendered for the first time
 * (`document.documentElement.dataset.mlvizReady === "1"` and `window.mlviz` exists).
 */
export async function waitForAppReady(page, { timeout = 30_000 } = {}) {
  await page.waitForFunction(
    () => document.documentElement.dataset.mlvizReady === '1' && typeof window.mlviz === 'object',
    null,
    { timeout },
  );
}

/**
 * The same wait as {@link waitForAppReady}, for timing a load: Playwright's `waitForFunction`
 * first evaluates its injected script (about 15 ms of work on the page's main thread, right
 * while the page loads its module), which delays the very marks a benchmark reads. This asks
 * through a bare CDP `Runtime.evaluate` every 10 ms instead, which costs the page microseconds.
 * @param {import('playwright-core').Page} page
 * @param {import('playwright-core').BrowserContext} context the page's context
 */
export async function waitForAppReadyQuietly(page, context, { timeout = 30_000 } = {}) {
  const cdp = await context.newCDPSession(page);
  const deadline = Date.now() + timeout;
  try {
    for (;;) {
      // The same test as waitForAppReady's predicate, as text here: Playwright must get a
      // function there, since a string predicate is run by eval, which the strict-CSP tests forbid.
      const { result } = await cdp.send('Runtime.evaluate', {
        expression: "document.documentElement.dataset.mlvizReady === '1' && typeof window.mlviz === 'object'",
        returnByValue: true,
      });
      if (result.value === true) return;
      if (Date.now() > deadline) throw new Error(`the app was not ready within ${timeout} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await cdp.detach();
  }
}

/**
 * Save a PNG screenshot of the viewport to test-artifacts/screenshots/NAME.png.
 * @returns {Promise<string>} the file's path
 */
export async function screenshot(page, name, options = {}) {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  const safe = String(name).replace(/[^A-Za-z0-9._-]+/g, '_');
  const file = path.join(SCREENSHOTS_DIR, `${safe}.png`);
  await page.screenshot({ path: file, ...options });
  return file;
}
