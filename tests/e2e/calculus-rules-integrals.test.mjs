// End-to-end tests of the calculus rules and integrals demos in Debian's Chromium: the
// product/chain-rule demo shows the article's printouts and the exact derivatives, its x
// handle answers pointer and keyboard, a typed formula applies and a bad one gives a notice
// while the last good state stays, and a link restores the state.
//
// Run after `trunk build`: node --test tests/e2e/calculus-rules-integrals.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, assertClean, hashParams, readouts, setControl, settle, startHarness } from './harness.mjs';

let h;

before(async () => {
  h = await startHarness();
});

after(async () => h?.close());

test('product-chain-rule: the article printouts next to the exact derivatives', async () => {
  const p = await h.open('#/product-chain-rule');
  const r = await readouts(p.page);
  // numpy 2.4 reprs of the article's two printouts, and the exact derivatives (mpmath).
  assert.equal(r['article.product.numpy'], '1.473777459065151, -0.5168990011698342, -6.031416901715143');
  assert.equal(r['article.chain.numpy'], '0.5498853737222589, -4.494972090014869, -14.631695200586297');
  const exact = r['article.chain.exact'].split(', ').map(Number);
  assert.ok(Math.abs(exact[2] - 1441.5181563496085) < 1e-9, r['article.chain.exact']);
  // Strips and corner add up to the change of area.
  const sum = Number(r['product.strip-h']) + Number(r['product.strip-g']) + Number(r['product.corner']);
  assert.ok(Math.abs(sum - Number(r['product.area-change'])) < 1e-15);
  assertClean(p, 'product-chain-rule');
  await p.close();
});

test('product-chain-rule: drag the handle and use the keys to move x', async () => {
  const p = await h.open('#/product-chain-rule');
  const canvas = p.page.locator('canvas[data-plot=chain][data-layer=foreground]');
  const box = await canvas.boundingBox();
  // The handle's track runs from 78 px to 24 px before the right edge, 30 px from the top:
  // its middle is x = 0.
  const middle = (78 + box.width - 24) / 2;
  await p.page.mouse.move(box.x + middle + 40, box.y + 30);
  await p.page.mouse.down();
  await p.page.mouse.move(box.x + middle, box.y + 30, { steps: 4 });
  await p.page.mouse.up();
  await settle(p.page);
  const dragged = Number(hashParams(p.page).get('x') ?? '1');
  assert.ok(Math.abs(dragged) <= 0.03, `dragged to ${dragged}`);
  await canvas.focus();
  await p.page.keyboard.press('ArrowRight');
  await settle(p.page);
  const x = Number(hashParams(p.page).get('x'));
  assert.ok(Math.abs(x - dragged - 0.01) < 1e-9, `${dragged} → ${x}`);
  // u = x².
  assert.ok(Math.abs(Number((await readouts(p.page))['chain.u']) - x * x) < 1e-15);
  assertClean(p, 'product-chain-rule drag');
  await p.close();
});

test('product-chain-rule: a typed formula applies, a bad one is refused, links restore', async () => {
  const p = await h.open('#/product-chain-rule?g=custom', PHONE);
  const control = { key: 'g-formula', kind: 'text' };
  await setControl(p.page, control, 'x^3 - x');
  let r = await readouts(p.page);
  assert.equal(r['chain.g-prime'], '2');
  await setControl(p.page, control, 'x^^2');
  r = await readouts(p.page);
  assert.equal(r['chain.g-prime'], '2', 'the last good formula stays');
  const text = await p.page.locator('article.demo').innerText();
  assert.match(text, /formula for g has an error/);
  await p.close();
  const q = await h.open('#/product-chain-rule?g=custom&g-formula=x%5E3%20-%20x&x=2&dx=0.001');
  r = await readouts(q.page);
  // g = x³ − x at 2: g′ = 11; f = sin(u²) at u = 6: f′ = 12 cos 36.
  assert.equal(r['chain.g-prime'], '11');
  assert.ok(Math.abs(Number(r['chain.derivative']) - 11 * 12 * Math.cos(36)) < 1e-9);
  assertClean(q, 'product-chain-rule link');
  await q.close();
});

test('integrals: the article printouts, exact values and the error plot', async () => {
  const p = await h.open('#/integrals');
  let r = await readouts(p.page);
  // numpy 2.4: np.trapezoid(x**2, np.linspace(0, 1, 100)) and the e^(−x²) one on [−10, 10].
  assert.equal(r['article.trapz-square'], '0.33335033840084355');
  assert.equal(r['article.trapz-gauss'], '1.7724538509055159');
  assert.ok(Math.abs(Number(r.exact) - 1 / 3) < 1e-16);
  await setControl(p.page, { key: 'function', kind: 'select' }, 'exp-cos');
  await setControl(p.page, { key: 'rule', kind: 'select' }, 'trapezoid');
  await setControl(p.page, { key: 'n', kind: 'slider' }, '16');
  r = await readouts(p.page);
  // 2π I₀(1) (mpmath), and the trapezoid rule already exact to rounding at n = 16.
  assert.ok(Math.abs(Number(r.exact) - 7.954926521012845) < 1e-14, r.exact);
  assert.ok(Math.abs(Number(r.error)) < 1e-13, r.error);
  assert.equal(hashParams(p.page).get('function'), 'exp-cos');
  assertClean(p, 'integrals');
  await p.close();
});

test('integrals: drag x on F(x) and the slope follows f; a bad formula keeps the last', async () => {
  const p = await h.open('#/integrals?function=custom&formula=cos(x)', PHONE);
  const canvas = p.page.locator('canvas[data-plot=ftc][data-layer=foreground]');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  await canvas.focus();
  await p.page.keyboard.press('Shift+ArrowRight');
  await settle(p.page);
  let r = await readouts(p.page);
  assert.equal(hashParams(p.page).get('x'), '0.6');
  // F(x) = sin x on [0, x], slope cos x.
  assert.ok(Math.abs(Number(r['ftc.F']) - Math.sin(0.6)) < 1e-13, r['ftc.F']);
  assert.ok(Math.abs(Number(r['ftc.slope']) - Math.cos(0.6)) < 1e-7, r['ftc.slope']);
  await p.page.mouse.click(box.x + box.width * 0.9, box.y + box.height * 0.5);
  await settle(p.page);
  assert.notEqual(hashParams(p.page).get('x'), '0.6');
  await setControl(p.page, { key: 'formula', kind: 'text' }, 'cos(');
  r = await readouts(p.page);
  assert.ok(Math.abs(Number(r.exact) - Math.sin(1)) < 1e-14, 'the last good formula stays');
  assert.match(await p.page.locator('article.demo').innerText(), /formula has an error/);
  await p.close();
});
