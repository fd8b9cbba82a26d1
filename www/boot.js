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
 * - Bundles (src/demos/bundles.rs): a release site also carries one small module per group of
 *   demos, and `data-mlviz-bundles` (written by scripts/bundles.mjs) says which module holds
 *   which demo. The module of the demo the address names is loaded instead of the whole app
 *   (which holds every demo); a link to a demo of another bundle then reloads the page, which
 *   loads that demo's module. Without the attribute (trunk serve) the whole app runs.
 *   The start-up tag's `data-mlviz-js` / `data-mlviz-wasm` are set to the module chosen, so the
 *   training Worker (src/web/background.rs) loads the same one.
 * `window.mlvizBoot.start()` loads the app now (tests and benchmarks call it on the landing
 * page, where it loads the whole app); it returns a promise, the same one every time.
 * `window.mlvizBoot.module()` names the module running: a bundle's name, or 'app';
 * `window.mlvizBoot.reloadsFor(hash)` says whether a link to `hash` reloads the page.
 */
(function () {
  'use strict';
  var tag = document.currentScript;
  var root = document.documentElement;
  var started = null;
  // The bundle running ('' for the whole app), once started.
  var loaded = null;
  var bundles = readBundles();

  function readBundles() {
    var text = tag && tag.getAttribute('data-mlviz-bundles');
    if (!text) return null;
    try {
      var map = JSON.parse(text);
      return map && map.dir && map.modules && map.demos ? map : null;
    } catch (error) {
      console.error('data-mlviz-bundles is not valid JSON; loading the whole app', error);
      return null;
    }
  }

  // The bundle that holds the demo `hash` names ('' when none does: the landing page, a
  // mistyped id, or a site without bundles; the whole app then serves it).
  function bundleFor(hash) {
    if (!bundles) return '';
    var match = /^#\/([^?]*)/.exec(hash || '');
    if (!match) return '';
    var id;
    try {
      id = decodeURIComponent(match[1]);
    } catch (error) {
      return '';
    }
    return Object.prototype.hasOwnProperty.call(bundles.demos, id) ? bundles.demos[id] : '';
  }

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

  // `hash`: the route the module is for (the address's by default).
  function start(hash) {
    if (started) return started;
    loaded = bundleFor(hash === undefined ? location.hash : hash);
    if (loaded) {
      var stem = bundles.dir + bundles.modules[loaded];
      tag.setAttribute('data-mlviz-js', stem + '.js');
      tag.setAttribute('data-mlviz-wasm', stem + '_bg.wasm');
    }
    root.setAttribute('data-mlviz-module', loaded || 'app');
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

  window.mlvizBoot = {
    start: function () {
      return start();
    },
    module: function () {
      return loaded === null ? null : loaded || 'app';
    },
    // Whether following a link to `hash` reloads the page (its demo is in another bundle).
    reloadsFor: function (hash) {
      var wanted = bundleFor(hash);
      return !!(started && loaded && wanted && wanted !== loaded);
    },
  };

  if (!tag) {
    return;
  }
  // Registered before the app's own listener, so that a link to a demo this bundle does not
  // hold reloads the page (loading that demo's module) before the app sees the change.
  addEventListener('hashchange', function (event) {
    if (!started) {
      if (!isLanding(location.hash)) start();
      return;
    }
    if (window.mlvizBoot.reloadsFor(location.hash)) {
      event.stopImmediatePropagation();
      location.reload();
    }
  });
  if (!isLanding(location.hash)) {
    // A demo (or a view the app must read): the stylesheet hides the static landing page
    // and shows "Loading the demo…" until the app replaces both.
    root.setAttribute('data-mlviz-route', 'demo');
    start();
    return;
  }
  root.setAttribute('data-mlviz-static', '1');
  function towardsDemo(event) {
    var target = event.target;
    var link = target && target.closest && target.closest('a[href^="#/"]');
    if (link) start(link.getAttribute('href'));
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
  });
  document.addEventListener('pointerover', towardsDemo, { passive: true });
  document.addEventListener('focusin', towardsDemo);
  document.addEventListener('touchstart', towardsDemo, { passive: true });
})();
