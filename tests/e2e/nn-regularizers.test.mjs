// End-to-end tests of the training playground's regularizers (#/nn-playground): dropout,
// AdamW's weight decay and batch normalization are off in a default link and written to the
// URL when switched on; a link with them replays the same run (same readouts on reload); the
// weight-decay slider is active only with Adam; the pre-activation plot has its table; the
// stability measurement shows numbers, computed in chunks (switching it on never blocks a
// frame) and the same as a link's. (Their cost in training speed is measured by
// bench/nn-bench.mjs, not asserted here.)
//
// Run after `trunk build`: node --test tests/e2e/nn-regularizers.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, hashParams, readouts, setControl, settle, startHarness } from './harness.mjs';

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

test('switching the stability measurement on computes it in chunks, to the numbers of a link', async () => {
  const p = await harness.open('#/nn-playground?steps=20');
  assert.match((await readouts(p.page))['lr-stable.with-bn'], /^not measured/);
  // The click returns at once; the bisection then runs behind the progress bar.
  const seen = await p.page.evaluate(
    () =>
      new Promise((resolve) => {
        const output = document.querySelector('output[data-readout="lr-stable.with-bn"]');
        const texts = new Set();
        let busy = false;
        const started = performance.now();
        document.querySelector('[data-control="measure-lr"] input[type=checkbox]').click();
        const clickMs = performance.now() - started;
        const tick = () => {
          texts.add(output.textContent.startsWith('measuring') ? 'measuring' : 'other');
          busy ||= document.documentElement.dataset.mlvizBusy === '1';
          if (busy && document.documentElement.dataset.mlvizBusy === '0') resolve({ texts: [...texts], busy, clickMs });
          else if (performance.now() - started > 60_000) resolve({ texts: [...texts], busy, clickMs, timeout: true });
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
  );
  assert.ok(seen.busy && !seen.timeout, JSON.stringify(seen));
  assert.ok(seen.texts.includes('measuring'), JSON.stringify(seen));
  assert.ok(seen.clickMs < 50, `the click handler took ${seen.clickMs} ms`);
  await settle(p.page);
  const shown = await readouts(p.page);
  const linked = await harness.open('#/nn-playground?measure-lr=1&steps=20');
  const expected = await readouts(linked.page);
  for (const name of ['lr-stable.without-bn', 'lr-stable.with-bn']) {
    assert.ok(Number(shown[name]) > 1e-4, `${name}: ${shown[name]}`);
    assert.equal(shown[name], expected[name], name);
  }
  assertClean(p, 'measure-lr switched on');
  assertClean(linked, 'measure-lr link');
  await p.close();
  await linked.close();
});
