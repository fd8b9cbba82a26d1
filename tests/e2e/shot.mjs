// Ad-hoc screenshots for looking at the app:  node tests/e2e/shot.mjs NAME WIDTHxHEIGHT light|dark HASH [full]
// Writes test-artifacts/screenshots/NAME.png from dist/ (or MLVIZ_DIST).
import { launchBrowser, newPage, screenshot, waitForAppReady } from './browser.mjs';
import { startServer } from './server.mjs';

const [name, size, theme, hash, full] = process.argv.slice(2);
const [width, height] = size.split('x').map(Number);
const server = await startServer({ root: process.env.MLVIZ_DIST || 'dist' });
const browser = await launchBrowser();
const phone = width < 700;
const p = await newPage(browser, {
  viewport: { width, height },
  deviceScaleFactor: phone ? 2 : 1,
  hasTouch: phone,
  isMobile: phone,
  colorScheme: theme,
});
await p.page.goto(server.url + hash);
// The landing page is static until the app is asked for (www/boot.js); start it anyway.
await p.page.evaluate(() => window.mlvizBoot.start());
await waitForAppReady(p.page);
await p.page.waitForTimeout(500);
console.log(await screenshot(p.page, name, { fullPage: full === 'full' }));
console.log(JSON.stringify({ errors: [...p.pageErrors, ...p.consoleErrors] }));
await browser.close();
await server.close();
