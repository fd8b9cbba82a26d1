// End-to-end test of the attention demo: the default weights against numpy, a drag and the
// keyboard on the queries-and-keys plane (the URL follows), the causal mask from a link, the
// Monte Carlo's readouts once its chunked work is done, and a typed bad list kept out with a
// message.
//
// Run after `trunk build`: node --test tests/e2e/attention.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, hashParams, readouts, setControl, settle, startHarness } from './harness.mjs';

let h;

before(async () => {
  h = await startHarness();
});

after(async () => h?.close());

const numbers = (text) => text.split(', ').map(Number);

test('default weights match numpy; dragging a key and the keyboard move points', async () => {
  const p = await h.open('#/attention');
  let values = await readouts(p.page);
  // numpy: softmax(Q @ K.T / sqrt(2)) of the default four tokens, row 1.
  const weights = numbers(values.weights);
  assert.equal(weights.length, 16);
  const expected = [0.7805503336449168, 0.09693437686113136, 0.11567805187693307, 0.006837237617018836];
  expected.forEach((w, j) => assert.ok(Math.abs(weights[j] - w) < 1e-15, values.weights));
  assert.ok(Math.abs(Number(values['entropy-1']) - 0.7032011567312988) < 1e-15);

  // Drag k₂ (−0.5, 2) onto q₁ (1.5, 0.5): q₁'s weight on k₂ rises.
  const canvas = p.page.locator('canvas[data-plot=plane][data-layer=foreground]');
  const box = await canvas.boundingBox();
  // The plane shows ±3.3 around the origin with equal scales inside the chart's margins
  // (52 px left, 22 px right, 10 px top, 44 px bottom).
  const plotWidth = box.width - 62 - 22;
  const plotHeight = box.height - 10 - 44;
  const half = 3.3;
  const unit = Math.min(plotWidth, plotHeight) / (2 * half);
  const toPixel = (x, y) => [box.x + 62 + plotWidth / 2 + x * unit, box.y + 10 + plotHeight / 2 - y * unit];
  const [fromX, fromY] = toPixel(-0.5, 2);
  const [toX, toY] = toPixel(1.4, 0.8);
  await p.page.mouse.move(fromX, fromY);
  await p.page.mouse.down();
  await p.page.mouse.move(toX, toY, { steps: 4 });
  await p.page.mouse.up();
  await settle(p.page);
  values = await readouts(p.page);
  const k = hashParams(p.page).get('k');
  assert.ok(k && !k.startsWith('1.8,1;-0.5,2;'), `k=${k}`);
  assert.ok(numbers(values.weights)[1] > 0.3, values.weights);

  // The keyboard: the dragged key stays selected and an arrow moves it by 0.1; n selects
  // the next point (q₃) and an arrow then moves that query.
  const [x, y] = k.split(';')[1].split(',').map(Number);
  await canvas.focus();
  await p.page.keyboard.press('ArrowUp');
  await settle(p.page);
  assert.equal(hashParams(p.page).get('k').split(';')[1], `${x},${Math.round((y + 0.1) * 100) / 100}`);
  await p.page.keyboard.press('n');
  await p.page.keyboard.press('ArrowRight');
  await settle(p.page);
  assert.equal(hashParams(p.page).get('q'), '1.5,0.5;-1,1.5;0.6,-1.5;-1.5,-0.5');
  assertClean(p, 'attention drag');
  await p.close();
});

test('causal mask, d and seed from a link; the Monte Carlo settles near d', async () => {
  const p = await h.open('#/attention?causal=1&d=128&seed=3&scale=0');
  const values = await readouts(p.page);
  const weights = numbers(values.weights);
  for (let i = 0; i < 4; i++) {
    for (let j = i + 1; j < 4; j++) assert.equal(weights[i * 4 + j], 0, values.weights);
  }
  assert.equal(numbers(values.logits)[1], -Infinity);
  assert.equal(values['dot-variance-exact'], '128');
  // 4000 dot products: the sample variance's standard error is about √((2·128² + 6·128)/4000) ≈ 2.9.
  assert.ok(Math.abs(Number(values['dot-variance']) - 128) < 15, values['dot-variance']);
  assert.ok(Number(values['mean-entropy-unscaled']) < Number(values['mean-entropy-scaled']));
  const text = await p.page.locator('article.demo').innerText();
  assert.match(text, /nearly one-hot/);
  assertClean(p, 'attention link');
  await p.close();
});

test('a bad list is refused with a message and the last good points kept', async () => {
  const p = await h.open('#/attention');
  const before = await readouts(p.page);
  await setControl(p.page, { key: 'q', kind: 'text' }, '1,2;9,9');
  const after = await readouts(p.page);
  assert.equal(after.weights, before.weights);
  assert.equal(hashParams(p.page).get('q'), null);
  const text = await p.page.locator('article.demo').innerText();
  assert.match(text, /out of range/);
  assertClean(p, 'attention bad list');
  await p.close();
});
