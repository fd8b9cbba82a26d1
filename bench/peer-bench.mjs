// Side-by-side browser benchmark: TensorFlow Playground (built from its public source by
// bench/peers/tf-playground.sh) and our #/nn-playground, measured alternately in one run by
// the same harness and the same definitions; Distill's "Why Momentum Really Works" hero
// figure (bench/peers/distill-momentum.sh) against our optimizer lab for a slider drag; and a
// memory soak of our playground at full speed.
//
//   bash bench/peers/tf-playground.sh && bash bench/peers/distill-momentum.sh
//   trunk build --release && node bench/peer-bench.mjs
//   node bench/peer-bench.mjs --only soak --soak-minutes 10
//
// Options: --dist DIR (ours, default dist), --peer DIR (default target/peers/tf-playground/dist),
// --seconds N (per training run, default 8), --rounds N (alternations, default 2),
// --loads N (fresh page loads per side for first frame and bytes, default 5),
// --soak-minutes M (default 10; 0 skips), --only NAME[,NAME] (load, train, drag, soak),
// --out FILE (default test-artifacts/peer-bench.json).
//
// Definitions, identical for both:
//   bytes        gzip (level 9) size of every response the page received from 127.0.0.1 while
//                loading until the first frame (their Google Fonts and analytics requests are
//                blocked, as every request outside 127.0.0.1 is for ours; both counted 0)
//   first frame  ms from navigation start to the first animation frame in which the demo's main
//                canvas (TFP: the decision-boundary heatmap; ours: the primary plot) has a
//                painted pixel at its centre; fresh browser context each load, median
//   epochs/s     the page's own epoch counter (TFP: #iter-number; ours: the `epoch` readout)
//                over the measured seconds, after 1 s of warm-up, training at full speed (TFP
//                has one speed: one epoch per animation frame; ours `speed=max`)
//   frame        intervals between requestAnimationFrame callbacks, p50 / p95
//   main thread  Chromium's TaskDuration (CDP Performance.getMetrics: scripts, style, layout,
//                paint) divided by the frames in the measured window
//   drag         the mouse drags the slider back and forth (a 3 s cosine, one move per frame):
//                frame p50 / p95, main thread and script (CDP ScriptDuration) per frame
//   soak         every 20 s: JS heap used after a forced garbage collection (CDP), and our wasm
//                linear memory (WebAssembly.Memory byteLength), while training plays at full speed
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseArgs } from 'node:util';
import { launchBrowser, newPage, ARTIFACTS_DIR, REPO_ROOT } from '../tests/e2e/browser.mjs';
import { startServer } from '../tests/e2e/server.mjs';

const { values: opts } = parseArgs({
  options: {
    dist: { type: 'string', default: 'dist' },
    peer: { type: 'string', default: 'target/peers/tf-playground/dist' },
    distill: { type: 'string', default: 'target/peers/distill-momentum/public' },
    seconds: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '2' },
    loads: { type: 'string', default: '5' },
    'soak-minutes': { type: 'string', default: '10' },
    only: { type: 'string', default: '' },
    out: { type: 'string', default: path.join(ARTIFACTS_DIR, 'peer-bench.json') },
  },
});
const SECONDS = Number(opts.seconds);
const ONLY = opts.only.split(',').map((s) => s.trim()).filter(Boolean);
const wanted = (group) => ONLY.length === 0 || ONLY.includes(group);

/** The three networks of the issue, in each app's own URL terms. */
const CONFIGURATIONS = [
  {
    name: '2-4-2-1, circle, tanh, lr 0.03, batch 10',
    tfp: 'dataset=circle&networkShape=4,2',
    ours: 'speed=max',
  },
  {
    name: '2-8-8-8-8-1, spiral',
    tfp: 'dataset=spiral&networkShape=8,8,8,8',
    ours: 'speed=max&data=spiral&shape=8,8,8,8',
  },
  {
    name: '7 inputs, 6 layers of 8, spiral',
    tfp: 'dataset=spiral&networkShape=8,8,8,8,8,8&xSquared=true&ySquared=true&xTimesY=true&sinX=true&sinY=true',
    ours: 'speed=max&data=spiral&shape=8,8,8,8,8,8&x1-squared=1&x2-squared=1&x1x2=1&sin-x1=1&sin-x2=1',
  },
];

/** TFP's other URL terms at its defaults, so that only the network and data differ. */
const TFP_BASE =
  'activation=tanh&batchSize=10&regDataset=reg-plane&learningRate=0.03&regularizationRate=0&noise=0' +
  '&seed=0.1&showTestData=false&discretize=false&percTrainData=50&x=true&y=true&cosX=false&cosY=false' +
  '&collectStats=false&problem=classification&initZero=false&hideText=false';

