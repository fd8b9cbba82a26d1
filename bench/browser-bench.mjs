// Browser benchmark of mlmath-viz: frame times of the gradient-descent lab in Debian's
// headless Chromium (playwright-core). Speed is measured here, never asserted in tests.
//
//   bash scripts/setup.sh --test && trunk build --release && node bench/browser-bench.mjs
//   npm run bench:browser
//
// Options: --dist DIR (default dist), --seconds N (per scenario, default 10),
// --out FILE (default test-artifacts/bench.json).
//
// Scenarios:
//   first-render     navigation → first rendered demo (performance mark "mlviz-first-render"),
//                    fresh browser context each time (no cache), median of 7
//   lr-drag          the learning-rate slider swept back and forth, one input event per frame,
//                    Rosenbrock, 150 iterations of all 9 optimizers (each named in the URL:
//                    the lab's defaults race only three) recomputed and redrawn
//   play-race        the race played on Rosenbrock, restarted whenever it ends
//   kappa-drag       the condition-number slider swept: every frame recomputes the heatmap,
//                    contours and 3-D surface; surface plot ~800x500 CSS px at DPR 2
//   matrix-drag      #/matrix-transform: the a12 slider swept (grid, ellipse, eigenvectors, SVD)
//   vector-drag      #/vectors: the ax slider swept
//   calculus         #/limits ε, #/derivatives h, #/gradients point and direction,
//                    #/integrals n, #/product-chain-rule x swept (issue 10)
//   floating-point   #/floating-point: a bit of float16 flipped every frame (issue 11)
//   sizes            raw and gzip bytes of every file the page loads
//   numerical        issue 11: #/rounding-error with n = 10^6 (the format switched every 2 s, so
//                    the million-term sums are recomputed in chunks again and again);
//                    #/mixed-precision's learning rate swept (every change retrains all four
//                    formats for the epochs shown: epochs/s = epochs x 3 formats / app work);
//                    #/numerical-optimization's κ swept
//   nn2              issue 13: #/rnn played (default, and LSTM H 32 T 100): steps/s and frames;
//                    #/approximate-inference: samples 20,000 → 200,000 and VI to 10,000
//                    iterations timed until the chunked work ends (samples/s, iterations per
//                    frame, app work per frame), the proposal width dragged, the chain played;
//                    #/regularization's budget and λ dragged;
//                    #/attention's d set to 512 (Monte Carlo in chunks)
//   approximate-inference  the nn2 group's #/approximate-inference scenarios alone
//   nn-bn            the training playground with batch norm at speed max (default network, and
//                    2-8-8-8-8-8-8-1 on the spiral, and that one without batch norm): epochs/s,
//                    frames, whether the Worker trained (`background`); then "Measure the largest stable η" switched on (default
//                    network, and the deep one): time until both rates show, frames meanwhile
//                    and the longest frame interval (also part of nn2)
//   rnn              only the two #/rnn runs of nn2
//   landing          the landing page (#/): every file it requests and their gzip bytes, and
//                    first contentful paint, fresh context each time, median of 7 (issue 12)
//   every-demo       (only when named) every demo opened from its address: gzip bytes until
//                    its first render and that render's time, median of 3 (issue 12, goal 1);
//                    --demos ID[,ID] only those demos, --loads N fresh loads each
//
// Timed loads (first-render, every-demo) wait for the app with a bare CDP poll; --wait
// playwright waits with Playwright's waitForFunction instead, as the figures before
// 2026-12-05 did (its injected script costs the page ~15 ms of main thread while it loads).
//
// --only NAME[,NAME] runs only those groups (first-render, lr-drag, play-race, kappa-drag,
// linear-algebra, calculus, floating-point, numerical, nn2, approximate-inference, rnn, nn-bn,
// sizes, landing, every-demo).
//
// Per frame, the app records its main-thread work (event handlers + its animation-frame
// callback: window.mlviz.frameStats().work) and the interval between frames; Chromium's own
// counters (CDP Performance.getMetrics: TaskDuration = all main-thread work including style,
// layout and paint) give the total main-thread time per frame as a mean.
import { mkdir, writeFile, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseArgs } from 'node:util';
import { launchBrowser, newPage, waitForAppReady, waitForAppReadyQuietly, ARTIFACTS_DIR, REPO_ROOT } from '../tests/e2e/browser.mjs';
import { startServer } from '../tests/e2e/server.mjs';

