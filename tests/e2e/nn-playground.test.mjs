// End-to-end tests of the training playground (#/nn-playground) in Debian's Chromium: it loads
// cleanly on desktop and phone, playing trains (the loss readout falls), a shared URL reproduces
// the same data and starting weights (compared through the page's own downloads), clicking adds
// points to your own data, and a TensorFlow Playground query is understood.
//
// Run after `trunk build --release`: node --test tests/e2e/   (scripts/test.sh does both).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launchBrowser, newPage, screenshot, waitForAppReady } from './browser.mjs';
import { startServer } from './server.mjs';
import { clickMenuItem } from './harness.mjs';

let server;
let browser;

const DESKTOP = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true };

before(async () => {
  server = await startServer({ root: process.env.MLVIZ_DIST || 'dist' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(hash, options = DESKTOP) {
  const p = await newPage(browser, options);
  await p.page.goto(server.url + hash);
  await waitForAppReady(p.page);
  await settle(p.page);
  return p;
}

async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForFunction(() => document.documentElement.dataset.mlvizUrlPending !== '1');
}

function assertClean(p, what) {
  assert.deepEqual(p.pageErrors, [], `${what}: page errors`);
  assert.deepEqual(p.consoleErrors, [], `${what}: console errors`);
  assert.deepEqual(p.blockedRequests, [], `${what}: requests to other origins`);
  assert.deepEqual(p.httpErrors, [], `${what}: HTTP errors`);
}

async function readouts(page) {
  return page.$$eval('output[data-readout]', (outputs) =>
    Object.fromEntries(outputs.map((o) => [o.dataset.readout, o.dataset.value])),
  );
}

function hashParams(page) {
  const hash = new URL(page.url()).hash;
  return new URLSearchParams(hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '');
}

async function download(page, key) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    clickMenuItem(page, `button[data-action="export"][data-export="${key}"]`),
  ]);
  return readFile(await file.path(), 'utf8');
}

test('the playground loads without console errors on desktop and phone', async () => {
  for (const [options, name] of [[DESKTOP, 'desktop'], [PHONE, 'phone']]) {
    const p = await open('#/nn-playground?steps=150', options);
    const values = await readouts(p.page);
    assert.equal(values.epoch, '150');
    assert.ok(Number(values['train-accuracy']) > 90, `circle after 150 epochs: ${values['train-accuracy']} %`);
    await screenshot(p.page, `nn-playground-${name}`, { fullPage: true });
    assertClean(p, name);
    await p.close();
  }
});

test('play trains: the epoch counter runs and the loss readout falls', async () => {
  const p = await open('#/nn-playground?speed=max');
  const start = await readouts(p.page);
  assert.equal(start.epoch, '0');
  await p.page.click('button[data-action=play]');
  await p.page.waitForFunction(
    () => Number(document.querySelector('output[data-readout=epoch]')?.dataset.value) >= 200,
    null,
    { timeout: 20_000 },
  );
  await p.page.click('button[data-action=play]');
  await settle(p.page);
  const end = await readouts(p.page);
  assert.ok(Number(end['train-loss']) < Number(start['train-loss']) / 2, `${start['train-loss']} → ${end['train-loss']}`);
  // Paused, the URL carries the epoch, and opening it shows the same numbers.
  assert.equal(hashParams(p.page).get('steps'), end.epoch);
  const again = await open(new URL(p.page.url()).hash);
  assert.deepEqual(await readouts(again.page), end);
  assertClean(p, 'play');
  assertClean(again, 'reopened');
  await again.close();
  await p.close();
});

test('a shared URL reproduces the same data and the same starting weights', async () => {
  const hash = '#/nn-playground?data=spiral&noise=20&seed=42&shape=5,3&activation=relu';
  const first = await open(hash);
  const second = await open(hash);
  const [dataA, dataB] = [await download(first.page, 'data'), await download(second.page, 'data')];
  assert.equal(dataA, dataB);
  assert.equal(dataA.trim().split('\n').length, 501);
  const [netA, netB] = [await download(first.page, 'network'), await download(second.page, 'network')];
  assert.equal(netA, netB);
  assert.deepEqual(JSON.parse(netA).hidden, [5, 3]);
  // Another seed gives other data.
  const other = await open(hash.replace('seed=42', 'seed=43'));
  assert.notEqual(await download(other.page, 'data'), dataA);
  for (const p of [first, second, other]) {
    assertClean(p, 'shared URL');
    await p.close();
  }
});

test('clicking the data plot adds your own points to the URL', async () => {
  const p = await open('#/nn-playground?data=own&class=1');
  const plot = p.page.locator('[data-plot="boundary"] canvas').last();
  const first = await plot.boundingBox();
  await p.page.mouse.click(first.x + first.width / 2, first.y + first.height / 2);
  await settle(p.page);
  // The "no training points" notice is gone now, so the plot may have moved.
  const box = await plot.boundingBox();
  await p.page.mouse.click(box.x + box.width * 0.75, box.y + box.height * 0.25);
  await settle(p.page);
  assert.equal(hashParams(p.page).get('points'), '0,0,1;3,3,1');
  assert.equal((await readouts(p.page))['train-points'], '2');
  assertClean(p, 'own points');
  await p.close();
});

test('a TensorFlow Playground query is understood', async () => {
  const query = 'activation=relu&batchSize=20&dataset=xor&regDataset=reg-plane&learningRate=0.01&regularizationRate=0&noise=10&networkShape=6,3&seed=0.78191&showTestData=true&discretize=false&percTrainData=60&x=true&y=true&xTimesY=true&problem=classification&regularization=none&initZero=false';
  const p = await open(`#/nn-playground?${query}`);
  const params = hashParams(p.page);
  assert.equal(params.get('shape'), '6,3');
  assert.equal(params.get('data'), 'xor');
  assert.equal(params.get('x1x2'), '1');
  assert.equal(params.get('seed'), '78191');
  assert.equal((await readouts(p.page))['train-points'], '300');
  assertClean(p, 'playground query');
  await p.close();
});
