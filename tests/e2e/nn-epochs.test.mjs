// End-to-end tests of the training playground without an epoch limit (#/nn-playground, issue 12
// goal 3): a link past epoch 5,000 carries a checkpoint (ckpt=) and opens at once with the
// readouts the native build computes; a link without one replays in chunks behind the progress
// bar; playing runs on past epoch 5,000.
//
// The expected values were computed natively by `print_e2e_values` in
// src/demos/nn_playground/tests.rs (the default run trained synchronously, epoch by epoch, to
// 5,001, 5,200 and 6,000 epochs; the links are `current_params` of those states).
//
// Run after `trunk build`: node --test tests/e2e/nn-epochs.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, waitForAppReady } from './browser.mjs';
import { assertClean, hashParams, readouts, settle, startHarness } from './harness.mjs';

let harness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

/** The link to the default run at epoch 6,000, checkpoint with its thinned history included. */
const LINK_6000 = "#/nn-playground?ckpt=AaHRUqoGa_fdcBcAAAAAAAAAAAAAAAAAABkAAADuzxAdbk7aP9j9Vf3UZuK_yub4KX8N0z_SngvTfTzmP9rlKSoid-Y_qPP8_k7muD-fkFJOQPLcP4UpgzO6UN-_xTLSBpqH-D_vsZD_tBD2P_VkJBFGufS_EpNanSaY8z8kkHdXsmLyv602HK0wnve_LHRdO8Zs9z_4iwf1BVDbv7OD6B28R-C_U2x9EhgT9b_vI1geW8D0P5F_u-QKnuu_unW4GPguAEBeeWSNhaf7PxFHh98SqgrApHSAGblIBsCVN8pAYljpvwAAAAAAAAAAAPBJAgAAAAAAA6ZK-E5mDWM_TmiMsHL6TT-ckalvR08ZP0AAAAAAAAAAXgAAAAAApDkGP6H-AT8AAGBCzcx8QgAAwH8AAMB_AADAf0AAAAC6wG08RviUPAAAyEIAAMhCavxxPkYABD7oJ7I8gAAAABZhaTvs6Jk7AADIQgAAyELnQsY9pMFGPVSB3DvAAAAAzPX3OlZ5MTsAAMhCAADIQrYpfj23qfY8xZp_OwABAAA1r6Q6vOn9OgAAyEIAAMhCkjs7Pf-OsTwseDI7QAEAAJRKczoVRsg6AADIQgAAyEKiHRQ9AP-JPJpWCDuAAQAAmmU_Okz9pjoAAMhCAADIQglN9TxfYWE8ovnbOsABAAD8Ax06ZU2QOgAAyEIAAMhCgMfRPCSaPjzkJ7g6AAIAAFK3BDq_p386AADIQgAAyEKtt7c8zWYlPA1cnjpAAgAAYGrlORibZjoAAMhCAADIQuHRozxUXBI89_SKOoACAADiu8k5QeNSOgAAyEIAAMhCiCGUPEh6Azwwt3c6wAIAABnWszmy70I6AADIQgAAyELgbYc8jwjvO_-PXzoAAwAA1BqiOce-NToAAMhCAADIQiLWeTyfXNs7M85LOkADAACed5M5YKMqOgAAyEIAAMhCyx5oPLHfyjv5Vjs6gAMAAOEvhznnJCE6AADIQgAAyEK59Vg8-NS8O1xmLTrAAwAAAnx5OcfsGDoAAMhCAADIQk3RSzwdtrA7mXAhOgAEAACqgWc5QLsROgAAyEIAAMhCc0xAPA0hpjt9Dxc6QAQAADLgVzlMYAs6AADIQgAAyEJCGzY8j8ycO6L2DTqABAAA9ilKORK3BToAAMhCAADIQqEDLTzTgJQ70OsFOsAEAABWCj45zaIAOgAAyEIAAMhCSdgkPJESjTvIg_05AAUAAP8-MzliGfg5AADIQgAAyEJqdR08pl-GO6qq8DlABQAAPpMpOd_E7zkAAMhCAADIQka-FjzGTIA7jhPlOYAFAACu3CA5UiroOQAAyEIAAMhChJsQPKuHdTugkNo5wAUAANf4GDlNMeE5AADIQgAAyEL1-Qo8aWVrO3D80DkABgAAZcsROY7F2jkAAMhCAADIQqzJBTzGFGI7GTjIOUAGAADePAs5INbUOQAAyEIAAMhCU_0APKx8WTvhKcA5gAYAAKM5BTm5VM85AADIQgAAyEJLE_k79YdROyu8uDnABgAAV2L_ODU1yjkAAMhCAADIQhbK8DurJEo7sdyxOQAHAADlKvU4MG3FOQAAyEIAAMhCmA7pO3BDQzvde6s5QAcAAP-06zi688A5AADIQgAAyEKj0uE7CNc8O1SMpTmABwAAF-ziOBfBvDkAAMhCAADIQugJ2zv90zY7kAKgOcAHAABsvto4i864OQAAyEIAAMhCq6nUO1MwMTuQ1Jo5AAgAAJMc0zgyFrU5AADIQgAAyEKDqM47TeMrO535lTlACAAAHvnLOOKSsTkAAMhCAADIQif-yDs75SY7FGqROYAIAABDSMU4CECuOQAAyEIAAMhCQKPDO1QvIjs8H405wAgAAKj_vjibGas5AADIQgAAyEJNkb47krsdOyYTiTkACQAAJBa5OAEcqDkAAMhCAADIQn_CuTuZhBk7jkCFOUAJAACcg7M4BkSlOQAAyEIAAMhCpDG1O6CFFTvDooE5gAkAANVArjjIjqI5AADIQgAAyEIT2rA7XLoROyprfDnACQAAYEepOLT5nzkAAMhCAADIQpu3rDvyHg47h-p1OQAKAAB3kaQ4d4KdOQAAyEIAAMhCb8aoO-WvCjvdvG85QAoAAOsZoDj1Jps5AADIQgAAyEIjA6U7EmoHOxfcaTmACgAAEdybOEjlmDkAAMhCAADIQplqoTudSgQ7tUJkOcAKAAC005c4tbuWOQAAyEIAAMhC-_mdO-9OATu96145AAsAAAL9kzipqJQ5AADIQgAAyEKzrpo7Ven8OqbSWTlACwAAhVSQOLWqkjkAAMhCAADIQmSGlztRc_c6U_NUOYALAAAX14w4h8CQOQAAyEIAAMhC5X6UO9438joASlA5wAsAANuBiTjt6I45AADIQgAAyEI2lpE7XjPtOjzTSzkADAAAMFKGOMoijTkAAMhCAADIQobKjjt9Yug64YtHOUAMAACyRYM4G22LOQAAyEIAAMhCJRqMOy3C4zoJcUM5gAwAACxagDjvxok5AADIQgAAyEKEg4k7nE_fOguAPznADAAANBt7OGgviDkAAMhCAADIQjMFhzsuCNs6c7Y7OQANAAA_vHU4u6WGOQAAyEIAAMhC352EO3rp1jr9ETg5QA0AAAyUcDgpKYU5AADIQgAAyEJKTII7RfHSOpKQNDmADQAAcZ9rOAK5gzkAAMhCAADIQk8PgDt-Hc86QTAxOcANAACB22Y4olSCOQAAyEIAAMhCvMt7OzZsyzo-7y05AA4AAIZFYjhx-4A5AADIQgAAyELunXc7pNvHOt7LKjlADgAA_NpdOMFZfzkAAMhCAADIQl2TczsdasQ6lcQnOYAOAACPmVk429B8OQAAyEIAAMhCS6pvOxIWwTrv1yQ5wA4AABJ_VTg4W3o5AADIQgAAyEIc4Ws7EN69OpMEIjkADwAAgIlROO_3dzkAAMhCAADIQkw2aDu6wLo6QUkfOUAPAAD3tk04KaZ1OQAAyEIAAMhCb6hkO8q8tzrLpBw5gA8AALUFSjgbZXM5AADIQgAAyEIxNmE7ENG0OhcWGjnADwAAFXRGOAY0cTkAAMhCAADIQlLeXTtu_LE6HpwXOQAQAACNAEM4NhJvOQAAyEIAAMhCpZ9aO9U9rzrpNRU5QBAAAK2pPzgE_2w5AADIQgAAyEIPeVc7SpSsOo_iEjmAEAAAG248ONL5ajkAAMhCAADIQoZpVDve_qk6NqEQOcAQAACTTDk4CQJpOQAAyEIAAMhCDnBRO7J8pzoRcQ45ABEAAORDNjgdF2c5AADIQgAAyEK6i0478gylOl9RDDlAEQAA8VIzOIo4ZTkAAMhCAADIQqq7SzvXrqI6a0EKOYARAACqeDA40GVjOQAAyEIAAMhCC_9IO6VhoDqHQAg5wBEAABO0LTh6nmE5AADIQgAAyEIUVUY7qSSeOhNOBjkAEgAAPAQrOBfiXzkAAMhCAADIQgm9Qzs995s6dWkEOUASAABDaCg4PDBeOQAAyEIAAMhCNDZBO7_YmTockgI5gBIAAFLfJTiEiFw5AADIQgAAyELtvz47m8iXOoDHADnAEgAAoGgjOJDqWjkAAMhCAADIQpFZPDs_xpU6PxL-OAATAABuAyE4BVZZOQAAyEIAAMhCiAI6OybRkzr9rPo4QBMAAAivHjiLylc5AADIQgAAyEI_ujc7zuiROlNe9ziAEwAAwmocONFHVjkAAMhCAADIQiyANTu8DJA6YiX0OMATAAD6NRo4iM1UOQAAyEIAAMhCy1MzO3w8jjpZAfE4ABQAABcQGDhnW1M5AADIQgAAyEKfNDE7oHeMOnDx7ThAFAAAh_gVOCXxUTkAAMhCAADIQjAiLzu-vYo66vTqOIAUAAC-7hM4gI5QOQAAyEIAAMhCDBwtO3MOiToRC-g4wBQAADnyETg2M085AADIQgAAyELHISs7XWmHOjoz5TgAFQAAegIQOAvfTTkAAMhCAADIQvkyKTsjzoU6wmziOEAVAAALHw44wpFMOQAAyEIAAMhCPk8nO2w8hDoLt984gBUAAHlHDDglS0s5AADIQgAAyEI5diU757OCOoER3TjAFQAAWHsKOP0KSjkAAMhCAADIQo-nIztENIE6lnvaOAAWAABBugg4F9FIOQAAyEIAAMhC6uIhO2x6fzrC9Nc4QBYAANIDBzhBnUc5AADIQgAAyEL2JyA77Zx8OoR81TiAFgAArFcFOE1vRjkAAMhCAADIQmV2Hjt9z3k6XxLTOMAWAAB2tQM4DEdFOQAAyEIAAMhC680cO5oRdzrdtdA4ABcAANkcAjhVJEQ5AADIQgAAyEI_Lhs7w2J0OoxmzjhAFwAAhY0AOPwGQzkAAMhCAADIQhyXGTt-wnE6ASTMOD9witU&steps=6000";
/** The same run's link at epoch 5,001. */
const LINK_5001 = "#/nn-playground?ckpt=AaHRUqoGa_fdiRMAAAAAAAAAAAAAAAAAABkAAACKX9NSBsHaP13zClTdL-K_2IT1PrjR0j_DISCgWT3mP-Y4pHjYW-Y_8cPe2tzHuT8TUPPsGYHcP69FFcJrI9-_EaxTUe5d-D_qqaT4LBH2P0N07_jQl_S_9Bf8TyuI8z-tyEuLnzvyv9xckVqEXPe_GoMIMXUu9z9UCY18E8fav0RRtaEpBOC_YPOGrU7d9L9wqPIqQH_0P4wglhBeauu_WgeuE-z4_z_etpemAVT7P2vtfalhXArAXu9QVnkEBsBQn498lFXpvwAAAAAAAAAAAGHoAQAAAAAAA2KGTqIjpmY_rGtL0lf5UT98X-k7YnYeP0AAAAAAAAAATwAAAAAApDkGP6H-AT8AAGBCzcx8QgAAwH8AAMB_AADAf0AAAAC6wG08RviUPAAAyEIAAMhCavxxPkYABD7oJ7I8gAAAABZhaTvs6Jk7AADIQgAAyELnQsY9pMFGPVSB3DvAAAAAzPX3OlZ5MTsAAMhCAADIQrYpfj23qfY8xZp_OwABAAA1r6Q6vOn9OgAAyEIAAMhCkjs7Pf-OsTwseDI7QAEAAJRKczoVRsg6AADIQgAAyEKiHRQ9AP-JPJpWCDuAAQAAmmU_Okz9pjoAAMhCAADIQglN9TxfYWE8ovnbOsABAAD8Ax06ZU2QOgAAyEIAAMhCgMfRPCSaPjzkJ7g6AAIAAFK3BDq_p386AADIQgAAyEKtt7c8zWYlPA1cnjpAAgAAYGrlORibZjoAAMhCAADIQuHRozxUXBI89_SKOoACAADiu8k5QeNSOgAAyEIAAMhCiCGUPEh6Azwwt3c6wAIAABnWszmy70I6AADIQgAAyELgbYc8jwjvO_-PXzoAAwAA1BqiOce-NToAAMhCAADIQiLWeTyfXNs7M85LOkADAACed5M5YKMqOgAAyEIAAMhCyx5oPLHfyjv5Vjs6gAMAAOEvhznnJCE6AADIQgAAyEK59Vg8-NS8O1xmLTrAAwAAAnx5OcfsGDoAAMhCAADIQk3RSzwdtrA7mXAhOgAEAACqgWc5QLsROgAAyEIAAMhCc0xAPA0hpjt9Dxc6QAQAADLgVzlMYAs6AADIQgAAyEJCGzY8j8ycO6L2DTqABAAA9ilKORK3BToAAMhCAADIQqEDLTzTgJQ70OsFOsAEAABWCj45zaIAOgAAyEIAAMhCSdgkPJESjTvIg_05AAUAAP8-MzliGfg5AADIQgAAyEJqdR08pl-GO6qq8DlABQAAPpMpOd_E7zkAAMhCAADIQka-FjzGTIA7jhPlOYAFAACu3CA5UiroOQAAyEIAAMhChJsQPKuHdTugkNo5wAUAANf4GDlNMeE5AADIQgAAyEL1-Qo8aWVrO3D80DkABgAAZcsROY7F2jkAAMhCAADIQqzJBTzGFGI7GTjIOUAGAADePAs5INbUOQAAyEIAAMhCU_0APKx8WTvhKcA5gAYAAKM5BTm5VM85AADIQgAAyEJLE_k79YdROyu8uDnABgAAV2L_ODU1yjkAAMhCAADIQhbK8DurJEo7sdyxOQAHAADlKvU4MG3FOQAAyEIAAMhCmA7pO3BDQzvde6s5QAcAAP-06zi688A5AADIQgAAyEKj0uE7CNc8O1SMpTmABwAAF-ziOBfBvDkAAMhCAADIQugJ2zv90zY7kAKgOcAHAABsvto4i864OQAAyEIAAMhCq6nUO1MwMTuQ1Jo5AAgAAJMc0zgyFrU5AADIQgAAyEKDqM47TeMrO535lTlACAAAHvnLOOKSsTkAAMhCAADIQif-yDs75SY7FGqROYAIAABDSMU4CECuOQAAyEIAAMhCQKPDO1QvIjs8H405wAgAAKj_vjibGas5AADIQgAAyEJNkb47krsdOyYTiTkACQAAJBa5OAEcqDkAAMhCAADIQn_CuTuZhBk7jkCFOUAJAACcg7M4BkSlOQAAyEIAAMhCpDG1O6CFFTvDooE5gAkAANVArjjIjqI5AADIQgAAyEIT2rA7XLoROyprfDnACQAAYEepOLT5nzkAAMhCAADIQpu3rDvyHg47h-p1OQAKAAB3kaQ4d4KdOQAAyEIAAMhCb8aoO-WvCjvdvG85QAoAAOsZoDj1Jps5AADIQgAAyEIjA6U7EmoHOxfcaTmACgAAEdybOEjlmDkAAMhCAADIQplqoTudSgQ7tUJkOcAKAAC005c4tbuWOQAAyEIAAMhC-_mdO-9OATu96145AAsAAAL9kzipqJQ5AADIQgAAyEKzrpo7Ven8OqbSWTlACwAAhVSQOLWqkjkAAMhCAADIQmSGlztRc_c6U_NUOYALAAAX14w4h8CQOQAAyEIAAMhC5X6UO9438joASlA5wAsAANuBiTjt6I45AADIQgAAyEI2lpE7XjPtOjzTSzkADAAAMFKGOMoijTkAAMhCAADIQobKjjt9Yug64YtHOUAMAACyRYM4G22LOQAAyEIAAMhCJRqMOy3C4zoJcUM5gAwAACxagDjvxok5AADIQgAAyEKEg4k7nE_fOguAPznADAAANBt7OGgviDkAAMhCAADIQjMFhzsuCNs6c7Y7OQANAAA_vHU4u6WGOQAAyEIAAMhC352EO3rp1jr9ETg5QA0AAAyUcDgpKYU5AADIQgAAyEJKTII7RfHSOpKQNDmADQAAcZ9rOAK5gzkAAMhCAADIQk8PgDt-Hc86QTAxOcANAACB22Y4olSCOQAAyEIAAMhCvMt7OzZsyzo-7y05AA4AAIZFYjhx-4A5AADIQgAAyELunXc7pNvHOt7LKjlADgAA_NpdOMFZfzkAAMhCAADIQl2TczsdasQ6lcQnOYAOAACPmVk429B8OQAAyEIAAMhCS6pvOxIWwTrv1yQ5wA4AABJ_VTg4W3o5AADIQgAAyEIc4Ws7EN69OpMEIjkADwAAgIlROO_3dzkAAMhCAADIQkw2aDu6wLo6QUkfOUAPAAD3tk04KaZ1OQAAyEIAAMhCb6hkO8q8tzrLpBw5gA8AALUFSjgbZXM5AADIQgAAyEIxNmE7ENG0OhcWGjnADwAAFXRGOAY0cTkAAMhCAADIQlLeXTtu_LE6HpwXOQAQAACNAEM4NhJvOQAAyEIAAMhCpZ9aO9U9rzrpNRU5QBAAAK2pPzgE_2w5AADIQgAAyEIPeVc7SpSsOo_iEjmAEAAAG248ONL5ajkAAMhCAADIQoZpVDve_qk6NqEQOcAQAACTTDk4CQJpOQAAyEIAAMhCDnBRO7J8pzoRcQ45ABEAAORDNjgdF2c5AADIQgAAyEK6i0478gylOl9RDDlAEQAA8VIzOIo4ZTkAAMhCAADIQqq7SzvXrqI6a0EKOYARAACqeDA40GVjOQAAyEIAAMhCC_9IO6VhoDqHQAg5wBEAABO0LTh6nmE5AADIQgAAyEIUVUY7qSSeOhNOBjkAEgAAPAQrOBfiXzkAAMhCAADIQgm9Qzs995s6dWkEOUASAABDaCg4PDBeOQAAyEIAAMhCNDZBO7_YmTockgI5gBIAAFLfJTiEiFw5AADIQgAAyELtvz47m8iXOoDHADnAEgAAoGgjOJDqWjkAAMhCAADIQpFZPDs_xpU6PxL-OAATAABuAyE4BVZZOQAAyEIAAMhCiAI6OybRkzr9rPo4QBMAAAivHjiLylc5AADIQgAAyEI_ujc7zuiROlNe9ziAEwAAwmocONFHVjkAAMhCAADIQiyANTu8DJA6YiX0OApFXl4&steps=5001";