const { values: opts } = parseArgs({
  options: {
    dist: { type: 'string', default: 'dist' },
    seconds: { type: 'string', default: '10' },
    out: { type: 'string', default: path.join(ARTIFACTS_DIR, 'bench.json') },
    only: { type: 'string', default: '' },
    demos: { type: 'string', default: '' },
    loads: { type: 'string', default: '3' },
    wait: { type: 'string', default: 'quiet' },
  },
});
const SECONDS = Number(opts.seconds);
// How a timed load waits for the app: 'quiet' (a bare CDP poll) or 'playwright' (its
// waitForFunction, which runs ~15 ms of its own script in the page while it loads; the
// figures before 2026-12-05 05:40 UTC were taken that way).
const waitForLoad =
  opts.wait === 'playwright' ? (p) => waitForAppReady(p.page) : (p) => waitForAppReadyQuietly(p.page, p.context);
const ONLY = opts.only.split(',').map((s) => s.trim()).filter(Boolean);
const wanted = (group) => ONLY.length === 0 || ONLY.includes(group);

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

/** Runs `drive` inside the page for `seconds`, recording rAF intervals independently of the app. */
async function measure(page, cdp, seconds, drive) {
  await page.evaluate(() => window.mlviz.resetFrameStats());
  const before = await cdp.send('Performance.getMetrics');
  const intervals = await page.evaluate(
    ([seconds, driveSource]) =>
      new Promise((resolve) => {
        const drive = new Function('frame', driveSource);
        const intervals = [];
        let last = null;
        let frame = 0;
        const end = performance.now() + seconds * 1000;
        const tick = (time) => {
          if (last !== null) intervals.push(time - last);
          last = time;
          drive(frame++);
          if (performance.now() < end) requestAnimationFrame(tick);
          else resolve(intervals);
        };
        requestAnimationFrame(tick);
      }),
    [seconds, drive],
  );
  const after = await cdp.send('Performance.getMetrics');
  const metric = (m, name) => m.metrics.find((x) => x.name === name)?.value ?? 0;
  const taskSeconds = metric(after, 'TaskDuration') - metric(before, 'TaskDuration');
  const stats = await page.evaluate(() => window.mlviz.frameStats());
  return {
    frames: intervals.length,
    frameInterval: summarise(intervals),
    appWorkPerFrame: summarise(stats.work),
    mainThreadMsPerFrameMean: Math.round((taskSeconds * 1000 / Math.max(1, intervals.length)) * 100) / 100,
  };
}

// Sweeps a slider (by its control key) back and forth, one input event per frame.
const sweepSlider = (key, periodFrames) => `
  const input = document.querySelector('[data-control="${key}"] input[type=range]');
  const min = Number(input.min), max = Number(input.max);
  const phase = (frame % ${periodFrames}) / ${periodFrames};
  const t = phase < 0.5 ? phase * 2 : 2 - phase * 2;
  input.value = String(min + (max - min) * t);
  input.dispatchEvent(new Event('input', { bubbles: true }));
`;

// Flips one bit of a bit-grid plot every frame with the keyboard (Space on the focused canvas).
const flipBit = `
  const canvas = document.querySelector('canvas[data-plot=bits][data-layer=foreground]');
  canvas.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true, cancelable: true }));
`;

const restartPlay = `
  const play = document.querySelector('button[data-action=play]');
  if (play.getAttribute('aria-pressed') !== 'true') play.click();
`;

