// End-to-end test of the floating-point demo: the exact decimals on the page, a bit flipped by
// a click and by the keyboard, ±1 ulp, a tie, and typed junk kept out with a message.
//
// Run after `trunk build`: node --test tests/e2e/floating-point.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot } from './browser.mjs';
import { PHONE, assertClean, hashParams, readouts, settle, startHarness } from './harness.mjs';

let h;

before(async () => {
  h = await startHarness();
});

after(async () => h?.close());

/** The centre of bit `bit` of format row `row` in CSS pixels, as BitLayout places it. */
function bitCentre(box, row, bit) {
  const [side, label, gapMin, perLine] = [6, 15, 5, 32];
  const lines = [2, 1, 1, 1, 1, 1];
  const cellWidth = Math.min(30, (box.width - 2 * side) / perLine);
  const room = box.height - 4 - 6 * (label + gapMin);
  const cellHeight = Math.min(30, Math.max(8, room / 7));
  const gap = gapMin + Math.max(0, room - cellHeight * 7) / 6;
  let top = 2;
  for (let r = 0; r < row; r++) top += label + cellHeight * lines[r] + gap;
  const line = Math.floor(bit / perLine);
  return {
    x: side + (bit % perLine) * cellWidth + cellWidth / 2,
    y: top + label + line * cellHeight + cellHeight / 2,
  };
}

test('0.1 in six formats: exact decimals, a flipped bit, ±1 ulp and a tie', async () => {
  const p = await h.open('#/floating-point');
  let values = await readouts(p.page);
  // Python: Decimal(0.1) and Decimal(float(np.float32(0.1))); NumPy: np.float16(0.1).
  assert.equal(values['f64.exact'], '0.1000000000000000055511151231257827021181583404541015625');
  assert.equal(values['f32.exact'], '0.100000001490116119384765625');
  assert.equal(values['f16.value'], '0.0999755859375');
  assert.equal(values['f16.bits'], '0x2e66');
  assert.equal(values['sum'], '0.30000000000000004');

  // A click on float16's sign bit (row 2, bit 0) negates x.
  const canvas = p.page.locator('canvas[data-plot=bits][data-layer=foreground]');
  const box = await canvas.boundingBox();
  await canvas.click({ position: bitCentre(box, 2, 0) });
  await settle(p.page);
  values = await readouts(p.page);
  assert.equal(values['f16.bits'], '0xae66');
  assert.equal(hashParams(p.page).get('x'), '-0.0999755859375');

  // The keyboard cursor starts where the click was: up a row, down again, Space flips it back.
  await canvas.focus();
  for (const key of ['ArrowUp', 'ArrowDown', 'Home', ' ']) await p.page.keyboard.press(key);
  await settle(p.page);
  assert.equal((await readouts(p.page))['f16.bits'], '0x2e66');

  // +1 ulp in float16: 0x2e67 = 0.10003662109375 (NumPy: uint16 0x2e67 viewed as float16).
  await p.page.click('button[data-demo-action="ulp-up"]');
  await settle(p.page);
  assert.equal((await readouts(p.page))['f16.value'], '0.10003662109375');

  // 2049 is a tie in float16 and goes to the even 2048.
  await p.page.locator('[data-control=example] select').selectOption('2049');
  await settle(p.page);
  values = await readouts(p.page);
  assert.equal(values['f16.value'], '2048');
  assert.equal(values['f16.rounding'], 'tie, to even (down)');
  await screenshot(p.page, 'floating-point-tie');

  // Junk is refused with a message and the last number stays.
  const box2 = p.page.locator('[data-control=x] input');
  await box2.fill('abc');
  await box2.press('Enter');
  await settle(p.page);
  assert.match(await p.page.textContent('[data-control=x] .control-error'), /not a number/);
  assert.equal((await readouts(p.page))['f16.value'], '2048');
  assertClean(p, 'floating-point');
  await p.close();
});

test('a shared link restores the number and the format, on a phone too', async () => {
  const p = await h.open('#/floating-point?x=1e-7&format=bf16', PHONE);
  const values = await readouts(p.page);
  // np.float16(1e-7) = 1.1920928955078125e-07, a subnormal; fp8 E4M3 flushes it to zero.
  assert.equal(values['f16.value'], '1.1920928955078125e-7');
  assert.equal(values['f16.class'], 'subnormal');
  assert.equal(values['e4m3.rounding'], 'underflow to 0');
  assert.equal(await p.page.locator('[data-control=format] select').inputValue(), 'bf16');
  const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px)`);
  await screenshot(p.page, 'floating-point-phone');
  assertClean(p, 'floating-point phone');
  await p.close();
});