const READOUTS_6000 = {
  "epoch": "6000",
  "train-loss": "3.0375950998165216e-5",
  "test-loss": "0.00018520804602225824",
  "train-accuracy": "100",
  "test-accuracy": "100",
  "penalty": "0",
  "parameters": "25",
  "train-points": "250",
  "test-points": "250",
  "grad-norm.1": "0.0023257253849434277",
  "grad-norm.2": "0.0009148654945392383",
  "grad-norm.3": "9.654878150794913e-5"
};
const READOUTS_5001 = {
  "epoch": "5001",
  "train-loss": "3.72178972020494e-5",
  "test-loss": "0.00020415379300614412",
  "train-accuracy": "100",
  "test-accuracy": "100",
  "penalty": "0",
  "parameters": "25",
  "train-points": "250",
  "test-points": "250",
  "grad-norm.1": "0.002764768216778888",
  "grad-norm.2": "0.0010970456725576212",
  "grad-norm.3": "0.00011620497296271724"
};

/** Opens a hash and says how long the page took to draw the demo (ms since navigation). */
async function openTimed(hash) {
  const p = await harness.open(hash);
  const ready = await p.page.evaluate(
    () => performance.getEntriesByName('mlviz-first-render')[0]?.startTime ?? NaN,
  );
  return { p, ready };
}