async function firstRender(browser, baseUrl) {
  const times = [];
  for (let i = 0; i < 7; i++) {
    const p = await newPage(browser, { viewport: { width: 1440, height: 900 } });
    await p.page.goto(baseUrl + '#/gradient-descent');
    await waitForLoad(p);
    times.push(await p.page.evaluate(() => performance.getEntriesByName('mlviz-first-render')[0].startTime));
    await p.close();
  }
  return { ms: summarise(times), samples: times.map((t) => Math.round(t)) };
}

/**
 * Every demo opened from its address (issue 12, goal 1): gzip -9 bytes of every response
 * received until the page is ready, and the time from navigation start of the demo's first
 * render (the performance mark "mlviz-first-render": every plot inside the 1440x900 viewport
 * drawn) and of the frame with all its plots drawn ("mlviz-all-plots-drawn", one frame later
 * when a plot lies below the fold); fresh context each load, median of `loads`. The
 * explanation text, fetched after that, is counted apart.
 */
async function everyDemo(browser, baseUrl, loads = 3) {
  const boot = await newPage(browser, { viewport: { width: 1440, height: 900 } });
  await boot.page.goto(baseUrl);
  await boot.page.evaluate(() => window.mlvizBoot.start());
  await waitForAppReady(boot.page);
  const chosen = opts.demos.split(',').filter(Boolean);
  const ids = (await boot.page.evaluate(() => window.mlviz.registry()))
    .map((d) => d.id)
    .filter((id) => chosen.length === 0 || chosen.includes(id));
  await boot.close();
  const rows = [];
  for (const id of ids) {
    const times = [];
    const allDrawn = [];
    let bytes = 0;
    let explanation = 0;
    let module = null;
    for (let i = 0; i < loads; i++) {
      const p = await newPage(browser, { viewport: { width: 1440, height: 900 } });
      const responses = [];
      p.page.on('response', (response) => {
        const at = Date.now();
        responses.push(
          response
            .body()
            .then((body) => ({ url: response.url(), at, gzip: zlib.gzipSync(body, { level: 9 }).length }))
            .catch(() => null),
        );
      });
      await p.page.goto(baseUrl + '#/' + id);
      await waitForLoad(p);
      const rendered = Date.now();
      times.push(await p.page.evaluate(() => performance.getEntriesByName('mlviz-first-render')[0].startTime));
      allDrawn.push(await p.page.evaluate(() => performance.getEntriesByName('mlviz-all-plots-drawn')[0]?.startTime ?? NaN));
      await p.page.waitForFunction(() => document.documentElement.dataset.mlvizExplaining !== '1');
      module = await p.page.evaluate(() => window.mlvizBoot.module());
      const bodies = (await Promise.all(responses)).filter(Boolean);
      bytes = bodies.filter((b) => b.at <= rendered && !b.url.includes('/explanations/')).reduce((t, b) => t + b.gzip, 0);
      explanation = bodies.filter((b) => b.url.includes('/explanations/')).reduce((t, b) => t + b.gzip, 0);
      await p.close();
    }
    const row = {
      id,
      module,
      firstRenderMs: Math.round(summarise(times).p50),
      samples: times.map(Math.round),
      allPlotsDrawnMs: Math.round(summarise(allDrawn).p50),
      gzipBytes: bytes,
      explanationGzip: explanation,
    };
    console.log('every-demo', JSON.stringify(row));
    rows.push(row);
  }
  return rows;
}

// Switches a select (by its control key) between two values every `periodFrames` frames.
const alternateSelect = (key, a, b, periodFrames) => `
  if (frame % ${periodFrames} !== 0) return;
  const select = document.querySelector('[data-control="${key}"] select');
  select.value = (frame / ${periodFrames}) % 2 === 0 ? '${b}' : '${a}';
  select.dispatchEvent(new Event('change', { bubbles: true }));
`;

// Every optimizer of the lab racing (its defaults race SGD, Momentum and Adam only).
const ALL_OPTIMIZERS_ON_ROSENBROCK =
  '#/gradient-descent?surface=rosenbrock&iterations=150&sgd=1&momentum=1&nesterov=1&adagrad=1&rmsprop=1&adam=1&newton=1&lbfgs=1&cg=1';

