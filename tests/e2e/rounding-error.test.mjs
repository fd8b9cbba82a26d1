// End-to-end test of the rounding-error demo: the float32 sum of 0.1 against NumPy, a
// million terms summed in chunks without blocking, the cancellation plot driven by the
// keyboard and a drag, the variance readouts, the article's arrays, and junk kept out.
//
// Run after `trunk build`: node --test tests/e2e/rounding-error.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, hashParams, readouts, setControl, settle, startHarness } from './harness.mjs';

let h;

before(async () => {
  h = await startHarness();
});

after(async () => h?.close());

test('summing 0.1 in float32, then a million random terms in chunks', async () => {
  const p = await h.open('#/rounding-error');
  await settle(p.page);
  let values = await readouts(p.page);
  // NumPy: np.cumsum(np.full(100000, 0.1, dtype=np.float32))[-1]; mpmath: 100000·fl32(0.1).
  assert.equal(values['sum.naive'], '9998.556640625');
  assert.equal(values['sum.exact'], '10000.000149011612');
  assert.ok(Number(values['error.kahan']) <= 2 ** -23, values['error.kahan']);
  assert.equal(values['sum.first-term'], '0.100000001490116119384765625');

  // A million terms: the page stays responsive while the work is done in chunks.
  await setControl(p.page, { key: 'n', kind: 'slider' }, '1000000');
  values = await readouts(p.page);
  // NumPy: np.cumsum(np.full(1_000_000, 0.1, dtype=np.float32))[-1] = 100958.34375.
  assert.equal(values['sum.naive'], '100958.34375');
  assert.equal(values['sum.exact'], '100000.00149011612');
  assert.equal(hashParams(p.page).get('n'), '1000000');

  await setControl(p.page, { key: 'data', kind: 'select' }, 'random');
  await setControl(p.page, { key: 'format', kind: 'select' }, 'f64');
  await setControl(p.page, { key: 'n', kind: 'slider' }, '1000');
  values = await readouts(p.page);
  // Python: math.fsum(uniform(1, 1000)) with SplitMix64 seed 1.
  assert.equal(values['sum.exact'], '481.8845724782799');
  assertClean(p, 'rounding-error summation');
});

test('cancellation by keyboard and drag, variance and the article arrays; junk rejected', async () => {
  const p = await h.open('#/rounding-error?formula=one-minus-cos&x=1e-9&offset=1000000000');
  let values = await readouts(p.page);
  // 1 − cos(1e-9) is 0 in float64; 2 sin²(x/2) = 5e-19 (mpmath).
  assert.equal(values['cancel.naive'], '0');
  assert.equal(values['cancel.relative-error'], '1');
  // Welford at mean 1e9 (Python float loop) and the one-pass formula's 1152.
  assert.equal(values['var.welford'], '0.08218843055500252');
  assert.equal(values['var.one-pass'], '1152');
  assert.equal(values['article.difference'], '0');
  assert.equal(values['article.big-float32'], '16777216');

  const canvas = p.page.locator('canvas[data-plot=cancellation][data-layer=foreground]');
  await canvas.focus();
  // An eighth of a decade a press: 10^(−8.875) to four digits.
  await p.page.keyboard.press('ArrowRight');
  await settle(p.page);
  assert.equal(hashParams(p.page).get('x'), '1.334e-9');
  const box = await canvas.boundingBox();
  await p.page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
  await p.page.mouse.down();
  await p.page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.5, { steps: 3 });
  await p.page.mouse.up();
  await settle(p.page);
  const x = Number(hashParams(p.page).get('x'));
  assert.ok(x > 1, `x after the drag: ${x}`);

  await setControl(p.page, { key: 'offset', kind: 'slider' }, 'abc');
  values = await readouts(p.page);
  assert.equal(values['var.one-pass'], '1152');
  const text = await p.page.locator('article.demo').innerText();
  assert.match(text, /not a number/);
  assertClean(p, 'rounding-error cancellation');
});