/** Opens a hash without waiting for pending work (a replay may outlast settle()'s timeout in a
 * debug build). */
async function openBusy(hash) {
  const p = await newPage(harness.browser);
  await p.page.goto(harness.server.url + hash);
  await p.page.evaluate(() => window.mlvizBoot.start());
  await waitForAppReady(p.page);
  return p;
}

/** Waits for a chunked replay to finish, then settles. */
async function replayed(page) {
  await page.waitForFunction(() => document.documentElement.dataset.mlvizBusy !== '1', null, { timeout: 180_000 });
  await settle(page);
}

function subset(all, expected) {
  return Object.fromEntries(Object.keys(expected).map((k) => [k, all[k]]));
}

/**
 * The browser's readouts against the native ones. The checkpoint carries the weights and the
 * gradient norms bit for bit, but the losses are evaluated again from the weights, with tanh:
 * natively glibc's, in the browser the musl port that Rust's wasm32 target links. The two
 * differ in the last bit for some arguments, so losses agree to about 1e-16 relative after a
 * checkpoint and to about 1e-15 after 5,000 epochs trained in the browser; `tolerance` says
 * how close. Counts and accuracies are exact either way.
 */
function assertMatchesNative(shown, expected, tolerance) {
  for (const [key, value] of Object.entries(expected)) {
    const exact = !/loss|grad-norm/.test(key);
    if (exact || tolerance === 0) {
      assert.equal(shown[key], value, key);
    } else {
      const relative = Math.abs(Number(shown[key]) - Number(value)) / Math.abs(Number(value));
      assert.ok(relative <= tolerance, `${key}: ${shown[key]} vs native ${value} (relative ${relative})`);
    }
  }
}

