// Accessibility end to end: axe-core (node_modules/axe-core, injected into the page) on every
// demo of the registry, light and dark, desktop and phone, with every plot's "Data" toggle
// open; every plot's data table; descriptions that follow the state; unique button names.
//
// Run after `trunk build`: MLVIZ_DIST=dist node --test tests/e2e/a11y.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT, newPage } from './browser.mjs';
import { DESKTOP, PHONE, assertClean, inLanes, settle, setControl, startHarness } from './harness.mjs';

let h;
let axeSource;

before(async () => {
  h = await startHarness();
  axeSource = await readFile(path.join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
});

after(async () => h?.close());

/** Opens every plot's "Data" toggle and waits until each has built its table. */
async function openDataToggles(page) {
  await page.$$eval('details.plot-data', (all) => all.forEach((d) => { d.open = true; }));
  await settle(page);
  await page.waitForFunction(
    () => [...document.querySelectorAll('details.plot-data')].every((d) => d.querySelector('.plot-data-body')?.childElementCount > 0),
    null,
    { timeout: 10_000 },
  );
}

/** Runs axe on the page and returns its serious and critical violations, one line per node. */
async function seriousViolations(page) {
  // A page that went on to another demo by hash routing still has axe.
  if (await page.evaluate(() => typeof window.axe !== 'object')) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), impact: n.impact, summary: n.failureSummary })),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${n.impact ?? v.impact}): ${n.target}: ${v.help}. ${(n.summary ?? '').replace(/\s+/g, ' ').slice(0, 240)}`));
}

test('axe-core finds no serious or critical violation on any demo, light and dark, desktop and phone', async () => {
  const failures = [];
  // One page per size, the two sizes in parallel lanes (harness `inLanes`), each page going
  // from demo to demo by hash routing (harness `show`): the app follows the system's colour
  // scheme live, so the dark pass switches the emulated preference instead of loading the demo
  // again, and the next demo starts light again.
  await inLanes([['desktop', DESKTOP], ['phone', PHONE]], async ([size, viewport]) => {
    let p = null;
    for (const demo of h.registry) {
      if (p) await p.page.emulateMedia({ colorScheme: 'light' });
      p = await h.visit(p, `#/${demo.id}`, { ...viewport, colorScheme: 'light' });
      assert.notEqual(
        await p.page.evaluate(() => getComputedStyle(document.body).backgroundColor),
        'rgb(20, 22, 26)',
        `${demo.id} ${size}: the page starts light`,
      );
      await openDataToggles(p.page);
      for (const colorScheme of ['light', 'dark']) {
        if (colorScheme === 'dark') {
          await p.page.emulateMedia({ colorScheme });
          await settle(p.page);
          const background = await p.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          assert.equal(background, 'rgb(20, 22, 26)', `${demo.id} ${size}: the page turned dark`);
        }
        for (const line of await seriousViolations(p.page)) failures.push(`${demo.id} ${size} ${colorScheme}: ${line}`);
        assertClean(p, `${demo.id} ${size} ${colorScheme}`);
      }
    }
    await p?.close();
  });
  assert.deepEqual(failures, [], `${failures.length} serious/critical axe violations:\n${failures.join('\n')}`);
});

test('the static landing page (before the app starts) has no serious or critical violation', async () => {
  const failures = [];
  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    for (const colorScheme of ['light', 'dark']) {
      const p = await newPage(h.browser, { ...viewport, colorScheme });
      await p.page.goto(h.server.url);
      await p.page.waitForLoadState('load');
      assert.equal(await p.page.evaluate(() => document.documentElement.dataset.mlvizReady), undefined, 'the app has not started');
      for (const line of await seriousViolations(p.page)) failures.push(`landing ${size} ${colorScheme}: ${line}`);
      assertClean(p, `landing ${size} ${colorScheme}`);
      await p.close();
    }
  }
  assert.deepEqual(failures, [], failures.join('\n'));
});

