// End-to-end tests of training in a background Worker (#/nn-playground at speed "max",
// issue 12 goal 2): the page's thread only applies the Worker's lossless snapshots and paints,
// a paused run's link reopens with every readout identical, a change while training restarts
// the Worker's job from the page's state (and the link still reproduces it), and a chosen
// pace (epochs per frame) trains on the page as before.
//
// Run after `trunk build`: node --test tests/e2e/nn-worker.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, hashParams, readouts, setControl, settle, startHarness } from './harness.mjs';

let h;
before(async () => {
  h = await startHarness();
});
after(async () => h?.close());

const epochOf = (page) => page.$eval('output[data-readout=epoch]', (o) => Number(o.dataset.value));
const background = (page) => page.evaluate(() => document.documentElement.dataset.mlvizBackground);

async function playUntil(page, epoch) {
  await page.click('button[data-action=play]');
  await page.waitForFunction(() => document.documentElement.dataset.mlvizBackground === '1');
  await page.waitForFunction(
    (epoch) => Number(document.querySelector('output[data-readout=epoch]').dataset.value) >= epoch,
    epoch,
    { timeout: 60_000 },
  );
}

async function pause(page) {
  await page.click('button[data-action=play]');
  await settle(page);
}

/** Opens `hash` afresh (replaying or restoring it) and returns its readouts. */
async function reopened(hash) {
  const p = await h.open(hash);
  const values = await readouts(p.page);
  assertClean(p, `reopened ${hash.slice(0, 80)}`);
  await p.close();
  return values;
}

test('at full speed the run trains in a Worker, and a paused link reopens it exactly', async () => {
  const p = await h.open('#/nn-playground?speed=max&data=spiral&shape=6,4&optimizer=adam&lr=0.01');
  assert.equal(await background(p.page), undefined, 'no Worker before playing');
  await playUntil(p.page, 40);
  await pause(p.page);
  assert.equal(await background(p.page), '0', 'the Worker stops with the run');
  const epoch = await epochOf(p.page);
  assert.ok(epoch >= 40);
  const values = await readouts(p.page);
  assert.equal(hashParams(p.page).get('steps'), String(epoch));
  const again = await reopened(new URL(p.page.url()).hash);
  assert.deepEqual(again, values, 'every readout of the reopened link');
  assertClean(p, 'worker run');
  await p.close();
});

test('a change while the Worker trains restarts its job from the page, and the link still reproduces the run', async () => {
  const p = await h.open('#/nn-playground?speed=max');
  await playUntil(p.page, 30);
  // A live change (the learning rate) goes into the run's schedule; training goes on.
  await setControl(p.page, { key: 'lr', kind: 'slider' }, '0.1');
  const changedAt = await epochOf(p.page);
  await p.page.waitForFunction(
    (epoch) => Number(document.querySelector('output[data-readout=epoch]').dataset.value) >= epoch + 30,
    changedAt,
    { timeout: 60_000 },
  );
  assert.equal(await background(p.page), '1');
  await pause(p.page);
  const values = await readouts(p.page);
  const link = new URL(p.page.url()).hash;
  assert.match(link, /lr=0\.1/);
  assert.deepEqual(await reopened(link), values);
  assertClean(p, 'live change');
  await p.close();
});

test('a chosen pace trains on the page, without a Worker', async () => {
  const p = await h.open('#/nn-playground?speed=5');
  await p.page.click('button[data-action=play]');
  await p.page.waitForFunction(() => Number(document.querySelector('output[data-readout=epoch]').dataset.value) >= 50);
  assert.notEqual(await background(p.page), '1');
  await pause(p.page);
  assertClean(p, 'paced');
  await p.close();
});

test('batch norm trains in the Worker too; past the threshold its link carries a checkpoint that reopens it exactly', async () => {
  // A deep network (393 weights) passes the replay threshold at epoch 319.
  const p = await h.open('#/nn-playground?speed=max&batch-norm=1&data=spiral&shape=8,8,8,8,8,8&optimizer=adam&lr=0.01');
  await playUntil(p.page, 340);
  assert.equal(await background(p.page), '1', 'batch norm trains in the Worker');
  await pause(p.page);
  const values = await readouts(p.page);
  assert.equal(values['batch-norm.parameters'], '96');
  const params = hashParams(p.page);
  assert.equal(params.get('steps'), values.epoch);
  const checkpoint = params.get('ckpt');
  assert.ok(checkpoint && checkpoint.length > 1000, `a checkpoint past the threshold: ${checkpoint}`);
  const link = new URL(p.page.url()).hash;
  // Opened from the checkpoint: no replay (the page was never busy), every readout identical.
  const again = await h.open(link);
  assert.equal(await again.page.evaluate(() => document.documentElement.dataset.mlvizBusy), undefined);
  assert.deepEqual(await readouts(again.page), values, 'every readout of the checkpointed link');
  assert.equal(hashParams(again.page).get('ckpt'), checkpoint, 'the same checkpoint again');
  assertClean(again, 'batch-norm checkpoint link');
  await again.close();
  // Without the checkpoint the same link replays (in chunks) to the same numbers, except
  // the history charts' readouts, which the checkpoint carries thinned and in f32.
  const replayed = await reopened(link.replace(/&?ckpt=[^&]*/, ''));
  for (const [name, value] of Object.entries(values)) {
    if (!name.startsWith('history')) assert.equal(replayed[name], value, name);
  }
  assertClean(p, 'batch-norm worker run');
  await p.close();
});