/** The landing page: what it downloads (gzip -9 of each file served) and when it paints. */
async function landing(browser, baseUrl, dist) {
  const paints = [];
  let files = [];
  for (let i = 0; i < 7; i++) {
    const p = await newPage(browser, { viewport: { width: 1440, height: 900 } });
    const requested = [];
    p.page.on('requestfinished', (r) => requested.push(new URL(r.url()).pathname));
    await p.page.goto(baseUrl);
    await p.page.waitForLoadState('networkidle');
    paints.push(await p.page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0].startTime));
    files = requested;
    await p.close();
  }
  const rows = [];
  for (const file of files) {
    const name = file === '/' ? 'index.html' : file.replace(/^\//, '');
    const bytes = await readFile(path.join(dist, name));
    rows.push({ file: name, raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length });
  }
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip }), { raw: 0, gzip: 0 });
  return { files: rows, total, firstContentfulPaintMs: summarise(paints), samples: paints.map((t) => Math.round(t)) };
}

async function scenario(browser, baseUrl, hash, viewport, deviceScaleFactor, drive) {
  const p = await newPage(browser, { viewport, deviceScaleFactor });
  await p.page.goto(baseUrl + hash);
  await waitForAppReady(p.page);
  const cdp = await p.context.newCDPSession(p.page);
  await cdp.send('Performance.enable');
  const surface = await p.page.evaluate(() => {
    // The first plot of the demo (the heatmap for the optimizer lab).
    const c = document.querySelector('canvas[data-layer=background]');
    return { plot: c.dataset.plot, cssWidth: c.clientWidth, cssHeight: c.clientHeight, pixelWidth: c.width, pixelHeight: c.height };
  });
  const result = await measure(p.page, cdp, SECONDS, drive);
  const errors = [...p.pageErrors, ...p.consoleErrors];
  await p.close();
  return { hash, surface, ...result, errors };
}

/** Opens `hash` on a desktop page once its pending work is done, with fresh frame statistics. */
async function openIdle(browser, baseUrl, hash) {
  const p = await newPage(browser, { viewport: { width: 1440, height: 900 } });
  await p.page.goto(baseUrl + hash);
  await waitForAppReady(p.page);
  await p.page.waitForFunction(() => document.documentElement.dataset.mlvizBusy !== '1', null, { timeout: 120_000 });
  await p.page.evaluate(() => window.mlviz.resetFrameStats());
  return p;
}

/**
 * Sets a control's number box to `value` (as a reader typing it) and measures how long the
 * demo's chunked work takes until `data-mlviz-busy` clears, counting the frames meanwhile.
 */
