// Seeded, bounded robustness test over every registered demo: fuzzed links (junk and extreme
// values in every URL key, malformed percent-encodings, scripts in text keys, unknown and
// repeated keys) and random interaction (controls set to junk, key presses, drags, taps and
// button clicks). It fails on any page error (a Rust panic reaches the console through the
// panic hook), console error, dialog (a script that ran), injected element, frozen frame, or
// NaN shown as a result.
//
// Bounded so that it costs about as much as one other e2e file: FUZZ_URLS links and
// FUZZ_ACTIONS actions per demo (defaults 4 and 12). The run is reproducible from FUZZ_SEED
// (default 20261204): a failure prints the seed, the demo and the step, so
//   FUZZ_SEED=… MLVIZ_DEMOS=<id> node --test tests/e2e/fuzz.test.mjs
// replays it. Larger runs as a new reader would try them, e.g. FUZZ_URLS=30 FUZZ_ACTIONS=30.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { waitForAppReady } from './browser.mjs';
import { DESKTOP, PHONE, startHarness } from './harness.mjs';

const SEED = Number(process.env.FUZZ_SEED || 20261204);
const URLS_PER_DEMO = Number(process.env.FUZZ_URLS || 4);
const ACTIONS_PER_DEMO = Number(process.env.FUZZ_ACTIONS || 12);
/** A frame that does not come within this long counts as a frozen page. */
const FROZEN_MS = 8_000;

let h;
before(async () => {
  h = await startHarness();
});
after(async () => h?.close());

/** mulberry32: a small seeded generator, so that every run tries the same inputs. */
function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

/** The marker a script would leave if a text key were ever put into the page as HTML. */
const SCRIPT_PAYLOADS = [
  '<script>window.__fuzzed=1</script>',
  '<img src=x onerror="window.__fuzzed=1">',
  '"><svg onload="window.__fuzzed=1">',
  'javascript:window.__fuzzed=1',
];

/** Values that are wrong for almost every key, raw (the caller decides how to encode them). */
const JUNK = [
  '', 'abc', 'NaN', '-NaN', 'Infinity', '-Infinity', 'inf', '1e309', '-1e309', '1e-320', '-0',
  '0x10', '1,5', ' 1 ', '１２', '∞', '1e', '--1', '+-3', '9'.repeat(400), 'a'.repeat(5000),
  '1/0', 'sin(', 'x^^2', '((((((((((x))))))))))', '0.1.2', 'true', 'null', 'undefined',
  '[1,2]', '{"a":1}', '\u0000', '\u202e', '🙂', ...SCRIPT_PAYLOADS,
];

/** Percent-encodings that a hand-edited or truncated link can carry. */
const MALFORMED = ['%', '%zz', '%E0%A4%A', '%ff%fe', '%00', '%2', '%%', '%u0041'];

function fuzzValue(rng, control) {
  const roll = rng.next();
  if (roll < 0.3 && (control.kind === 'slider' || control.kind === 'integer')) {
    const { min, max } = control;
    const span = max - min || 1;
    return String(rng.pick([
      min, max, min - span, max + span, max * 1e6, -max * 1e6, min + rng.next() * span,
      Math.round(min + rng.next() * span), 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2,
    ]));
  }
  if (roll < 0.4 && control.kind === 'select') return rng.pick(control.options) + rng.pick(['', 'x', ' ', '%20']);
  if (roll < 0.5 && control.kind === 'text') return rng.pick(SCRIPT_PAYLOADS);
  return rng.pick(JUNK);
}

