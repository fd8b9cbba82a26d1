// End-to-end test of the regularization demo: the L1 optimum on a corner (an exact zero) and
// the L2 optimum on the circle, an OLS point placed from the URL, dragged and moved with the
// keyboard, λ at λ_max zeroing every lasso weight, and typed junk kept out with a message.
//
// Run after `trunk build`: node --test tests/e2e/regularization.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, hashParams, readouts, setControl, settle, startHarness } from './harness.mjs';

let h;

before(async () => {
  h = await startHarness();
});

after(async () => h?.close());

const pair = (text) => text.split(', ').map(Number);

test('the L1 optimum lands on a corner, the L2 optimum on the circle', async () => {
  const p = await h.open('#/regularization');
  const values = await readouts(p.page);
  // True weights (2, 0.4), budget 1: the diamond's corner (1, 0), exactly.
  assert.equal(values['l1.weights'], '1, 0');
  const [a, b] = pair(values['l2.weights']);
  assert.ok(Math.abs(Math.hypot(a, b) - 1) < 1e-12, values['l2.weights']);
  assert.ok(a !== 0 && b !== 0);
  assert.ok(Number(values['l1.loss']) >= Number(values['ols.loss']));
  // Eight lasso weights and eight ridge weights; the true ones have five zeros.
  assert.equal(pair(values['lasso.weights']).length, 8);
  assert.equal(values['true.weights'], '3, 1.5, 0, 0, 2, 0, 0, 0');
  assertClean(p, 'regularization default');
});

test('an OLS point from the URL, dragged and moved with the keyboard', async () => {
  const p = await h.open('#/regularization?data=custom&ols1=0.3&ols2=1.7');
  let values = await readouts(p.page);
  const [w1, w2] = pair(values['ols.weights']);
  assert.ok(Math.abs(w1 - 0.3) < 1e-12 && Math.abs(w2 - 1.7) < 1e-12, values['ols.weights']);
  // Steeply up: the corner (0, 1) on the other axis.
  assert.equal(values['l1.weights'], '0, 1');

  const canvas = p.page.locator('canvas[data-plot=geometry][data-layer=foreground]');
  await canvas.focus();
  await p.page.keyboard.press('ArrowRight');
  await settle(p.page);
  assert.equal(hashParams(p.page).get('ols1'), '0.35');

  const box = await canvas.boundingBox();
  await p.page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.45);
  await p.page.mouse.down();
  await p.page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.5, { steps: 3 });
  await p.page.mouse.up();
  await settle(p.page);
  const params = hashParams(p.page);
  assert.equal(params.get('data'), 'custom');
  assert.notEqual(params.get('ols1'), '0.35');
  values = await readouts(p.page);
  const [o1, o2] = pair(values['ols.weights']);
  assert.ok(Math.abs(o1 - Number(params.get('ols1'))) < 1e-12);
  assert.ok(Math.abs(o2 - Number(params.get('ols2') ?? '0.8')) < 1e-12);
  assertClean(p, 'regularization drag');
});

test('λ at λ_max zeroes every lasso weight; junk is rejected with a message', async () => {
  const p = await h.open('#/regularization?lambda=0.01');
  let values = await readouts(p.page);
  assert.ok(Number(values['lasso.nonzero']) >= 3);
  const lambdaMax = values['lambda-max'];
  await setControl(p.page, { key: 'lambda', kind: 'slider' }, lambdaMax);
  values = await readouts(p.page);
  assert.equal(values['lasso.nonzero'], '0');
  assert.equal(values['lasso.weights'], '0, 0, 0, 0, 0, 0, 0, 0');
  // Ridge never reaches zero.
  assert.ok(pair(values['ridge.weights']).every((w) => w !== 0));

  await setControl(p.page, { key: 'budget', kind: 'slider' }, 'abc');
  values = await readouts(p.page);
  assert.equal(values.budget, '1');
  assert.equal(hashParams(p.page).get('budget'), null);
  const text = await p.page.locator('article.demo').innerText();
  assert.match(text, /not a number/);
  assertClean(p, 'regularization lambda');
});