// Every optimizer of the lab racing (as bench/browser-bench.mjs's lr-drag).
const ALL_OPTIMIZERS_ON_ROSENBROCK =
  '#/gradient-descent?surface=rosenbrock&iterations=150&sgd=1&momentum=1&nesterov=1&adagrad=1&rmsprop=1&adam=1&newton=1&lbfgs=1&cg=1';

const SIDES = {
  tfp: {
    label: 'TF Playground',
    url: (base, c) => `${base}index.html#${TFP_BASE}&${c.tfp}`,
    canvas: '#heatmap canvas',
    epoch: () => Number((document.querySelector('#iter-number')?.textContent || '0').replace(/\D/g, '')),
    play: async (page) => page.click('#play-pause-button'),
  },
  ours: {
    label: 'mlmath-viz',
    url: (base, c) => `${base}#/nn-playground?${c.ours}`,
    canvas: 'figure.plot.primary canvas',
    epoch: () => Number(document.querySelector('output[data-readout=epoch]')?.dataset.value || 0),
    start: async (page) => page.evaluate(() => window.mlvizBoot.start()),
    play: async (page) => page.click('button[data-action=play]'),
  },
};

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const median = (values) => percentile(values, 50);

/** Installed before any page script: records the first frame the canvas shows a pixel. */
const FIRST_FRAME_PROBE = (selector) => {
  const probe = () => {
    const canvas = document.querySelector(selector);
    if (canvas && canvas.width > 0 && canvas.height > 0) {
      try {
        const context = canvas.getContext('2d');
        const pixel = context.getImageData(canvas.width >> 1, canvas.height >> 1, 1, 1).data;
        if (pixel[3] > 0) {
          window.__firstFrame = performance.now();
          return;
        }
      } catch {
        /* not a 2-D canvas yet */
      }
    }
    requestAnimationFrame(probe);
  };
  requestAnimationFrame(probe);
};

