// Browser benchmark of mlmath-viz (SKELETON: the lead fills in the scenarios marked TODO).
//
//   trunk build --release && node bench/browser-bench.mjs            # serves dist/ itself
//   node bench/browser-bench.mjs --url http://127.0.0.1:8080/        # an already running server
//   npm run bench:browser
//
// Options: --url URL, --dist DIR (default dist), --frames N (default 120), --out FILE
// (default test-artifacts/bench.json), --viewport WxH (default 1280x800).
//
// Uses Debian's Chromium through playwright-core (see tests/e2e/browser.mjs). Only requests
// to 127.0.0.1 are allowed. Bounded: each scenario stops after --frames frames or 30 s.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser, newPage, waitForAppReady, screenshot, ARTIFACTS_DIR } from '../tests/e2e/browser.mjs';
import { startServer } from '../tests/e2e/server.mjs';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string' },
    dist: { type: 'string', default: 'dist' },
    frames: { type: 'string', default: '120' },
    out: { type: 'string', default: path.join(ARTIFACTS_DIR, 'bench.json') },
    viewport: { type: 'string', default: '1280x800' },
  },
});
const FRAMES = Number(opts.frames);
const [vw, vh] = opts.viewport.split('x').map(Number);

// TODO(lead): the scenarios to measure. Each one navigates/acts on the page, then lets the
// app animate for FRAMES frames; `window.mlviz.frameStats()` is read before and after.
const SCENARIOS = [
  { name: 'initial-render', path: '', act: async (_page) => {} },
  // { name: 'gd-contour-animate', path: '#/demo/gradient-descent', act: async (page) => { await page.click('...'); } },
];

/** Wait for `n` animation frames inside the page (bounded by 30 s). */
async function waitFrames(page, n) {
  await page.evaluate(
    (n) =>
      new Promise((resolve) => {
        let left = n;
        const deadline = performance.now() + 30_000;
        const tick = () => (--left <= 0 || performance.now() > deadline ? resolve() : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      }),
    n,
  );
}

async function main() {
  const server = opts.url ? null : await startServer({ root: opts.dist });
  const baseUrl = opts.url || server.url;
  const browser = await launchBrowser();
  const results = [];
  try {
    for (const scenario of SCENARIOS) {
      const p = await newPage(browser, { viewport: { width: vw, height: vh } });
      try {
        const t0 = Date.now();
        await p.page.goto(new URL(scenario.path, baseUrl).href);
        await waitForAppReady(p.page);
        const readyMs = Date.now() - t0;
        await scenario.act(p.page);
        await waitFrames(p.page, FRAMES);
        // TODO(lead): decide which fields of frameStats() to keep / derive (p50, p95, max ms ...).
        const frameStats = await p.page.evaluate(() => window.mlviz.frameStats());
        const extra = await p.page.evaluate(() => ({
          liveListeners: window.mlviz.liveListeners?.(),
          activeAnimations: window.mlviz.activeAnimations?.(),
        }));
        await screenshot(p.page, `bench-${scenario.name}`);
        results.push({
          scenario: scenario.name,
          readyMs,
          frameStats,
          ...extra,
          pageErrors: p.pageErrors,
          consoleErrors: p.consoleErrors,
          blockedRequests: p.blockedRequests,
        });
        console.log(`${scenario.name}: ready in ${readyMs} ms`, JSON.stringify(frameStats));
      } finally {
        await p.close();
      }
    }
  } finally {
    await browser.close();
    await server?.close();
  }
  await mkdir(path.dirname(opts.out), { recursive: true });
  await writeFile(opts.out, JSON.stringify({ date: new Date().toISOString(), frames: FRAMES, viewport: { width: vw, height: vh }, results }, null, 2) + '\n');
  console.log(`wrote ${opts.out}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
