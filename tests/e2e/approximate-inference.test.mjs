// End-to-end test of the approximate-inference demo: the grid truth matches scipy's dblquad,
// Metropolis–Hastings lands within four standard errors of it, every ELBO stays below ln Z,
// steps= shows a prefix of the chain, the mixture separates mode seeking from mass covering,
// a data point moves by keyboard and by drag (and the URL follows), and junk is kept out.
//
// Run after `trunk build`: node --test tests/e2e/approximate-inference.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, hashParams, readouts, setControl, settle, startHarness } from './harness.mjs';

let h;

before(async () => {
  h = await startHarness();
});

after(async () => h?.close());

const list = (text) => text.split(', ').map(Number);

test('the grid truth, the chain within its error and the ELBO bound', async () => {
  const p = await h.open('#/approximate-inference');
  const values = await readouts(p.page);
  // scipy.integrate.dblquad (scripts/reference/approx_inference.py) on the default data.
  assert.ok(Math.abs(Number(values['grid.log-evidence']) + 5.792255174214214) < 1e-9, values['grid.log-evidence']);
  assert.ok(Math.abs(Number(values['grid.summary']) - 0.2203349700060165) < 1e-9, values['grid.summary']);
  const truth = list(values['grid.mean']);
  const mh = list(values['mh.mean']);
  const error = list(values['mh.mcse']);
  truth.forEach((t, i) => assert.ok(Math.abs(mh[i] - t) < 4 * error[i], `${mh} vs ${truth} ± ${error}`));
  for (const family of ['mean-field', 'full-cov']) {
    assert.ok(Number(values[`${family}.elbo`]) < Number(values['grid.log-evidence']), family);
  }
  assert.equal(values['vi.iterations'], '2000');
  for (const plot of ['posterior', 'data', 'trace', 'acf', 'elbo']) {
    assert.equal(await p.page.locator(`canvas[data-plot=${plot}][data-layer=foreground]`).count(), 1, plot);
  }
  assertClean(p, 'approximate-inference default');
});

test('steps= shows a prefix of the chain, and the mixture shows mode seeking', async () => {
  const p = await h.open('#/approximate-inference?steps=500');
  let values = await readouts(p.page);
  assert.equal(values['mh.used'], '0');
  assert.equal(hashParams(p.page).get('steps'), '500');
  const q = await h.open('#/approximate-inference?target=bimodal&separation=4');
  values = await readouts(q.page);
  // ln Z = ln(4π·0.6²); VI sits on one mode (KL(q‖p) ≈ ln 2), moment matching between them.
  assert.ok(Math.abs(Number(values['grid.log-evidence']) - Math.log(4 * Math.PI * 0.36)) < 1e-9);
  assert.ok(Math.abs(Number(values['full-cov.kl-qp']) - Math.LN2) < 0.02, values['full-cov.kl-qp']);
  list(values['moment-match.mean']).forEach((m) => assert.ok(Math.abs(m) < 1e-9, values['moment-match.mean']));
  assert.ok(Number(values['moment-match.kl-pq']) < Number(values['full-cov.kl-pq']));
  // The data controls do not apply to the mixture: they are inactive (and hidden).
  assert.equal(await q.page.locator('[data-control="points"]').getAttribute('data-active'), '0');
  assertClean(p, 'steps=500');
  assertClean(q, 'bimodal');
});

test('points move by keyboard and by drag, and junk is refused', async () => {
  const p = await h.open('#/approximate-inference');
  const before = (await readouts(p.page))['grid.log-evidence'];
  const canvas = p.page.locator('canvas[data-plot=data][data-layer=foreground]');
  await canvas.focus();
  await p.page.keyboard.press('ArrowRight');
  await settle(p.page);
  assert.ok(hashParams(p.page).get('points').startsWith('1.1,0.5,1;'), hashParams(p.page).get('points'));
  assert.notEqual((await readouts(p.page))['grid.log-evidence'], before);
  // Drag the second point (2, 1.5) to (−1, −2): the data plot is an equal-aspect window of
  // ±3.3 around the origin inside the common margins (62 px left, 22 right, 10 top, 44 bottom).
  const box = await canvas.boundingBox();
  const [left, top] = [62, 10];
  const [width, height] = [box.width - 84, box.height - 54];
  const [halfX, halfY] = width >= height ? [3.3 * width / height, 3.3] : [3.3, 3.3 * height / width];
  const toPage = (x, y) => [box.x + left + ((x + halfX) / (2 * halfX)) * width, box.y + top + ((halfY - y) / (2 * halfY)) * height];
  const [fromX, fromY] = toPage(2, 1.5);
  const [toX, toY] = toPage(-1, -2);
  await p.page.mouse.move(fromX, fromY);
  await p.page.mouse.down();
  await p.page.mouse.move(toX, toY, { steps: 4 });
  await p.page.mouse.up();
  await settle(p.page);
  const points = hashParams(p.page).get('points');
  const second = points.split(';')[1].split(',').map(Number);
  assert.ok(Math.abs(second[0] + 1) < 0.05 && Math.abs(second[1] + 2) < 0.05 && second[2] === 1, points);
  await setControl(p.page, { key: 'points', kind: 'text' }, 'oops');
  assert.equal(hashParams(p.page).get('points'), points, 'junk kept out');
  assertClean(p, 'editing points');
});