async function load(browser, side, baseUrl) {
  const s = SIDES[side];
  const p = await newPage(browser, { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  const bodies = [];
  p.page.on('response', async (response) => {
    if (!response.url().startsWith(baseUrl)) return;
    try {
      bodies.push({ url: response.url(), gzip: zlib.gzipSync(await response.body(), { level: 9 }).length });
    } catch {
      /* a redirect or aborted response has no body */
    }
  });
  await p.context.addInitScript(`(${FIRST_FRAME_PROBE})(${JSON.stringify(s.canvas)})`);
  await p.page.goto(s.url(baseUrl, CONFIGURATIONS[0]));
  if (s.start) await s.start(p.page);
  await p.page.waitForFunction(() => window.__firstFrame !== undefined, null, { timeout: 30_000 });
  const firstFrame = await p.page.evaluate(() => window.__firstFrame);
  await p.page.waitForTimeout(300);
  const bytes = bodies.reduce((sum, b) => sum + b.gzip, 0);
  const blocked = p.blockedRequests.length;
  await p.close();
  return { firstFrame, bytes, files: bodies.length, blocked };
}

async function train(browser, side, baseUrl, configuration) {
  const s = SIDES[side];
  const p = await newPage(browser, { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  await p.page.goto(s.url(baseUrl, configuration));
  if (s.start) await s.start(p.page);
  await p.page.waitForFunction(`(${s.epoch})() >= 0 && document.querySelector(${JSON.stringify(s.canvas)}) !== null`);
  const cdp = await p.context.newCDPSession(p.page);
  await cdp.send('Performance.enable');
  await s.play(p.page);
  await p.page.waitForTimeout(1000);
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
    [SECONDS, s.epoch.toString()],
  );
  const after = await cdp.send('Performance.getMetrics');
  const metric = (m, name) => m.metrics.find((x) => x.name === name)?.value ?? 0;
  const taskMs = (metric(after, 'TaskDuration') - metric(before, 'TaskDuration')) * 1000;
  // The peer's blocked Google Fonts and analytics requests log "ERR_BLOCKED_BY_CLIENT".
  const errors = [...p.pageErrors, ...p.consoleErrors].filter((e) => !/ERR_BLOCKED_BY_CLIENT/.test(e));
  await p.close();
  return {
    side: s.label,
    configuration: configuration.name,
    epochsPerSecond: round((measured.epochs / measured.ms) * 1000, 1),
    frameP50: round(percentile(measured.intervals, 50)),
    frameP95: round(percentile(measured.intervals, 95)),
    mainThreadMsPerFrame: round(taskMs / Math.max(1, measured.intervals.length)),
    frames: measured.intervals.length,
    errors,
  };
}

/**
 * A learning-rate drag with the mouse, one move per animation frame, back and forth across the
 * slider for SECONDS: Distill's hero figure (step-size α, its own SVG slider; every move
 * re-runs the momentum iterates and redraws the path) against our optimizer lab's `lr` slider
 * (all nine optimizers, 150 iterations each on Rosenbrock, recomputed and redrawn).
 */
async function drag(browser, side, baseUrl) {
  const p = await newPage(browser, { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  let handle;
  let readValue;
  if (side === 'distill') {
    // The page asks distill.pub for its template; serve the copy the repository keeps.
    await p.page.route('http://distill.pub/template.v1.js', (route) =>
      route.fulfill({ path: path.resolve(REPO_ROOT, opts.distill, 'assets/lib/template.v1.js'), contentType: 'text/javascript' }));
    await p.page.goto(`${baseUrl}index.html`);
    await p.page.waitForSelector('#sliderAlpha svg circle');
    handle = (await p.page.$$('#sliderAlpha svg circle')).at(-1);
    readValue = () => document.querySelector('#sliderAlpha .figtext')?.textContent;
  } else {
    await p.page.goto(`${baseUrl}${ALL_OPTIMIZERS_ON_ROSENBROCK}`);
    await p.page.evaluate(() => window.mlvizBoot.start());
    await p.page.waitForFunction(() => document.documentElement.dataset.mlvizReady === '1');
    handle = await p.page.$('[data-control=lr] input[type=range]');
    readValue = () => document.querySelector('[data-control=lr] input.number-box')?.value;
  }
  await handle.scrollIntoViewIfNeeded();
  const box = await handle.boundingBox();
  // Our range input's thumb sits at its value; start the drag on it.
  const startX = side === 'distill' ? box.x + box.width / 2 : await p.page.evaluate((b) => {
    const input = document.querySelector('[data-control=lr] input[type=range]');
    const fraction = (input.value - input.min) / (input.max - input.min);
    return b.x + 8 + fraction * (b.width - 16);
  }, box);
  const y = box.y + box.height / 2;
  const span = side === 'distill' ? 90 : Math.min(120, box.width / 3);
  const cdp = await p.context.newCDPSession(p.page);
  await cdp.send('Performance.enable');
  await p.page.mouse.move(startX, y);
  await p.page.mouse.down();
  const valueBefore = await p.page.evaluate(readValue);
  const before = await cdp.send('Performance.getMetrics');
  const recorder = p.page.evaluate(
    (seconds) =>
      new Promise((resolve) => {
        const intervals = [];
        let last = null;
        const end = performance.now() + seconds * 1000;
        const tick = (time) => {
          if (last !== null) intervals.push(time - last);
          last = time;
          if (performance.now() < end) requestAnimationFrame(tick);
          else resolve(intervals);
        };
        requestAnimationFrame(tick);
      }),
    SECONDS,
  );
  const t0 = Date.now();
  let moves = 0;
  while (Date.now() - t0 < SECONDS * 1000) {
    const phase = ((Date.now() - t0) / 3000) * 2 * Math.PI;
    await p.page.mouse.move(startX - span / 2 + (span / 2) * Math.cos(phase), y);
    await p.page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    moves += 1;
  }
  const intervals = await recorder;
  const after = await cdp.send('Performance.getMetrics');
  await p.page.mouse.up();
  const valueAfter = await p.page.evaluate(readValue);
  const metric = (m, name) => m.metrics.find((x) => x.name === name)?.value ?? 0;
  const taskMs = (metric(after, 'TaskDuration') - metric(before, 'TaskDuration')) * 1000;
  const scriptMs = (metric(after, 'ScriptDuration') - metric(before, 'ScriptDuration')) * 1000;
  const errors = [...p.pageErrors, ...p.consoleErrors].filter((e) => !/ERR_BLOCKED_BY_CLIENT/.test(e));
  await p.close();
  return {
    side: side === 'distill' ? 'Distill momentum (hero α)' : 'mlmath-viz lab (lr, 9 optimizers)',
    moves,
    valueBefore,
    valueAfter,
    frameP50: round(percentile(intervals, 50)),
    frameP95: round(percentile(intervals, 95)),
    mainThreadMsPerFrame: round(taskMs / Math.max(1, intervals.length)),
    // On a loaded machine a move may span several frames: the cost of one update.
    mainThreadMsPerMove: round(taskMs / Math.max(1, moves)),
    scriptMsPerFrame: round(scriptMs / Math.max(1, intervals.length)),
    frames: intervals.length,
    errors,
  };
}

async function soak(browser, baseUrl, minutes) {
  const p = await newPage(browser, { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  await p.page.goto(SIDES.ours.url(baseUrl, CONFIGURATIONS[0]));
  const cdp = await p.context.newCDPSession(p.page);
  await p.page.evaluate(() => window.mlvizBoot.start());
  await p.page.waitForFunction(() => document.documentElement.dataset.mlvizReady === '1');
  await p.page.click('button[data-action=play]');
  const samples = [];
  const end = Date.now() + minutes * 60_000;
  for (;;) {
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const state = await p.page.evaluate(async () => ({
      wasm: (await window.mlvizBoot.start()).memory.buffer.byteLength,
      epoch: Number(document.querySelector('output[data-readout=epoch]').dataset.value),
      playing: document.querySelector('button[data-action=play]')?.getAttribute('aria-pressed'),
    }));
    samples.push({ seconds: round((minutes * 60_000 - (end - Date.now())) / 1000, 0), jsHeapMB: round(heap.usedSize / 2 ** 20), wasmMB: round(state.wasm / 2 ** 20), epoch: state.epoch });
    console.log(JSON.stringify(samples.at(-1)));
    if (Date.now() >= end) break;
    await p.page.waitForTimeout(Math.min(20_000, Math.max(0, end - Date.now())));
  }
  const errors = [...p.pageErrors, ...p.consoleErrors];
  await p.close();
  const span = (key) => {
    const values = samples.slice(1).map((s) => s[key]);
    return { first: values[0], last: values.at(-1), min: Math.min(...values), max: Math.max(...values) };
  };
  return { minutes, samples, jsHeapMB: span('jsHeapMB'), wasmMB: span('wasmMB'), errors };
}

async function main() {
  const ours = await startServer({ root: path.resolve(REPO_ROOT, opts.dist) });
  const peer = await startServer({ root: path.resolve(REPO_ROOT, opts.peer) });
  const distill = await startServer({ root: path.resolve(REPO_ROOT, opts.distill) });
  const base = { ours: ours.url, tfp: peer.url, distill: distill.url };
  const browser = await launchBrowser();
  const result = { date: new Date().toISOString(), seconds: SECONDS };
  try {
    if (wanted('load')) {
      const loads = { tfp: [], ours: [] };
      for (let i = 0; i < Number(opts.loads); i++) {
        for (const side of ['tfp', 'ours']) loads[side].push(await load(browser, side, base[side]));
      }
      result.load = Object.fromEntries(Object.entries(loads).map(([side, runs]) => [side, {
        firstFrameMedianMs: round(median(runs.map((r) => r.firstFrame)), 0),
        firstFrameMs: runs.map((r) => round(r.firstFrame, 0)),
        gzipKB: round(median(runs.map((r) => r.bytes)) / 1000, 1),
        files: runs[0].files,
        blockedRequests: runs[0].blocked,
      }]));
      console.log(JSON.stringify(result.load));
    }
    if (wanted('train')) {
      result.train = [];
      for (let round_ = 0; round_ < Number(opts.rounds); round_++) {
        for (const configuration of CONFIGURATIONS) {
          for (const side of ['tfp', 'ours']) {
            const r = await train(browser, side, base[side], configuration);
            console.log(JSON.stringify(r));
            result.train.push({ round: round_, ...r });
          }
        }
      }
    }
    if (wanted('drag')) {
      result.drag = [];
      for (let round_ = 0; round_ < Number(opts.rounds); round_++) {
        for (const side of ['distill', 'ours']) {
          const r = await drag(browser, side, base[side]);
          console.log(JSON.stringify(r));
          result.drag.push({ round: round_, ...r });
        }
      }
    }
    if (wanted('soak') && Number(opts['soak-minutes']) > 0) {
      result.soak = await soak(browser, base.ours, Number(opts['soak-minutes']));
      console.log(JSON.stringify({ ...result.soak, samples: undefined }));
    }
  } finally {
    await browser.close();
    await ours.close();
    await peer.close();
    await distill.close();
  }
  await mkdir(path.dirname(opts.out), { recursive: true });
  await writeFile(opts.out, JSON.stringify(result, null, 2) + '\n');
  console.log(`wrote ${opts.out}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
