// End-to-end test of the mixed-precision demo: the default state shows float16 and bfloat16
// stalling far above the float64 reference; loss scaling and master weights set as a user
// would bring them back (and the URL records them); a click and the keyboard on the loss plot
// choose the epoch (steps=); overflow at target size 1 with S = 65536 skips every step until
// dynamic loss scaling is switched on; typed junk is kept out with a message.
//
// Run after `trunk build`: node --test tests/e2e/mixed-precision.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, hashParams, readouts, setControl, settle, startHarness } from './harness.mjs';

let h;

before(async () => {
  h = await startHarness();
});

after(async () => h?.close());

test('float16 and bfloat16 stall until the loss is scaled and the weights kept in float32', async () => {
  const p = await h.open('#/mixed-precision');
  let values = await readouts(p.page);
  const reference = Number(values['f64.loss']);
  assert.ok(reference > 0 && reference < 1e-13, values['f64.loss']);
  // float32 follows float64; float16 and bfloat16 end ≥ 10 times higher.
  assert.ok(Math.abs(Number(values['f32.loss']) / reference - 1) < 0.01, values['f32.loss']);
  assert.ok(Number(values['f16.loss']) > 10 * reference, values['f16.loss']);
  assert.ok(Number(values['f16.flushed']) > 0.05, values['f16.flushed']);
  assert.ok(Number(values['bf16.loss']) > 10 * reference, values['bf16.loss']);
  assert.equal(values['bf16.lost-updates'], '1');
  assert.equal(values['f16.loss-scale'], '1');

  await setControl(p.page, { key: 'master', kind: 'toggle' }, '1');
  await setControl(p.page, { key: 'scale', kind: 'slider' }, '1024');
  values = await readouts(p.page);
  assert.equal(hashParams(p.page).get('master'), '1');
  assert.equal(hashParams(p.page).get('scale'), '1024');
  assert.equal(values['f16.loss-scale'], '1024');
  assert.ok(Number(values['f16.loss']) < 2 * Number(values['f64.loss']), values['f16.loss']);
  assert.equal(values['bf16.lost-updates'], '0');

  // Hiding float32 removes its readouts; the reference stays.
  await setControl(p.page, { key: 'f32', kind: 'toggle' }, '0');
  values = await readouts(p.page);
  assert.equal(values['f32.loss'], undefined);
  assert.ok(values['f64.loss']);
  assertClean(p, 'mixed-precision default');
});

test('a click and the arrow keys on the loss plot choose the epoch, and the link restores it', async () => {
  const p = await h.open('#/mixed-precision?scale=1024');
  const canvas = p.page.locator('canvas[data-plot=loss][data-layer=foreground]');
  const box = await canvas.boundingBox();
  // The plotting area runs from 62 px to the width − 22 px.
  await p.page.mouse.click(box.x + 62 + (box.width - 84) / 2, box.y + box.height / 2);
  await settle(p.page);
  assert.equal(hashParams(p.page).get('steps'), '100');
  await canvas.focus();
  await p.page.keyboard.press('ArrowLeft');
  await settle(p.page);
  assert.equal(hashParams(p.page).get('steps'), '99');
  const before = await readouts(p.page);
  assert.equal(before['playhead.step'], '99');

  const restored = await h.open(`#/mixed-precision?${hashParams(p.page).toString()}`);
  const after = await readouts(restored.page);
  for (const name of ['f64.loss', 'f32.loss', 'bf16.loss', 'f16.loss', 'f16.flushed']) {
    assert.equal(after[name], before[name], name);
  }
  assertClean(p, 'mixed-precision epoch');
  assertClean(restored, 'mixed-precision restored');
});

test('overflow skips every step until dynamic scaling lowers S; junk is rejected', async () => {
  const p = await h.open('#/mixed-precision?size=1&scale=65536');
  let values = await readouts(p.page);
  assert.equal(values['f16.skipped-steps'], '201');
  assert.equal(values['bf16.skipped-steps'], '0');
  let text = await p.page.locator('article.demo').innerText();
  assert.match(text, /overflowed to infinity in 201 of 201 epochs/);

  await setControl(p.page, { key: 'dynamic', kind: 'toggle' }, '1');
  values = await readouts(p.page);
  const skipped = Number(values['f16.skipped-steps']);
  assert.ok(skipped >= 1 && skipped < 201, values['f16.skipped-steps']);
  assert.ok(Number(values['f16.loss-scale']) < 65536, values['f16.loss-scale']);

  await setControl(p.page, { key: 'lr', kind: 'slider' }, 'fast');
  assert.equal(hashParams(p.page).get('lr'), null);
  text = await p.page.locator('article.demo').innerText();
  assert.match(text, /not a number/);
  assertClean(p, 'mixed-precision overflow');
});

test('play reveals the run epoch by epoch; the histogram table counts all 256 terms', async () => {
  const p = await h.open('#/mixed-precision?scale=1024');
  await p.page.click('button[data-action=reset]');
  await settle(p.page);
  assert.equal(hashParams(p.page).get('steps'), '0');
  await p.page.click('button[data-action=play]');
  await p.page.waitForFunction(() => document.querySelector('output[data-readout="playhead.step"]')?.dataset.value === '200', null, { timeout: 20_000 });
  await p.page.waitForFunction(() => document.querySelector('button[data-action=play]').getAttribute('aria-pressed') === 'false', null, { timeout: 10_000 });
  await settle(p.page);
  assert.equal(hashParams(p.page).get('steps'), null);

  // 64 examples × (3 weights + 1 bias) = 256 per-example terms, in each column.
  const details = p.page.locator('details.plot-data[data-plot-data="gradients"]');
  await details.locator('summary').click();
  await settle(p.page);
  const rows = await details.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.dataset.value))));
  assert.equal(rows.length, 48);
  assert.equal(rows.reduce((sum, row) => sum + row[2], 0), 256);
  assert.equal(rows.reduce((sum, row) => sum + row[3], 0), 256);
  assert.match(await details.locator('.plot-description').textContent(), /multiplied by S = 1024/);
  assertClean(p, 'mixed-precision play');
});
