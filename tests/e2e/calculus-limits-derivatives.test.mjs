// End-to-end tests of the first two calculus demos in a real browser: the limits demo's
// ε–δ search, cancellation table and the article's recipe; the derivatives demo's stepping
// (Play shrinks h), its numpy.gradient readouts and typed formulas. Values are the ones the
// native tests check against NumPy and mpmath; here they must reach the page intact.
//
// Run against a built dist/: node --test tests/e2e/calculus-limits-derivatives.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, hashParams, readouts, setControl, settle, startHarness } from './harness.mjs';

let h;

before(async () => {
  h = await startHarness();
});

after(async () => h?.close());

test('limits: the article recipe, the largest δ and the cancellation table reach the page', async () => {
  const p = await h.open('#/limits');
  let values = await readouts(p.page);
  // round(max |sin x / x|, 5) over linspace(0.001, 1, 1000) = 1.0, at x = 0.001.
  assert.equal(values.recipe, '1');
  assert.equal(values['recipe-at'], '0.001');
  // 1 − sin δ/δ = 0.01 at δ = 0.245317808854… (mpmath.findroot).
  assert.ok(Math.abs(Number(values.delta) - 0.2453178088540253) < 1e-9, values.delta);
  assert.equal(values.case, 'removable discontinuity');

  await setControl(p.page, { key: 'function', kind: 'select' }, 'one-minus-cos');
  values = await readouts(p.page);
  assert.equal(hashParams(p.page).get('function'), 'one-minus-cos');
  // numpy float64: (1 - np.cos(h)) / h**2 for h = 1e-1 … 1e-16.
  assert.equal(
    values['right-values'],
    '0.49958347219741783, 0.4999958333473664, 0.49999995832550326, 0.4999999969612645, ' +
      '0.5000000413701854, 0.5000444502911705, 0.4996003610813205, 0, 0, 0, 0, 0, 0, 0, 0, 0',
  );
  assert.ok(values['stable-values'].endsWith('0.5, 0.5, 0.5'), values['stable-values']);
  assert.equal(values['best-h'], '0.0001');

  // Arrow keys on the plot scale ε by 10^0.1, and the URL follows.
  await p.page.locator('canvas[data-plot=epsilon-delta][data-layer=foreground]').focus();
  await p.page.keyboard.press('ArrowUp');
  await settle(p.page);
  assert.equal(hashParams(p.page).get('epsilon'), '0.0126');

  // The jump: no δ, the one-sided limits say why.
  await setControl(p.page, { key: 'function', kind: 'select' }, 'sign');
  values = await readouts(p.page);
  assert.equal(values['left-limit'], '-1');
  assert.equal(values['right-limit'], '1');
  assert.equal(values.case, 'jump discontinuity');
  assertClean(p, 'limits');
  await p.close();
});

test('limits: a bad formula is refused with a message and the last good one kept', async () => {
  const p = await h.open('#/limits?function=custom&formula=sin(3*x)/x');
  let values = await readouts(p.page);
  assert.ok(Math.abs(Number(values.limit) - 3) < 1e-7, values.limit);
  await setControl(p.page, { key: 'formula', kind: 'text' }, 'sin(3*x');
  const error = await p.page.textContent('[data-control=formula] .control-error');
  assert.match(error, /The formula has an error/);
  assert.equal(hashParams(p.page).get('formula'), 'sin(3*x)/x');
  values = await readouts(p.page);
  assert.ok(Math.abs(Number(values.limit) - 3) < 1e-7, values.limit);
  assertClean(p, 'limits custom');
  await p.close();
});

test('derivatives: steps= shrinks h, numpy.gradient is done right, the complex step is exact', async () => {
  const p = await h.open('#/derivatives?steps=8');
  let values = await readouts(p.page);
  // h = 0.5 · 10^(−8/4) = 0.005.
  assert.ok(Math.abs(Number(values.h) - 0.005) < 1e-17, values.h);
  assert.equal(values['np-gradient.article'], '10, 20, 40, 60, 70');
  assert.equal(values['np-gradient.article-edge2'], '0, 20, 40, 60, 80');
  // sin′(1) = cos 1. The complex step is Im sin(1 + ih)/h = cos 1 · sinh(h)/h exactly: its
  // only error is that truncation, h²/6; the forward difference is off by about h·tan(1)/2.
  const exact = Math.cos(1);
  const step = 0.005;
  assert.ok(Math.abs(Number(values.exact) - exact) < 1e-15);
  assert.ok(Math.abs(Number(values['complex-step']) / exact - Math.sinh(step) / step) < 1e-14);
  assert.ok(Math.abs(Number(values.forward) - exact) > 1e-3);

  await setControl(p.page, { key: 'function', kind: 'select' }, 'custom');
  await setControl(p.page, { key: 'formula', kind: 'text' }, 'x*exp(-x^2)');
  values = await readouts(p.page);
  // d/dx x e^(−x²) = (1 − 2x²) e^(−x²) = −e^(−1) at x = 1.
  assert.ok(Math.abs(Number(values.exact) + Math.exp(-1)) < 1e-15, values.exact);
  assert.equal(hashParams(p.page).get('formula'), 'x*exp(-x^2)');
  assertClean(p, 'derivatives');
  await p.close();
});