test('every plot of every demo has a Data toggle whose table has rows, headings and full-precision cells', async () => {
  const problems = [];
  let p = null;
  for (const demo of h.registry) {
    p = await h.visit(p, `#/${demo.id}`);
    for (const plot of demo.plots) {
      const toggle = p.page.locator(`details.plot-data[data-plot-data="${plot}"]`);
      if ((await toggle.count()) !== 1) {
        problems.push(`${demo.id}/${plot}: no Data toggle`);
        continue;
      }
      // Closed, the toggle holds no table: it costs nothing until someone opens it.
      assert.equal(await toggle.locator('table').count(), 0, `${demo.id}/${plot}: a table while closed`);
      await toggle.locator('summary').click();
      await settle(p.page);
      // The table goes in on the render after the toggle event; under load (two e2e files at a
      // time on 2 cores) that can be a few frames later: wait for it, as for the closing below.
      await toggle.locator('table').waitFor({ state: 'attached', timeout: 5_000 }).catch(() => {});
      const table = await toggle.evaluate((details) => {
        const table = details.querySelector('table');
        if (!table) return null;
        const headings = [...table.querySelectorAll('thead th')];
        const rows = [...table.querySelectorAll('tbody tr')];
        return {
          caption: table.querySelector('caption')?.textContent ?? '',
          headings: headings.length,
          scoped: headings.every((th) => th.getAttribute('scope') === 'col'),
          rows: rows.length,
          widths: [...new Set(rows.map((r) => r.cells.length))],
          cellsWithoutValue: table.querySelectorAll('tbody td:not([data-value])').length,
          description: details.querySelector('.plot-description')?.textContent ?? '',
        };
      });
      if (!table) {
        problems.push(`${demo.id}/${plot}: no table after opening the toggle`);
        continue;
      }
      if (table.rows < 1) problems.push(`${demo.id}/${plot}: the table has no rows`);
      if (!table.caption.trim()) problems.push(`${demo.id}/${plot}: no caption`);
      if (!table.scoped) problems.push(`${demo.id}/${plot}: a heading without scope=col`);
      if (table.widths.length !== 1 || table.widths[0] !== table.headings) {
        problems.push(`${demo.id}/${plot}: rows of ${table.widths} cells under ${table.headings} headings`);
      }
      if (table.cellsWithoutValue) problems.push(`${demo.id}/${plot}: ${table.cellsWithoutValue} cells without data-value`);
      if (!table.description.trim()) problems.push(`${demo.id}/${plot}: no description`);
      // Closing drops the table again.
      // The table goes on the render after the toggle event; under load that can be a few frames.
      await toggle.locator('summary').click();
      const dropped = await toggle
        .evaluate((details) => new Promise((resolve) => {
          const started = performance.now();
          const check = () => {
            if (!details.querySelector('table')) resolve(true);
            else if (performance.now() - started > 3000) resolve(false);
            else requestAnimationFrame(check);
          };
          check();
        }));
      if (!dropped) problems.push(`${demo.id}/${plot}: the table stays after closing (3 s)`);
    }
    assertClean(p, demo.id);
  }
  await p?.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});

test("a plot's accessible name and open table follow the state", async () => {
  const p = await h.open('#/vectors');
  const canvas = p.page.locator('canvas[data-plot="plane"][data-layer="foreground"]');
  // The default a = (3, 1), b = (1, 2): 45° apart, a + b = (4, 3).
  const before = await canvas.getAttribute('aria-label');
  assert.match(before, /a = \(3, 1\) and b = \(1, 2\); the angle between them is 45°/);
  assert.match(before, /a \+ b = \(4, 3\)/);
  const toggle = p.page.locator('details.plot-data[data-plot-data="plane"]');
  await toggle.locator('summary').click();
  await settle(p.page);
  const sumRow = () => toggle.locator('tbody tr').nth(2).locator('td').evaluateAll((cells) => cells.map((c) => c.dataset.value));
  assert.deepEqual(await sumRow(), ['a + b', '4', '3', '5']);
  const ax = h.registry.find((d) => d.id === 'vectors').controls.find((c) => c.key === 'ax');
  await setControl(p.page, ax, '-2');
  const after = await canvas.getAttribute('aria-label');
  assert.notEqual(after, before);
  // a = (−2, 1), b = (1, 2): a·b = 0, a right angle, a + b = (−1, 3).
  assert.match(after, /a = \(−2, 1\) and b = \(1, 2\); the angle between them is 90°, a·b = 0; a \+ b = \(−1, 3\)/);
  assert.deepEqual(await sumRow(), ['a + b', '-1', '3', String(Math.sqrt(10))]);
  assert.match(await toggle.locator('.plot-description').textContent(), /the angle between them is 90°/);
  assertClean(p, 'vectors');
  await p.close();
});

test('buttons have unique accessible names on every demo page', async () => {
  const duplicates = [];
  let p = null;
  for (const demo of h.registry) {
    p = await h.visit(p, `#/${demo.id}`);
    const names = await p.page.$$eval('article.demo button, article.demo summary', (buttons) =>
      buttons
        .filter((b) => b.closest('[hidden]') === null)
        .map((b) => (b.getAttribute('aria-label') ?? b.textContent).trim().replace(/\s+/g, ' ')),
    );
    const seen = new Map();
    for (const name of names) seen.set(name, (seen.get(name) ?? 0) + 1);
    for (const [name, count] of seen) if (count > 1) duplicates.push(`${demo.id}: "${name}" ×${count}`);
  }
  await p?.close();
  assert.deepEqual(duplicates, [], duplicates.join('\n'));
});

test('a readout table that scrolls is a named region the keyboard can reach', async () => {
  let p = null;
  for (const demo of h.registry) {
    p = await h.visit(p, `#/${demo.id}`, PHONE);
    const wrappers = await p.page.$$eval('.readout-table-wrapper', (all) =>
      all.map((w) => ({
        tabindex: w.getAttribute('tabindex'),
        role: w.getAttribute('role'),
        label: w.getAttribute('aria-label') ?? '',
        emptyHeadings: w.querySelectorAll('th:empty').length,
      })),
    );
    for (const w of wrappers) {
      assert.equal(w.tabindex, '0', demo.id);
      assert.equal(w.role, 'region', demo.id);
      assert.ok(w.label.trim(), `${demo.id}: an unnamed readout region`);
      assert.equal(w.emptyHeadings, 0, `${demo.id}: an empty table heading`);
    }
  }
  await p?.close();
});
