// Browser benchmark of the training playground (#/nn-playground) in Debian's headless Chromium
// (playwright-core): epochs per second, frame interval and main-thread time per frame while
// training plays at full speed ("speed=max": as many epochs as fit in 8 ms, one repaint per
// frame). Speed is measured here, never asserted in tests.
//
//   bash scripts/setup.sh --test && trunk build --release && node bench/nn-bench.mjs
//
// Options: --dist DIR (default dist), --seconds N (per configuration, default 10),
// --out FILE (default test-artifacts/nn-bench.json).
//
// One epoch is what TensorFlow Playground does per step: a full pass over 250 training points
// (50 % of 500) in batches of 10, the loss on all 500 points; the 100×100 decision boundary is
// repainted once per frame. The three configurations are the ones timed on TensorFlow
// Playground on this machine (its URL terms: networkShape, dataset, x/y/xSquared/…).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser, newPage, waitForAppReady, ARTIFACTS_DIR, REPO_ROOT } from '../tests/e2e/browser.mjs';
import { startServer } from '../tests/e2e/server.mjs';

const { values: opts } = parseArgs({
  options: {
    dist: { type: 'string', default: 'dist' },
    seconds: { type: 'string', default: '10' },
    out: { type: 'string', default: path.join(ARTIFACTS_DIR, 'nn-bench.json') },
  },
});
const SECONDS = Number(opts.seconds);

const CONFIGURATIONS = [
  { name: '2-4-2-1, circle, tanh, lr 0.03, batch 10', query: 'speed=max' },
  { name: '2-8-8-8-8-1, spiral', query: 'speed=max&data=spiral&shape=8,8,8,8' },
  {
    name: '7 inputs, 6 layers of 8, spiral',
    query: 'speed=max&data=spiral&shape=8,8,8,8,8,8&x1-squared=1&x2-squared=1&x1x2=1&sin-x1=1&sin-x2=1',
  },
];

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summarise(values) {
  const round = (x) => Math.round(x * 100) / 100;
  return {
    count: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    max: round(Math.max(...values)),
    mean: round(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)),
  };
}

const epochNow = () => Number(document.querySelector('output[data-readout=epoch]').dataset.value);

async function run(browser, baseUrl, configuration) {
  const p = await newPage(browser, { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  await p.page.goto(`${baseUrl}#/nn-playground?${configuration.query}`);
  await waitForAppReady(p.page);
  const cdp = await p.context.newCDPSession(p.page);
  await cdp.send('Performance.enable');
  await p.page.click('button[data-action=play]');
  // Warm up for a second (JIT, first allocations), then measure.
  await p.page.waitForTimeout(1000);
  await p.page.evaluate(() => window.mlviz.resetFrameStats());
  const before = await cdp.send('Performance.getMetrics');
  const measured = await p.page.evaluate(
    ([seconds, epochSource]) =>
      new Promise((resolve) => {
        const epoch = new Function(`return (${epochSource})()`);
        const intervals = [];
        let last = null;
        const startEpoch = epoch();
        const startTime = performance.now();
        const end = startTime + seconds * 1000;
        const tick = (time) => {
          if (last !== null) intervals.push(time - last);
          last = time;
          if (performance.now() < end) requestAnimationFrame(tick);
          else resolve({ intervals, epochs: epoch() - startEpoch, ms: performance.now() - startTime });
        };
        requestAnimationFrame(tick);
      }),
    [SECONDS, epochNow.toString()],
  );
  const after = await cdp.send('Performance.getMetrics');
  const metric = (m, name) => m.metrics.find((x) => x.name === name)?.value ?? 0;
  const taskSeconds = metric(after, 'TaskDuration') - metric(before, 'TaskDuration');
  const stats = await p.page.evaluate(() => window.mlviz.frameStats());
  const finalEpoch = await p.page.evaluate(epochNow);
  const errors = [...p.pageErrors, ...p.consoleErrors];
  await p.close();
  return {
    configuration: configuration.name,
    query: configuration.query,
    epochsPerSecond: Math.round((measured.epochs / measured.ms) * 1000),
    epochsMeasured: measured.epochs,
    finalEpoch,
    frameInterval: summarise(measured.intervals),
    appWorkPerFrame: summarise(stats.work),
    mainThreadMsPerFrameMean: Math.round((taskSeconds * 1000 / Math.max(1, measured.intervals.length)) * 100) / 100,
    errors,
  };
}

async function main() {
  const dist = path.resolve(REPO_ROOT, opts.dist);
  const server = await startServer({ root: dist });
  const browser = await launchBrowser();
  const results = [];
  try {
    for (const configuration of CONFIGURATIONS) {
      const result = await run(browser, server.url, configuration);
      console.log(JSON.stringify(result));
      results.push(result);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  await mkdir(path.dirname(opts.out), { recursive: true });
  await writeFile(opts.out, JSON.stringify({ date: new Date().toISOString(), seconds: SECONDS, results }, null, 2) + '\n');
  console.log(`wrote ${opts.out}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
