/* Seeing ML math: starts the WebAssembly app.
 *
 * Trunk's default start-up is an inline <script type="module">, which a strict
 * Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval', no 'unsafe-inline') blocks,
 * so the page would never start. Trunk.toml's `pattern_script` replaces it with
 *
 *   <script type="module" src="{base}boot.js" data-mlviz-js="{base}{js}" data-mlviz-wasm="{base}{wasm}">
 *
 * and this file, served from the page's own origin, does what the inline script did: import
 * the (content-hashed) wasm-bindgen module and instantiate the wasm. The hashed names come from
 * the tag's data attributes, so this file's own name never changes and needs no hash.
 */
const tag = document.querySelector('script[data-mlviz-js][data-mlviz-wasm]');

function showFailure(error) {
  const message = document.createElement('p');
  message.className = 'notice notice-error';
  message.setAttribute('role', 'alert');
  message.textContent =
    'The demos could not start: this browser did not load the WebAssembly module (' +
    String((error && error.message) || error) +
    '). Reloading the page may help; the demos need a browser with WebAssembly enabled.';
  const main = document.getElementById('main');
  const loading = main && main.querySelector('.loading');
  if (loading) loading.replaceWith(message);
  else if (main) main.prepend(message);
  console.error(error);
}

try {
  if (!tag) throw new Error('the start-up tag with data-mlviz-js and data-mlviz-wasm is missing');
  const bindings = await import(tag.dataset.mlvizJs);
  const wasm = await bindings.default({ module_or_path: tag.dataset.mlvizWasm });
  window.wasmBindings = bindings;
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
} catch (error) {
  showFailure(error);
}
