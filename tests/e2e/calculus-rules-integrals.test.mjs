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
