// End-to-end test of the conditioning demo: the readouts of the nearly parallel lines and
// the bound, dragging and the keyboard on the lines plot, a Hilbert order and κ from the URL,
// and typed junk kept out with a message.
//
// Run after `trunk build`: node --test tests/e2e/conditioning.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, hashParams, readouts, setControl, settle, startHarness } from './harness.mjs';

let h;

before(async () => {
  h = await startHarness();
});

after(async () => h?.close());

test('nearly parallel lines: cond, the bound, a drag and the keyboard', async () => {
  const p = await h.open('#/conditioning?angle=2&shift=0.01');
  let values = await readouts(p.page);
  // numpy: 1/np.tan(np.radians(1)) = 57.28996163075943 (cond of lines 2° apart).
  assert.ok(Math.abs(Number(values.cond) - 57.28996163075943) < 1e-9, values.cond);
  assert.ok(Number(values['relative-change-x']) <= Number(values.bound));
  // δx = A⁻¹(0, 0.01) = 0.01·(1/(2 sin 1°), 1/(2 cos 1°)): x₁ + δx₁ = 1.2864930... .
  const moved = values['x-perturbed'].split(', ').map(Number);
  assert.ok(Math.abs(moved[0] - (1 + 0.01 / (2 * Math.sin(Math.PI / 180)))) < 1e-9, values['x-perturbed']);

  // The keyboard on the plot moves the second line by 0.001 a press.
  const canvas = p.page.locator('canvas[data-plot=lines][data-layer=foreground]');
  await canvas.focus();
  await p.page.keyboard.press('ArrowUp');
  await settle(p.page);
  assert.equal(hashParams(p.page).get('shift'), '0.011');

  // A drag on the plot changes the shift (and the URL follows).
  const box = await canvas.boundingBox();
  await p.page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.3);
  await p.page.mouse.down();
  await p.page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2, { steps: 3 });
  await p.page.mouse.up();
  await settle(p.page);
  values = await readouts(p.page);
  assert.notEqual(hashParams(p.page).get('shift'), '0.011');
  assert.ok(Number(values['relative-change-x']) <= Number(values.bound) * (1 + 1e-12));
  assertClean(p, 'conditioning lines');
});

test('Hilbert n = 12 and κ = 1000 from the URL; junk rejected with a message', async () => {
  const p = await h.open('#/conditioning?n=12&kappa=1000');
  let values = await readouts(p.page);
  // numpy.linalg.cond(hilbert(12)) = 1.6425917529444498e16 (two SVD codes agree to ~10 %).
  assert.ok(Math.abs(Number(values['hilbert.cond']) / 1.6425917529444498e16 - 1) < 0.1);
  assert.ok(Number(values['hilbert.error']) > 1e-3);
  // κ = 1000: ceil(ln 1e-6 / ln(999/1001)) = 6908.
  assert.equal(values['scaling.steps-closed-form'], '6908');
  assert.equal(values['scaling.steps-after'], '1');
  // np.linalg.norm([1, 2, 3, 4])
  assert.equal(values['normalize.norm'], '5.477225575051661');

  await setControl(p.page, { key: 'angle', kind: 'slider' }, 'abc');
  values = await readouts(p.page);
  assert.equal(hashParams(p.page).get('angle'), null);
  assert.ok(Math.abs(Number(values.cond) - 11.430052302761343) < 1e-9);
  const text = await p.page.locator('article.demo').innerText();
  assert.match(text, /not a number/);
  assertClean(p, 'conditioning hilbert');
});