async function timedWork(browser, baseUrl, hash, key, value) {
  const p = await openIdle(browser, baseUrl, hash);
  const result = await p.page.evaluate(
    ([key, value]) =>
      new Promise((resolve) => {
        const box = document.querySelector(`[data-control="${key}"] input.number-box`);
        const intervals = [];
        let last = null;
        const start = performance.now();
        box.value = value;
        box.dispatchEvent(new Event('change', { bubbles: true }));
        let sawBusy = false;
        const tick = (time) => {
          if (last !== null) intervals.push(time - last);
          last = time;
          const busy = document.documentElement.dataset.mlvizBusy === '1';
          sawBusy ||= busy;
          if ((sawBusy && !busy) || performance.now() - start > 120_000) {
            resolve({ ms: performance.now() - start, frames: intervals.length, intervals, sawBusy });
          } else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    [key, value],
  );
  // The app's own main-thread work per frame (chunks of work, drawing, readouts).
  const stats = await p.page.evaluate(() => window.mlviz.frameStats());
  const errors = [...p.pageErrors, ...p.consoleErrors];
  await p.close();
  return {
    hash, key, value, ms: Math.round(result.ms), frames: result.frames, sawBusy: result.sawBusy,
    frameInterval: summarise(result.intervals), appWorkPerFrame: summarise(stats.work), errors,
  };
}

/** Plays a stepping demo for SECONDS: steps per second (from a readout) and frame times. */
async function playScenario(browser, baseUrl, hash, stepReadout) {
  const p = await newPage(browser, { viewport: { width: 1440, height: 900 } });
  await p.page.goto(baseUrl + hash);
  await waitForAppReady(p.page);
  const cdp = await p.context.newCDPSession(p.page);
  await cdp.send('Performance.enable');
  const step = (name) => Number(document.querySelector(`output[data-readout="${name}"]`).dataset.value);
  const before = await p.page.evaluate(step, stepReadout);
  await p.page.click('button[data-action=play]');
  const result = await measure(p.page, cdp, SECONDS, '');
  const after = await p.page.evaluate(step, stepReadout);
  // "1" while a background Worker trains the run (the training playground at speed max).
  const background = await p.page.evaluate(() => document.documentElement.dataset.mlvizBackground ?? null);
  const errors = [...p.pageErrors, ...p.consoleErrors];
  await p.close();
  return { hash, stepsPerSecond: Math.round(((after - before) / SECONDS) * 10) / 10, background, ...result, errors };
}

/**
 * Switches the checkbox of control `key` on and times the frames until the readout `readout`
 * shows its result (no longer "not measured" or "measuring…") and no chunked work is pending:
 * the total time, the frames meanwhile and the longest frame interval (a synchronous
 * computation shows as one long frame).
 */
async function timedToggle(browser, baseUrl, hash, key, readout) {
  const p = await openIdle(browser, baseUrl, hash);
  const result = await p.page.evaluate(
    ([key, readout]) =>
      new Promise((resolve) => {
        const box = document.querySelector(`[data-control="${key}"] input[type=checkbox]`);
        const output = document.querySelector(`output[data-readout="${readout}"]`);
        const intervals = [];
        let last = null;
        let start = null;
        const tick = (time) => {
          if (last !== null) intervals.push(time - last);
          last = time;
          if (start === null) {
            // Clicked inside a frame, so that a synchronous computation delays the next one.
            start = performance.now();
            box.click();
            requestAnimationFrame(tick);
            return;
          }
          const busy = document.documentElement.dataset.mlvizBusy === '1';
          const text = output.textContent;
          const done = !busy && !text.startsWith('not measured') && !text.startsWith('measuring');
          if (done || performance.now() - start > 120_000) {
            resolve({ ms: performance.now() - start, frames: intervals.length, intervals, text });
          } else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    [key, readout],
  );
  const stats = await p.page.evaluate(() => window.mlviz.frameStats());
  const errors = [...p.pageErrors, ...p.consoleErrors];
  await p.close();
  return {
    hash, key, ms: Math.round(result.ms), frames: result.frames, shown: result.text,
    longestFrameMs: Math.round(Math.max(0, ...result.intervals) * 10) / 10,
    frameInterval: summarise(result.intervals), appWorkPerFrame: summarise(stats.work), errors,
  };
}

/** Raw and gzip bytes of every file of the site, in its folders too (bundles/, explanations/). */
async function sizes(dist) {
  const files = (await readdir(dist, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.map'))
    .map((entry) => path.relative(dist, path.join(entry.parentPath, entry.name)));
  const rows = [];
  for (const file of files) {
    const bytes = await readFile(path.join(dist, file));
    rows.push({ file, raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length });
  }
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip }), { raw: 0, gzip: 0 });
  return { files: rows, total };
}

async function main() {
  const dist = path.resolve(REPO_ROOT, opts.dist);
  const server = await startServer({ root: dist });
  const browser = await launchBrowser();
  const results = {};
  try {
    const desktop = { width: 1440, height: 900 };
    if (wanted('first-render')) {
      results.firstRender = await firstRender(browser, server.url);
      console.log('first render', JSON.stringify(results.firstRender));
    }
    if (wanted('lr-drag')) {
      results.lrDrag = await scenario(browser, server.url, ALL_OPTIMIZERS_ON_ROSENBROCK, desktop, 1, sweepSlider('lr', 240));
      console.log('lr drag', JSON.stringify(results.lrDrag));
    }
    if (wanted('play-race')) {
      results.playRace = await scenario(browser, server.url, '#/gradient-descent?surface=rosenbrock&steps=0', desktop, 1, restartPlay);
      console.log('play race', JSON.stringify(results.playRace));
    }
    if (wanted('kappa-drag')) {
      // Wide enough that the surface plot is about 800 CSS px wide; DPR 2.
      results.kappaDrag = await scenario(browser, server.url, '#/gradient-descent', { width: 1480, height: 900 }, 2, sweepSlider('kappa', 240));
      console.log('kappa drag', JSON.stringify(results.kappaDrag));
    }
    if (wanted('linear-algebra')) {
      // Linear algebra (issue 4): dragging a matrix entry and a vector component.
      results.matrixDrag = await scenario(browser, server.url, '#/matrix-transform', desktop, 1, sweepSlider('a12', 240));
      console.log('matrix a12 drag', JSON.stringify(results.matrixDrag));
      results.vectorDrag = await scenario(browser, server.url, '#/vectors', desktop, 1, sweepSlider('ax', 240));
      console.log('vector ax drag', JSON.stringify(results.vectorDrag));
    }
    if (wanted('calculus')) {
      // Issue 10: every drag the calculus demos are built around.
      const drags = [
        ['limitsEpsilonDrag', '#/limits?function=one-minus-cos', 'epsilon'],
        ['derivativesHDrag', '#/derivatives', 'h'],
        ['gradientsPointDrag', '#/gradients', 'x0'],
        ['gradientsDirectionDrag', '#/gradients', 'angle'],
        ['integralsNDrag', '#/integrals', 'n'],
        ['productChainXDrag', '#/product-chain-rule', 'x'],
      ];
      for (const [name, hash, key] of drags) {
        results[name] = await scenario(browser, server.url, hash, desktop, 1, sweepSlider(key, 240));
        console.log(name, JSON.stringify(results[name]));
      }
    }
    if (wanted('floating-point')) {
      results.floatBitFlip = await scenario(browser, server.url, '#/floating-point', desktop, 1, flipBit);
      console.log('float bit flip', JSON.stringify(results.floatBitFlip));
    }
    if (wanted('numerical')) {
      results.roundingMillion = await scenario(browser, server.url, '#/rounding-error?format=f16&n=1000000', desktop, 1, alternateSelect('format', 'f16', 'bf16', 120));
      console.log('rounding-error n=1e6, format switched', JSON.stringify(results.roundingMillion));
      results.mixedPrecisionLr = await scenario(browser, server.url, '#/mixed-precision?epochs=400', desktop, 1, sweepSlider('lr', 240));
      console.log('mixed-precision lr sweep (400 epochs x 3 formats + f64 per change)', JSON.stringify(results.mixedPrecisionLr));
      results.numericalOptimizationKappa = await scenario(browser, server.url, '#/numerical-optimization', desktop, 1, sweepSlider('kappa', 240));
      console.log('numerical-optimization kappa sweep', JSON.stringify(results.numericalOptimizationKappa));
    }
    if (wanted('nn2') || wanted('approximate-inference')) {
      // Issue 13: #/approximate-inference (also alone: --only approximate-inference).
      results.mcmcSamples = await timedWork(browser, server.url, '#/approximate-inference', 'samples', '200000');
      results.mcmcSamples.samplesPerSecond = Math.round(180_000 / (results.mcmcSamples.ms / 1000));
      console.log('approximate-inference: 20,000 → 200,000 MH samples', JSON.stringify(results.mcmcSamples));
      results.viIterations = await timedWork(browser, server.url, '#/approximate-inference', 'vi-iterations', '10000');
      // Each family's iterations per frame (both run every frame): 8,000 more than the default 2,000.
      results.viIterations.iterationsPerFamilyPerFrame = Math.round(8000 / Math.max(1, results.viIterations.frames));
      console.log('approximate-inference: VI to 10,000 iterations (both families)', JSON.stringify(results.viIterations));
      results.proposalDrag = await scenario(browser, server.url, '#/approximate-inference', desktop, 1, sweepSlider('proposal', 240));
      console.log('approximate-inference proposal drag', JSON.stringify(results.proposalDrag));
      // The chain played from its start, 200,000 samples (the playhead moves 1/150 a frame and
      // the statistics of the samples shown follow it).
      results.mcmcPlay = await playScenario(browser, server.url, '#/approximate-inference?samples=200000&steps=0', 'playhead.step');
      console.log('approximate-inference play (200,000 samples)', JSON.stringify(results.mcmcPlay));
    }
    if (wanted('nn2') || wanted('rnn')) {
      // Issue 13: #/rnn (also alone: --only rnn).
      results.rnnPlay = await playScenario(browser, server.url, '#/rnn', 'step');
      console.log('rnn play (default tanh RNN, H 16, T 30)', JSON.stringify(results.rnnPlay));
      results.lstmPlay = await playScenario(browser, server.url, '#/rnn?cell=lstm&hidden=32&length=100', 'step');
      console.log('rnn play (LSTM, H 32, T 100)', JSON.stringify(results.lstmPlay));
    }
    if (wanted('nn2')) {
      // Issue 13: the other Neural networks II demos.
      results.budgetDrag = await scenario(browser, server.url, '#/regularization', desktop, 1, sweepSlider('budget', 240));
      console.log('regularization budget drag', JSON.stringify(results.budgetDrag));
      results.lambdaDrag = await scenario(browser, server.url, '#/regularization', desktop, 1, sweepSlider('lambda', 240));
      console.log('regularization lambda drag', JSON.stringify(results.lambdaDrag));
      results.attentionD = await timedWork(browser, server.url, '#/attention', 'd', '512');
      console.log('attention d → 512 (Monte Carlo)', JSON.stringify(results.attentionD));
    }
    if (wanted('nn2') || wanted('nn-bn')) {
      // Issue 13 item 4 / issue 12 goal 3: batch norm at full speed, and the η bisection.
      const deep = '&data=spiral&shape=8,8,8,8,8,8';
      results.bnPlay = await playScenario(browser, server.url, '#/nn-playground?batch-norm=1&speed=max', 'epoch');
      console.log('nn-playground batch norm, speed max (2-4-2-1 circle)', JSON.stringify(results.bnPlay));
      results.bnPlayDeep = await playScenario(browser, server.url, `#/nn-playground?batch-norm=1&speed=max${deep}`, 'epoch');
      console.log('nn-playground batch norm, speed max (6×8 spiral)', JSON.stringify(results.bnPlayDeep));
      // The same network without batch norm, for comparison (the Worker trains it on main too).
      results.plainPlayDeep = await playScenario(browser, server.url, `#/nn-playground?speed=max${deep}`, 'epoch');
      console.log('nn-playground without batch norm, speed max (6×8 spiral)', JSON.stringify(results.plainPlayDeep));
      results.measureLr = await timedToggle(browser, server.url, '#/nn-playground', 'measure-lr', 'lr-stable.with-bn');
      console.log('nn-playground measure-lr switched on (2-4-2-1)', JSON.stringify(results.measureLr));
      results.measureLrDeep = await timedToggle(browser, server.url, `#/nn-playground?${deep.slice(1)}`, 'measure-lr', 'lr-stable.with-bn');
      console.log('nn-playground measure-lr switched on (6×8 spiral)', JSON.stringify(results.measureLrDeep));
    }
    if (ONLY.includes('every-demo')) {
      results.everyDemo = await everyDemo(browser, server.url, Number(opts.loads));
    }
    if (wanted('landing')) {
      results.landing = await landing(browser, server.url, dist);
      console.log('landing', JSON.stringify(results.landing));
    }
    if (wanted('sizes')) {
      results.sizes = await sizes(dist);
      console.log('sizes', JSON.stringify(results.sizes.total));
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
