// End-to-end tests of two Calculus demos in Debian's Chromium: the gradients demo (#/gradients:
// drag the point on the contour map, turn u on the polar plot with a click and the keyboard,
// a shared URL restores the readouts, a bad formula gives a notice and keeps the last good
// one) and the automatic-differentiation demo (#/autodiff).
//
// Run after `trunk build`: node --test tests/e2e/calculus-gradients-autodiff.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, assertClean, hashParams, readouts, settle, startHarness } from './harness.mjs';

let h;

before(async () => {
  h = await startHarness();
});

after(async () => h?.close());

test('gradients: Himmelblau at (−0.5, −0.5) has ∇f = (8, −8) and the expected error orders', async () => {
  for (const options of [DESKTOP, PHONE]) {
    const p = await h.open('#/gradients', options);
    const values = await readouts(p.page);
    // By hand: f_x = 4x(x² + y − 11) + 2(x + y² − 7) = 8, f_y = 2(x² + y − 11) + 4y(x + y² − 7) = −8.
    assert.equal(values['df-dx'], '8');
    assert.equal(values['df-dy'], '-8');
    assert.equal(values.f, '179.125');
    assert.ok(Math.abs(Number(values['order-first']) - 2) < 0.1, values['order-first']);
    assert.ok(Math.abs(Number(values['order-second']) - 3) < 0.1, values['order-second']);
    assertClean(p, 'gradients');
    await p.close();
  }
});

test('gradients: dragging the map moves the point, the polar plot turns u, the URL restores it', async () => {
  const p = await h.open('#/gradients', DESKTOP);
  const map = p.page.locator('canvas[data-plot=contours][data-layer=foreground]');
  const box = await map.boundingBox();
  // The Himmelblau window is [−5, 5]² widened to the canvas' aspect: the centre is (0, 0).
  await p.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await p.page.mouse.down();
  await p.page.mouse.move(box.x + box.width / 2 + 5, box.y + box.height / 2, { steps: 2 });
  await p.page.mouse.up();
  await settle(p.page);
  const moved = hashParams(p.page);
  assert.ok(moved.has('x0') && moved.has('y0'), `dragging wrote the point: ${p.page.url()}`);
  assert.ok(Math.abs(Number(moved.get('y0'))) < 0.05, moved.get('y0'));
  await map.focus();
  await p.page.keyboard.press('ArrowUp');
  await settle(p.page);
  assert.ok(Math.abs(Number(hashParams(p.page).get('y0')) - 0.1) < 0.05, p.page.url());

  const polar = p.page.locator('canvas[data-plot=polar][data-layer=foreground]');
  await polar.focus();
  await p.page.keyboard.press('ArrowLeft');
  await settle(p.page);
  assert.equal(hashParams(p.page).get('angle'), '125');
  const values = await readouts(p.page);
  const link = p.page.url();
  const again = await h.open(link.slice(link.indexOf('#')), DESKTOP);
  assert.deepEqual(await readouts(again.page), values);
  assertClean(p, 'drag');
  assertClean(again, 'restored');
  await again.close();
  await p.close();
});

test('gradients: a formula that does not parse gives a notice and keeps the last good one', async () => {
  const p = await h.open('#/gradients?surface=custom&formula=x%5E2%2By%5E2', DESKTOP);
  const box = p.page.locator('[data-control="formula"] input');
  await box.fill('x^2 +');
  await box.press('Enter');
  await settle(p.page);
  const page = await p.page.content();
  assert.match(page, /The formula has an error/);
  assert.equal(hashParams(p.page).get('formula'), 'x^2+y^2');
  // A formula undefined at the point reads "undefined", never NaN.
  const q = await h.open('#/gradients?surface=custom&formula=log(x)&x0=-1', DESKTOP);
  const values = await q.page.$$eval('output[data-readout]', (o) => o.map((e) => e.textContent).join(' '));
  assert.match(values, /undefined/);
  assert.doesNotMatch(values, /NaN/);
  assertClean(p, 'bad formula');
  assertClean(q, 'undefined point');
  await q.close();
  await p.close();
});

test('autodiff: both modes agree with the dual-number gradient of the logistic neuron', async () => {
  for (const options of [DESKTOP, PHONE]) {
    const p = await h.open('#/autodiff', options);
    const values = await readouts(p.page);
    // f = log(1 + e^(−z)), z = 2x + y = 0.5: ∂f/∂z = −1/(1 + e^0.5); ∇f = (2, 1)·∂f/∂z.
    const dz = -1 / (1 + Math.exp(0.5));
    for (const name of ['gradient', 'forward-gradient', 'reverse-gradient']) {
      const [gx, gy] = values[name].split(', ').map(Number);
      assert.ok(Math.abs(gx - 2 * dz) < 1e-15 && Math.abs(gy - dz) < 1e-15, `${name}: ${values[name]}`);
    }
    assert.equal(values.operations, '6');
    assertClean(p, 'autodiff');
    await p.close();
  }
});

test('autodiff: Step walks the forward trace node by node and steps= restores it', async () => {
  const p = await h.open('#/autodiff?preset=baydin&mode=forward&steps=0', DESKTOP);
  assert.match((await readouts(p.page))['trace.phase'], /not started/);
  const step = p.page.getByRole('button', { name: /step/i }).first();
  for (let i = 0; i < 5; i++) await step.click();
  await settle(p.page);
  const values = await readouts(p.page);
  // Baydin et al.'s example at (2, 5): v4 = ln 2 + 2·5, its tangent 1/x + y = 5.5.
  assert.equal(values['trace.node'], 'v4 = +(v2, v3)');
  assert.equal(Number(values['trace.value']), Math.log(2) + 10);
  assert.equal(values['trace.derivative'], '5.5');
  assert.equal(hashParams(p.page).get('steps'), '5');
  const link = p.page.url();
  const again = await h.open(link.slice(link.indexOf('#')), DESKTOP);
  assert.deepEqual(await readouts(again.page), values);
  assertClean(p, 'step');
  assertClean(again, 'restored');
  await again.close();
  await p.close();
});

test('autodiff: a bad formula keeps the last good one; the square map has det J = 4(x² + y²)', async () => {
  const p = await h.open('#/autodiff?preset=custom&map=square&x=1.5&y=1', DESKTOP);
  const box = p.page.locator('[data-control="formula"] input');
  await box.fill('x*');
  await box.press('Enter');
  await settle(p.page);
  assert.match(await p.page.content(), /The formula has an error/);
  const values = await readouts(p.page);
  assert.ok(Math.abs(Number(values['jacobian-det']) - 13) < 1e-12, values['jacobian-det']);
  assertClean(p, 'autodiff bad formula');
  await p.close();
});
