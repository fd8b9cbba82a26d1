/* Seeing ML math: starts the WebAssembly app, and only when it is needed.
 *
 * Trunk.toml's `pattern_script` puts this file in the page's <head> instead of trunk's
 * default inline <script type="module">, as
 *
 *   <script src="{base}boot.js" data-mlviz-js="{base}{js}" data-mlviz-wasm="{base}{wasm}">
 *
 * - A file, not an inline script, so the page runs under a strict Content-Security-Policy
 *   (script-src 'self' 'wasm-unsafe-eval'; README "Hosting").
 * - index.html carries the navigation and the landing page as static HTML (generated from
 *   the registry), so the landing page needs no WebAssembly at all. The module (the large
 *   download) is loaded at once when the address names a demo, and on the landing page only
 *   when the reader heads for a demo: pointing at or focusing a link to one, or following it.
 * - The hashed names of the module come from the tag's data attributes, so this file's own
 *   name never changes and needs no hash.
 * `window.mlvizBoot.start()` loads the app now (tests and benchmarks call it on the landing
 * page); it returns a promise, the same one every time.
 */
(function () {
  'use strict';
  var tag = document.currentScript;
  var root = document.documentElement;
  var started = null;

  // The landing page, without view keys (a `?theme=` or `embed=1` needs the app).
  function isLanding(hash) {
    return hash === '' || hash === '#' || hash === '#/';
  }

  function domReady() {
    if (document.readyState !== 'loading') return Promise.resolve();
    return new Promise(function (resolve) {
      document.addEventListener('DOMContentLoaded', resolve, { once: true });
    });
  }

  function showFailure(error) {
    var message = document.createElement('p');
    message.className = 'notice notice-error';
    message.setAttribute('role', 'alert');
    message.textContent =
      'The demos could not start: this browser did not load the WebAssembly module (' +
      String((error && error.message) || error) +
      '). Reloading the page may help; the demos need a browser with WebAssembly enabled.';
    var main = document.getElementById('main');
    if (main) main.prepend(message);
    console.error(error);
  }

  function start() {
    if (started) return started;
    root.setAttribute('data-mlviz-boot', 'loading');
    // Both downloads start now; the module runs once the page is parsed (this script sits in
    // <head>, so the wasm could otherwise be ready before <main> exists).
    var bindings = import(tag.getAttribute('data-mlviz-js'));
    var wasm = fetch(tag.getAttribute('data-mlviz-wasm'));
    started = domReady()
      .then(function () {
        return bindings;
      })
      .then(function (module) {
        return module.default({ module_or_path: wasm }).then(function (instance) {
          window.wasmBindings = module;
          root.setAttribute('data-mlviz-boot', 'started');
          dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: instance } }));
          return instance;
        });
      })
      .catch(function (error) {
        root.setAttribute('data-mlviz-boot', 'failed');
        return domReady().then(function () {
          showFailure(error);
        });
      });
    return started;
  }

  window.mlvizBoot = { start: start };

  if (!tag) {
    return;
  }
  if (!isLanding(location.hash)) {
    // A demo (or a view the app must read): the stylesheet hides the static landing page
    // and shows "Loading the demo…" until the app replaces both.
    root.setAttribute('data-mlviz-route', 'demo');
    start();
    return;
  }
  root.setAttribute('data-mlviz-static', '1');
  addEventListener('hashchange', function () {
    if (!isLanding(location.hash)) start();
  });
  function towardsDemo(event) {
    var target = event.target;
    if (target && target.closest && target.closest('a[href^="#/"]')) start();
  }
  // The phone's "Demos" button works before the app has started; once the app runs, its
  // own listener on the button does the job (the root is marked "started" in the same
  // microtask run that installs it, so no click is handled twice).
  document.addEventListener('click', function (event) {
    var button = event.target && event.target.closest && event.target.closest('#nav-button');
    if (!button || root.getAttribute('data-mlviz-boot') === 'started') return;
    var open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
    document.body.classList.toggle('nav-open', open);
    start();
  });
  document.addEventListener('pointerover', towardsDemo, { passive: true });
  document.addEventListener('focusin', towardsDemo);
  document.addEventListener('touchstart', towardsDemo, { passive: true });
})();