function encodeLoosely(rng, value) {
  // Most links arrive encoded, some raw as typed, some with a broken escape appended.
  const roll = rng.next();
  if (roll < 0.55) return encodeURIComponent(value);
  if (roll < 0.8) return value.replace(/[#\s]/g, '');
  return encodeURIComponent(value) + rng.pick(MALFORMED);
}

/** A fuzzed link to `demo`: a random subset of its keys set to junk, plus odd structure. */
function fuzzedHash(rng, demo) {
  const parts = [];
  for (const control of demo.controls) {
    if (rng.chance(0.55)) parts.push(`${control.key}=${encodeLoosely(rng, fuzzValue(rng, control))}`);
  }
  if (demo.stepping && rng.chance(0.5)) {
    parts.push(`steps=${rng.pick(['-1', '1e12', '99999999999', 'abc', '2.5', '0', '30', '%'])}`);
  }
  if (rng.chance(0.3)) parts.push(`seed=${rng.pick(['-5', '1e30', 'x', '18446744073709551616', '42'])}`);
  if (rng.chance(0.3)) parts.push(rng.pick(['embed=1', 'embed=yes', 'theme=dark', 'theme=%', 'plots=nope', 'controls=', 'readouts=zz']));
  if (rng.chance(0.3)) parts.push(rng.pick(['bogus=1', '=', '&&', '==x', 'a=b=c', '?', '#', rng.pick(MALFORMED)]));
  if (rng.chance(0.2) && demo.controls.length > 0) {
    const control = rng.pick(demo.controls);
    parts.push(`${control.key}=${encodeURIComponent(control.example)}`, `${control.key}=${encodeURIComponent(rng.pick(JUNK))}`);
  }
  if (rng.chance(0.15)) return `#/${demo.id}?${parts.join('&')}`.slice(0, rng.int(120) + 10);
  return `#/${demo.id}?${parts.join('&')}`;
}

/** Resolves when the page paints a frame; fails the test when it does not within FROZEN_MS. */
async function assertNotFrozen(page, where) {
  let timer;
  const frozen = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${where}: no frame for ${FROZEN_MS} ms (frozen)`)), FROZEN_MS);
  });
  try {
    await Promise.race([
      page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))),
      frozen,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Readouts whose value may be the text NaN because NaN is the lesson: the floating-point demo
 * decodes any bit pattern (an all-ones exponent with a nonzero fraction *is* NaN), and the
 * activations demo shows the naive softmax overflowing ("NaN: e^1002 overflows") beside the
 * stable one.
 */
function nanIsTheAnswer(demoId, readout) {
  return demoId === 'floating-point' || (demoId === 'activations' && readout.startsWith('softmax-naive.'));
}

async function assertSane(p, demo, where, dialogs) {
  await assertNotFrozen(p.page, where);
  assert.deepEqual(p.pageErrors, [], `${where}: page errors`);
  assert.deepEqual(p.consoleErrors, [], `${where}: console errors`);
  assert.deepEqual(p.blockedRequests, [], `${where}: requests to other origins`);
  assert.deepEqual(dialogs, [], `${where}: a dialog opened`);
  const state = await p.page.evaluate(() => ({
    injected: window.__fuzzed === 1 || document.querySelector('article img[src="x"], article svg[onload]') !== null,
    outputs: [...document.querySelectorAll('output[data-readout]')].map((o) => [
      o.dataset.readout,
      `${o.dataset.value ?? ''} ${o.textContent}`,
    ]),
    app: document.querySelector('main, #app, article') !== null,
  }));
  assert.equal(state.injected, false, `${where}: a script payload ran or was inserted as HTML`);
  assert.ok(state.app, `${where}: the app is gone`);
  const nan = state.outputs.filter(([name, text]) => /\bNaN\b/.test(text) && !nanIsTheAnswer(demo.id, name));
  assert.deepEqual(nan, [], `${where}: NaN shown as a result`);
}

/** One random thing a reader might do on the demo. Returns what it did, for the failure log. */
async function randomAction(rng, page, demo) {
  const kind = rng.pick(['control', 'control', 'control', 'key', 'key', 'drag', 'tap', 'button']);
  if (kind === 'control' && demo.controls.length > 0) {
    const control = rng.pick(demo.controls);
    const root = page.locator(`[data-control="${control.key}"]`);
    if (!(await root.isVisible().catch(() => false))) return `skip hidden ${control.key}`;
    const value = fuzzValue(rng, control);
    if (control.kind === 'select') {
      const options = await root.locator('select option').evaluateAll((os) => os.map((o) => o.value));
      const chosen = rng.pick(options);
      await root.locator('select').selectOption(chosen).catch(() => {});
      return `select ${control.key}=${chosen}`;
    }
    if (control.kind === 'toggle') {
      await root.locator('input[type=checkbox]').click({ timeout: 2_000 }).catch(() => {});
      return `toggle ${control.key}`;
    }
    const box = control.kind === 'slider' ? root.locator('input.number-box') : root.locator('input').first();
    if (control.kind === 'slider' && rng.chance(0.4)) {
      const range = root.locator('input[type=range]');
      await range.focus().catch(() => {});
      const key = rng.pick(['ArrowRight', 'ArrowLeft', 'PageUp', 'PageDown', 'Home', 'End']);
      await page.keyboard.press(key);
      return `range ${control.key} ${key}`;
    }
    await box.fill(value.slice(0, 600), { timeout: 2_000 }).catch(() => {});
    await box.press(rng.pick(['Enter', 'Tab', 'Escape']), { timeout: 2_000 }).catch(() => {});
    return `type ${control.key}=${JSON.stringify(value.slice(0, 40))}`;
  }
  if (kind === 'key') {
    const focusables = await page.$$('article.demo :is(canvas[tabindex], input, select, button)');
    if (focusables.length === 0) return 'no focusable';
    const target = rng.pick(focusables);
    if (!(await target.isVisible())) return 'skip hidden focusable';
    await target.focus();
    const keys = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Shift+ArrowRight', 'Home', 'End',
      'PageUp', 'PageDown', 'Delete', 'Backspace', 'Enter', ' ', 'Tab', 'Escape', '+', '-', 'n', 'a'];
    const presses = [];
    for (let i = rng.int(6) + 1; i > 0; i--) {
      const key = rng.pick(keys);
      presses.push(key);
      await page.keyboard.press(key);
    }
    return `keys ${presses.join(',')}`;
  }
  const canvases = await page.$$('article.demo canvas');
  const visible = [];
  for (const c of canvases) {
    const box = await c.boundingBox();
    if (box && box.width > 20 && box.height > 20) visible.push(box);
  }
  if ((kind === 'drag' || kind === 'tap') && visible.length > 0) {
    const box = rng.pick(visible);
    const at = () => [box.x + rng.next() * box.width, box.y + rng.next() * box.height];
    const [x0, y0] = at();
    await page.mouse.move(x0, y0);
    if (kind === 'tap') {
      await page.mouse.click(x0, y0);
      return `click canvas at ${x0.toFixed(0)},${y0.toFixed(0)}`;
    }
    await page.mouse.down();
    const [x1, y1] = at();
    await page.mouse.move(x1, y1, { steps: 4 });
    // Sometimes drag out of the canvas and release there.
    if (rng.chance(0.3)) await page.mouse.move(x1 + 400, y1 - 400, { steps: 2 });
    await page.mouse.up();
    return `drag canvas ${x0.toFixed(0)},${y0.toFixed(0)} → ${x1.toFixed(0)},${y1.toFixed(0)}`;
  }
  // Buttons of the demo and its toolbar (not the Share menu: copying and downloads need
  // permissions a fuzzer has no business with).
  const buttons = await page.$$('article.demo button:not(details.toolbar-menu button)');
  const shown = [];
  for (const b of buttons) if (await b.isVisible()) shown.push(b);
  if (shown.length === 0) return 'no button';
  const button = rng.pick(shown);
  const label = (await button.textContent())?.trim().slice(0, 30);
  await button.click({ timeout: 2_000 }).catch(() => {});
  return `button ${label}`;
}

test('fuzzed links and random interaction never break a demo', async () => {
  const rng = generator(SEED);
  let links = 0;
  let actions = 0;
  // One desktop and one phone page, each going from demo to demo by hash routing (harness
  // `show`, which mounts the demo afresh and empties the page's error lists).
  const pages = [null, null];
  const dialogs = [];
  for (const [index, demo] of h.registry.entries()) {
    // Alternate phone and desktop so both layouts (and touch-enabled contexts) are covered.
    const layout = index % 2;
    const p = await h.visit(pages[layout], `#/${demo.id}`, layout === 0 ? DESKTOP : PHONE);
    if (!pages[layout]) {
      p.page.on('dialog', (d) => {
        dialogs.push(d.message());
        d.dismiss().catch(() => {});
      });
      pages[layout] = p;
    }
    dialogs.length = 0;
    const log = [];
    try {
      for (let i = 0; i < URLS_PER_DEMO; i++) {
        const hash = fuzzedHash(rng, demo);
        log.push(`link ${hash.slice(0, 200)}`);
        // Half of the links are followed within the page (hashchange), half loaded afresh.
        if (rng.chance(0.5)) {
          await p.page.evaluate((hash) => { location.hash = hash; }, hash);
        } else {
          await p.page.goto(`${h.server.url}${hash}`);
          await p.page.evaluate(() => window.mlvizBoot.start());
          await waitForAppReady(p.page, { timeout: 20_000 });
        }
        await assertSane(p, demo, `${demo.id} link ${i}`, dialogs);
        links += 1;
      }
      await p.page.goto(`${h.server.url}#/${demo.id}`);
      await p.page.evaluate(() => window.mlvizBoot.start());
      await waitForAppReady(p.page, { timeout: 20_000 });
      for (let i = 0; i < ACTIONS_PER_DEMO; i++) {
        log.push(await randomAction(rng, p.page, demo));
        await assertSane(p, demo, `${demo.id} action ${i}`, dialogs);
        actions += 1;
      }
    } catch (error) {
      error.message = `FUZZ_SEED=${SEED} ${demo.id}: ${error.message}\nsteps:\n  ${log.slice(-8).join('\n  ')}`;
      throw error;
    }
  }
  for (const p of pages) await p?.close();
  assert.equal(links, h.registry.length * URLS_PER_DEMO);
  assert.equal(actions, h.registry.length * ACTIONS_PER_DEMO);
});
