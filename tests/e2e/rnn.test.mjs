// End-to-end test of the recurrent-network demo (#/rnn): the default tanh RNN starts at the
// requested spectral radius; a small radius makes the gradient vanish and a large one explode
// (the URL records it); playing trains, pausing writes steps= and that link restores the same
// numbers; clipping reveals its maximum and counts clipped steps; typed junk is rejected.
//
// Run after `trunk build`: node --test tests/e2e/rnn.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, hashParams, readouts, setControl, settle, startHarness } from './harness.mjs';

let h;

before(async () => {
  h = await startHarness();
});

after(async () => h?.close());

test('the spectral radius decides between a vanishing and an exploding gradient', async () => {
  const p = await h.open('#/rnn');
  let values = await readouts(p.page);
  assert.ok(Math.abs(Number(values['radius-start']) - 0.9) < 1e-12, values['radius-start']);
  assert.equal(values.step, '0');
  assert.equal(values['grad-norms'].split(', ').length, 30);

  await setControl(p.page, { key: 'radius', kind: 'slider' }, '0.5');
  values = await readouts(p.page);
  assert.equal(hashParams(p.page).get('radius'), '0.5');
  // Native run of the same seed: 2.1e-10 (see src/demos/rnn/tests.rs).
  assert.ok(Number(values['grad-ratio-start']) < 1e-8, values['grad-ratio-start']);

  await setControl(p.page, { key: 'radius', kind: 'slider' }, '1.5');
  values = await readouts(p.page);
  assert.ok(Number(values['grad-ratio-start']) > 1, values['grad-ratio-start']);

  // The LSTM adds its cell-state gradients.
  await setControl(p.page, { key: 'cell', kind: 'select' }, 'lstm');
  values = await readouts(p.page);
  assert.equal(values['cell-grad-norms'].split(', ').length, 30);
  assertClean(p, 'rnn radius');
});

test('playing trains, and the link written on pause restores the same numbers', async () => {
  const p = await h.open('#/rnn?task=memory&length=20');
  await p.page.click('button[data-action=play]');
  await p.page.waitForFunction(
    () => Number(document.querySelector('output[data-readout=step]')?.dataset.value) >= 30,
    null,
    { timeout: 20_000 },
  );
  await p.page.click('button[data-action=play]');
  await settle(p.page);
  const shown = await readouts(p.page);
  const steps = hashParams(p.page).get('steps');
  assert.equal(steps, shown.step);
  assert.ok(Number(shown.loss) > 0);

  const restored = await h.open(`#/rnn?${hashParams(p.page).toString()}`);
  const again = await readouts(restored.page);
  for (const name of ['step', 'loss', 'batch-loss', 'radius', 'grad-norms', 'prediction']) {
    assert.equal(again[name], shown[name], name);
  }
  assertClean(p, 'rnn played');
  assertClean(restored, 'rnn restored');
});

test('clipping reveals its maximum and counts clipped steps; junk is rejected', async () => {
  const p = await h.open('#/rnn?radius=1.5&optimizer=sgd&lr=0.1&steps=40');
  // A control that does not apply is hidden until it does.
  const maxNorm = p.page.locator('[data-control="max-norm"]');
  assert.equal(await maxNorm.isHidden(), true);
  await setControl(p.page, { key: 'clip', kind: 'toggle' }, '1');
  assert.equal(await maxNorm.isHidden(), false);
  await setControl(p.page, { key: 'max-norm', kind: 'slider' }, '0.5');
  const values = await readouts(p.page);
  assert.equal(values.step, '40');
  assert.ok(Number(values['clipped-steps']) > 0, values['clipped-steps']);
  assert.equal(hashParams(p.page).get('clip'), '1');

  const hidden = p.page.locator('[data-control="hidden"] input');
  await hidden.fill('many');
  await hidden.press('Enter');
  await settle(p.page);
  assert.equal(hashParams(p.page).get('hidden'), null);
  assert.match(await p.page.locator('article.demo').innerText(), /not a whole number/);
  assertClean(p, 'rnn clipping');
});
