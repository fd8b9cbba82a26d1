// End-to-end tests of the training playground's regularizers (#/nn-playground): dropout,
// AdamW's weight decay and batch normalization are off in a default link and written to the
// URL when switched on; a link with them replays the same run (same readouts on reload); the
// weight-decay slider is active only with Adam; the pre-activation plot has its table; the
// stability measurement shows numbers. (Their cost in training speed is measured by
// bench/nn-bench.mjs, not asserted here.)
//
// Run after `trunk build`: node --test tests/e2e/nn-regularizers.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, hashParams, readouts, setControl, startHarness } from './harness.mjs';

let harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

test('the regularizers are off by default, go into the URL and a link replays them', async () => {
  const p = await harness.open('#/nn-playground');
  const params = hashParams(p.page);
  for (const key of ['dropout', 'weight-decay', 'batch-norm', 'measure-lr']) {
    assert.equal(params.get(key), null, key);
  }
  const shown = await readouts(p.page);
  assert.equal(shown['batch-norm.parameters'], '0');
  await setControl(p.page, { key: 'dropout', kind: 'slider' }, '0.2');
  await setControl(p.page, { key: 'batch-norm', kind: 'toggle' }, '1');
  const after = hashParams(p.page);
  assert.equal(after.get('dropout'), '0.2');
  assert.equal(after.get('batch-norm'), '1');
  assert.equal((await readouts(p.page))['batch-norm.parameters'], '12');
  assertClean(p, 'regularizers switched on');
  await p.close();

  const link = '#/nn-playground?dropout=0.2&batch-norm=1&optimizer=adam&weight-decay=0.05&lr=0.01&steps=60';
  const first = await harness.open(link);
  const second = await harness.open(link);
  const a = await readouts(first.page);
  const b = await readouts(second.page);
  assert.equal(a.epoch, '60');
  assert.deepEqual(a, b);
  assert.ok(Number(a['train-loss']) < 0.3, `training loss ${a['train-loss']}`);
  assertClean(first, 'regularized link');
  await first.close();
  await second.close();
});

test('weight decay is active only with Adam', async () => {
  const p = await harness.open('#/nn-playground');
  const control = p.page.locator('[data-control="weight-decay"]');
  assert.equal(await control.getAttribute('data-active'), '0');
  await setControl(p.page, { key: 'optimizer', kind: 'select' }, 'adam');
  assert.equal(await control.getAttribute('data-active'), '1');
  await p.close();
});

test('the stability measurement and the pre-activation plot show numbers', async () => {
  const p = await harness.open('#/nn-playground?measure-lr=1&steps=20');
  const shown = await readouts(p.page);
  for (const name of ['lr-stable.without-bn', 'lr-stable.with-bn']) {
    const value = Number(shown[name]);
    assert.ok(value > 1e-4 && value < 10, `${name}: ${shown[name]}`);
  }
  assert.ok(Number(shown['pre-activation.std.1']) > 0);
  const plot = p.page.locator('figure[data-plot="pre-activations"]');
  assert.equal(await plot.count(), 1);
  assertClean(p, 'measure-lr');
  await p.close();
});
