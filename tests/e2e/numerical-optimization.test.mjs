// End-to-end test of the numerical-optimization demo: the article's minimize(f, [1, 22, 30])
// gives scipy's answer and counts, steps= shows an earlier iterate, the exact gradient and a
// tight gtol change the answer as scipy's do, the quadratic race reports its iteration
// counts, and typed junk is kept out with a message.
//
// Run after `trunk build`: node --test tests/e2e/numerical-optimization.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, hashParams, readouts, setControl, settle, startHarness } from './harness.mjs';

let h;

before(async () => {
  h = await startHarness();
});

after(async () => h?.close());

const list = (text) => text.split(', ').map(Number);

test("the article's minimize: scipy's answer, counts and an earlier iterate", async () => {
  const p = await h.open('#/numerical-optimization');
  let values = await readouts(p.page);
  // scipy 1.17.1: minimize(f, np.array([1, 22, 30])) → res.x, nit 4, nfev 28, njev 7.
  const scipy = [2.6005757150361762e-08, 6.541055760279454e-07, 9.295827443668039e-07];
  list(values.x).forEach((v, i) => assert.ok(Math.abs(v - scipy[i]) <= 1e-9 * scipy[i], values.x));
  assert.ok(Math.abs(Number(values.fun) / 1.2926544826203326e-12 - 1) < 1e-9, values.fun);
  assert.equal(values.nit, '4');
  assert.equal(values.nfev, '28');
  assert.equal(values.njev, '7');
  assert.ok(Number(values['grad-norm']) <= 1e-5);
  // The differenced gradient is 2x + h: its error is h = 2^-26 in every entry.
  list(values['gradient-error']).forEach((e) => assert.ok(Math.abs(e - 2 ** -26) < 1e-15, values['gradient-error']));
  // The plots' data tables exist and the sweep has finished (17 values of κ).
  assert.equal(await p.page.locator('article.demo canvas[data-plot=sweep][data-layer=foreground]').count(), 1);

  // steps=1: scipy's first callback, x = (0.864…, 19.01469181122795, 25.929…), 12 evaluations.
  const q = await h.open('#/numerical-optimization?steps=1');
  values = await readouts(q.page);
  assert.equal(list(values.x)[1], 19.01469181122795);
  assert.equal(values.fun, '1034.6250598682466');
  assert.equal(values.nfev, '12');
  // Its line search tried α = 1.01/‖∇f‖ and then five times that (DCSRCH's extrapolation).
  assert.equal(values['line-search-trials'], '2');
  const table = q.page.locator('details.plot-data[data-plot-data="line-search"]');
  await table.locator('summary').click();
  await settle(q.page);
  const alphas = await table.locator('tbody tr td:nth-child(2)').evaluateAll((cells) => cells.map((c) => Number(c.dataset.value)));
  assert.equal(alphas.length, 2);
  assert.ok(Math.abs(alphas[0] / 0.013569582676163578 - 1) < 1e-9, String(alphas));
  assert.ok(Math.abs(alphas[1] / 0.06784791338081793 - 1) < 1e-9, String(alphas));
  assert.equal(hashParams(q.page).get('steps'), '1');
  assertClean(p, 'numerical-optimization default');
  assertClean(q, 'numerical-optimization steps=1');
});

test('exact gradient, a tight gtol and the quadratic race', async () => {
  const p = await h.open('#/numerical-optimization?gradient=exact');
  let values = await readouts(p.page);
  // scipy, jac=True: nit 3, nfev 5, njev 5, x within rounding of 0.
  assert.equal(values.nit, '3');
  assert.equal(values.nfev, '5');
  list(values.x).forEach((v) => assert.ok(Math.abs(v) < 1e-13, values.x));

  await setControl(p.page, { key: 'gradient', kind: 'select' }, 'difference');
  await setControl(p.page, { key: 'gtol', kind: 'slider' }, '1e-8');
  values = await readouts(p.page);
  // scipy, gtol=1e-8: nit 5, nfev 32, every coordinate near −h/2 = −7.45e-9.
  assert.equal(values.nfev, '32');
  list(values.x).forEach((v) => assert.ok(Math.abs(v + 7.450580596923828e-9) < 4e-10, values.x));
  assert.equal(hashParams(p.page).get('gtol'), '1e-8');

  // κ = 100: the bounds are ceil(ln 1e-8 / ln(99/101)) = 922 and min(n = 20, 96) = 20.
  assert.equal(values['quadratic.steepest-descent.bound'], '922');
  assert.equal(values['quadratic.cg.bound'], '20');
  assert.ok(Number(values['quadratic.cg.iterations']) <= 20);
  assert.equal(values['quadratic.bfgs.iterations'], values['quadratic.cg.iterations']);
  assert.ok(Number(values['quadratic.steepest-descent.iterations']) > 5 * Number(values['quadratic.cg.iterations']));

  await setControl(p.page, { key: 'n', kind: 'integer' }, '5');
  values = await readouts(p.page);
  assert.ok(Number(values['quadratic.cg.iterations']) <= 5, values['quadratic.cg.iterations']);

  await setControl(p.page, { key: 'x0', kind: 'slider' }, 'abc');
  values = await readouts(p.page);
  assert.equal(hashParams(p.page).get('x0'), null);
  const text = await p.page.locator('article.demo').innerText();
  assert.match(text, /not a number/);
  await settle(p.page);
  assertClean(p, 'numerical-optimization controls');
});