test('a checkpointed link at epoch 6,000 opens at once with the native readouts', async () => {
  const { p, ready } = await openTimed(LINK_6000);
  console.log(`# epoch 6,000 from a checkpoint: demo drawn ${ready.toFixed(0)} ms after navigation`);
  const shown = await readouts(p.page);
  // The gradient norms come from the checkpoint: bit for bit.
  for (const layer of [1, 2, 3]) {
    assert.equal(shown[`grad-norm.${layer}`], READOUTS_6000[`grad-norm.${layer}`]);
  }
  assertMatchesNative(shown, READOUTS_6000, 1e-14);
  assert.equal(shown['playhead.step'], '6000');
  assert.equal(shown['playhead.last'], '6000');
  // Not replayed: the URL the page writes back carries the very same checkpoint.
  const given = new URLSearchParams(LINK_6000.slice(LINK_6000.indexOf('?') + 1));
  assert.equal(hashParams(p.page).get('ckpt'), given.get('ckpt'));
  assert.equal(hashParams(p.page).get('steps'), '6000');
  assertClean(p, 'checkpointed link');
});

test('a corrupted checkpoint says so, and the chunked replay equals a plain steps= link', async () => {
  const given = new URLSearchParams(LINK_5001.slice(LINK_5001.indexOf('?') + 1));
  const ckpt = given.get('ckpt');
  const middle = Math.floor(ckpt.length / 2);
  given.set('ckpt', ckpt.slice(0, middle) + (ckpt[middle] === 'A' ? 'B' : 'A') + ckpt.slice(middle + 1));
  const corrupted = await openBusy(`#/nn-playground?${given}`);
  const plain = await openBusy('#/nn-playground?steps=5001');
  // Both pages are drawn while their replays run, the progress bar showing.
  for (const p of [corrupted, plain]) {
    const busy = await p.page.evaluate(() => document.documentElement.dataset.mlvizBusy);
    const bar = await p.page.$eval('progress', (e) => !e.hidden).catch(() => false);
    assert.equal(busy, '1', 'the replay runs in chunks');
    assert.ok(bar, 'the progress bar shows');
  }
  await replayed(corrupted.page);
  await replayed(plain.page);
  const notices = await corrupted.page.$$eval('.notice', (els) => els.map((e) => e.textContent).join(' | '));
  assert.match(notices, /checkpoint \(ckpt=\) cannot be used: its checksum does not match/);
  const shown = await readouts(corrupted.page);
  assertMatchesNative(shown, READOUTS_5001, 1e-13);
  // The two replays are the same run in the same browser: equal bit for bit, and once
  // replayed both links carry the same (valid) checkpoint.
  assert.deepEqual(shown, await readouts(plain.page));
  assert.ok(hashParams(plain.page).get('ckpt'));
  assert.equal(hashParams(corrupted.page).get('ckpt'), hashParams(plain.page).get('ckpt'));
  assertClean(corrupted, 'corrupted checkpoint');
  assertClean(plain, 'chunked replay');
});

test('playing from a checkpoint at epoch 5,001 runs on and the toolbar counts the furthest epoch', async () => {
  const p = await harness.open(`${LINK_5001}&speed=max`);
  assert.equal((await readouts(p.page))['playhead.last'], '5001');
  await p.page.click('button[data-action=play]');
  await p.page.waitForFunction(
    () => Number(document.querySelector('output[data-readout=epoch]')?.dataset.value) >= 5_300,
    null,
    { timeout: 60_000 },
  );
  await p.page.click('button[data-action=play]');
  await settle(p.page);
  const end = await readouts(p.page);
  assert.ok(Number(end.epoch) >= 5_300, end.epoch);
  assert.equal(end['playhead.step'], end.epoch);
  assert.equal(end['playhead.last'], end.epoch);
  assert.ok(Number(end['train-loss']) < Number(READOUTS_5001['train-loss']), end['train-loss']);
  // Paused, the link carries the new epoch and a new checkpoint, and reopening it shows the
  // same numbers at once.
  assert.equal(hashParams(p.page).get('steps'), end.epoch);
  const again = await harness.open(new URL(p.page.url()).hash);
  assert.deepEqual(await readouts(again.page), end);
  assertClean(p, 'played past 5,000');
  assertClean(again, 'reopened');
});
