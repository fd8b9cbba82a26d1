// Browser benchmark of the distribution sampler (#/distributions) in Debian's headless
// Chromium (playwright-core). Speed is measured here, never asserted in tests.
//
//   trunk build --release && node bench/sampler-bench.mjs
//
// Options: --dist DIR (default dist), --seconds N (drag duration, default 8), --runs N
// (million-sample runs, default 7), --out FILE (default test-artifacts/sampler-bench.json).
//
// Scenarios:
//   million    n typed from 1,000 to 1,000,000 (Gaussian): the time until the sample mean is
//              shown (all samples drawn, counted and histogrammed, drawn on screen), the time
//              until the KS p-value is shown (sorted and swept too), and meanwhile every
//              requestAnimationFrame interval and the app's own longest work per frame
//              (window.mlviz.frameStats().work) and its sum until the mean is shown; median
//              and minimum over --runs fresh pages (the minimum is the least disturbed run
//              on a shared machine)
//   drag       n = 100,000 and the μ slider swept back and forth, one input event per frame:
//              every frame draws and bins 100,000 new samples; frame intervals and app work
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser, newPage, waitForAppReady, ARTIFACTS_DIR, REPO_ROOT } from '../tests/e2e/browser.mjs';
import { startServer } from '../tests/e2e/server.mjs';

const { values: opts } = parseArgs({
  options: {
    dist: { type: 'string', default: 'dist' },
    seconds: { type: 'string', default: '8' },
    runs: { type: 'string', default: '7' },
    out: { type: 'string', default: path.join(ARTIFACTS_DIR, 'sampler-bench.json') },
  },
});

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summarise(values) {
  const round = (x) => Math.round(x * 100) / 100;
  return {
    count: values.length,
    min: round(Math.min(...values)),
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    max: round(Math.max(...values)),
    mean: round(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)),
  };
}

/** One run: type n = 1,000,000 and watch frames until the KS p-value appears. */
async function millionRun(browser, baseUrl) {
  const p = await newPage(browser, { viewport: { width: 1440, height: 900 } });
  await p.page.goto(baseUrl + '#/distributions');
  await waitForAppReady(p.page);
  await p.page.evaluate(() => window.mlviz.resetFrameStats());
  const result = await p.page.evaluate(
    () =>
      new Promise((resolve) => {
        const box = document.querySelector('[data-control="n"] input.number-box');
        const numeric = (name) => {
          const v = document.querySelector(`output[data-readout="${name}"]`)?.dataset.value;
          return v !== undefined && v !== '' && !Number.isNaN(Number(v));
        };
        const intervals = [];
        let last = null;
        let sampledMs = null;
        let sampledWorkMs = null;
        const start = performance.now();
        box.value = '1000000';
        box.dispatchEvent(new Event('change', { bubbles: true }));
        const tick = (time) => {
          if (last !== null) intervals.push(time - last);
          last = time;
          const now = performance.now() - start;
          const samples = document.querySelector('output[data-readout="samples"]')?.dataset.value;
          if (sampledMs === null && samples === '1000000' && numeric('sample-mean')) {
            sampledMs = now;
            // The app's own work in the frames so far: the CPU time the sampling took, plus
            // whatever the shared machine took from it meanwhile.
            sampledWorkMs = window.mlviz.frameStats().work.reduce((a, b) => a + b, 0);
          }
          if (sampledMs !== null && numeric('p-value')) {
            resolve({ sampledMs, sampledWorkMs, testedMs: now, intervals });
          } else if (now > 30_000) {
            resolve({ sampledMs, sampledWorkMs, testedMs: null, intervals, timedOut: true });
          } else {
            requestAnimationFrame(tick);
          }
        };
        requestAnimationFrame(tick);
      }),
  );
  const stats = await p.page.evaluate(() => window.mlviz.frameStats());
  const errors = [...p.pageErrors, ...p.consoleErrors];
  await p.close();
  return {
    sampledMs: Math.round(result.sampledMs),
    sampledWorkMs: Math.round(result.sampledWorkMs),
    testedMs: result.testedMs === null ? null : Math.round(result.testedMs),
    longestFrameIntervalMs: Math.round(Math.max(...result.intervals) * 100) / 100,
    longestAppWorkMs: Math.round(Math.max(0, ...stats.work) * 100) / 100,
    frames: result.intervals.length,
    errors,
  };
}

async function drag(browser, baseUrl, seconds) {
  const p = await newPage(browser, { viewport: { width: 1440, height: 900 } });
  await p.page.goto(baseUrl + '#/distributions?n=100000');
  await waitForAppReady(p.page);
  await p.page.evaluate(() => window.mlviz.resetFrameStats());
  const intervals = await p.page.evaluate(
    (seconds) =>
      new Promise((resolve) => {
        const input = document.querySelector('[data-control="mu"] input[type=range]');
        const min = Number(input.min);
        const max = Number(input.max);
        const intervals = [];
        let last = null;
        let frame = 0;
        const end = performance.now() + seconds * 1000;
        const tick = (time) => {
          if (last !== null) intervals.push(time - last);
          last = time;
          const phase = (frame++ % 240) / 240;
          const t = phase < 0.5 ? phase * 2 : 2 - phase * 2;
          input.value = String(min + (max - min) * t);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          if (performance.now() < end) requestAnimationFrame(tick);
          else resolve(intervals);
        };
        requestAnimationFrame(tick);
      }),
    seconds,
  );
  const stats = await p.page.evaluate(() => window.mlviz.frameStats());
  const errors = [...p.pageErrors, ...p.consoleErrors];
  await p.close();
  const fps = Math.round((intervals.length / intervals.reduce((a, b) => a + b, 0)) * 1000 * 10) / 10;
  return { fps, frameInterval: summarise(intervals), appWorkPerFrame: summarise(stats.work), errors };
}

async function main() {
  const dist = path.resolve(REPO_ROOT, opts.dist);
  const server = await startServer({ root: dist });
  const browser = await launchBrowser();
  const results = {};
  try {
    const runs = [];
    for (let i = 0; i < Number(opts.runs); i++) {
      const run = await millionRun(browser, server.url);
      console.log('million run', JSON.stringify(run));
      runs.push(run);
    }
    results.million = {
      runs,
      sampledMs: summarise(runs.map((r) => r.sampledMs)),
      sampledWorkMs: summarise(runs.map((r) => r.sampledWorkMs)),
      testedMs: summarise(runs.map((r) => r.testedMs ?? NaN)),
      longestFrameIntervalMs: summarise(runs.map((r) => r.longestFrameIntervalMs)),
      longestAppWorkMs: summarise(runs.map((r) => r.longestAppWorkMs)),
    };
    console.log('million', JSON.stringify({ ...results.million, runs: undefined }));
    results.drag = await drag(browser, server.url, Number(opts.seconds));
    console.log('mu drag, n = 100,000', JSON.stringify(results.drag));
  } finally {
    await browser.close();
    await server.close();
  }
  await mkdir(path.dirname(opts.out), { recursive: true });
  await writeFile(opts.out, JSON.stringify({ date: new Date().toISOString(), results }, null, 2) + '\n');
  console.log(`wrote ${opts.out}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
