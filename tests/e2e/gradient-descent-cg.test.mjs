// End-to-end test of conjugate gradient in the optimizer lab: on the elongated quadratic it
// reaches the minimum in exactly two steps from a link, and its toggle (URL key `cg`, off by
// default) adds and removes its path and readouts.
//
// Run after `trunk build`: node --test tests/e2e/gradient-descent-cg.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, hashParams, picture, readouts, setControl, startHarness } from './harness.mjs';

let h;

before(async () => {
  h = await startHarness();
});

after(async () => h?.close());

test('CG sits at the minimum of the elongated quadratic after 2 steps', async () => {
  // ½(x² + 1000y²) from the default start (−2.5, 1.5): an exact line search along −∇f, then
  // along the conjugate direction, lands on (0, 0).
  const p = await h.open('#/gradient-descent?cg=1&surface=elongated&kappa=1000&steps=2');
  const values = await readouts(p.page);
  assert.equal(values.step, '2');
  assert.ok(Math.abs(Number(values['cg.x'])) < 1e-12, values['cg.x']);
  assert.ok(Math.abs(Number(values['cg.y'])) < 1e-12, values['cg.y']);
  assert.ok(Number(values['cg.gradient-norm']) < 1e-10, values['cg.gradient-norm']);
  assert.equal(values['cg.status'], 'converged at step 2');
  // The second step is along the conjugate direction with the exact step (mpmath, 40 digits:
  // α₁ = 0.99999722500770831192…); one evaluation at the start and one per step.
  assert.equal(values['cg.line-search'], 'conjugate, exact α');
  assert.ok(Math.abs(Number(values['cg.alpha']) / 0.9999972250077083 - 1) < 1e-9, values['cg.alpha']);
  assert.equal(values['cg.evaluations'], '3');
  // The first-order methods are nowhere near after two steps.
  assert.ok(Number(values['sgd.loss']) > 1, values['sgd.loss']);
  assertClean(p, 'cg on the elongated quadratic');
});

test('the cg toggle adds and removes conjugate gradient, and the URL follows', async () => {
  const p = await h.open('#/gradient-descent');
  let values = await readouts(p.page);
  assert.equal(values['cg.x'], undefined, 'off by default');
  const before = await picture(p.page);
  await setControl(p.page, { key: 'cg', kind: 'toggle' }, '1');
  assert.equal(hashParams(p.page).get('cg'), '1');
  values = await readouts(p.page);
  // On κ = 50 it converges in two steps too, long before the 100 iterations shown end.
  assert.equal(values['cg.status'], 'converged at step 2');
  assert.notEqual(await picture(p.page), before, 'its path is drawn');
  await setControl(p.page, { key: 'cg', kind: 'toggle' }, '0');
  assert.equal(hashParams(p.page).get('cg'), null);
  values = await readouts(p.page);
  assert.equal(values['cg.x'], undefined);
  assertClean(p, 'cg toggle');
});
