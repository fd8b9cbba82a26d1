/* Seeing ML math: the background Worker that trains a playing run off the page's thread.
 *
 * Started by the page (src/web/background.rs) as a module Worker next to boot.js. It loads a
 * second instance of the app's WebAssembly module (same files, from the browser's cache) and
 * runs `WorkerRun.train` in a loop, posting each lossless snapshot; the page applies the
 * newest and paints. Messages (see src/web/background.rs):
 *   in:  {type: 'init', js, wasm}, {type: 'job', generation, id, query, snapshot}, {type: 'pause'}
 *   out: {type: 'snapshot', generation, text}, {type: 'finished', generation},
 *        {type: 'failed', generation, message}
 * A file, not a blob: URL, so a strict Content-Security-Policy (script-src 'self') allows it.
 */
let bindings = null;
let ready = null;
let job = null;
// The generation of the last job asked for (null after a pause): a job still waiting for the
// module is dropped when a newer message came meanwhile.
let wanted = null;

// How long one training call may run before its snapshot is posted: about a frame, so the
// page gets a fresh state every frame without the Worker spending its time on snapshots.
const BUDGET_MS = 12;

// A zero-delay turn of the event loop (setTimeout would be clamped to 4 ms when nested), so
// a new job or a pause is seen between two training calls.
const channel = new MessageChannel();
channel.port1.onmessage = () => trainOnce();
const yieldThenTrain = () => channel.port2.postMessage(null);

function trainOnce() {
  if (!job) return;
  const current = job;
  let text;
  try {
    text = current.run.train(BUDGET_MS);
  } catch (error) {
    job = null;
    postMessage({ type: 'failed', generation: current.generation, message: String(error && error.message || error) });
    return;
  }
  if (text === undefined) {
    job = null;
    postMessage({ type: 'finished', generation: current.generation });
    return;
  }
  postMessage({ type: 'snapshot', generation: current.generation, text });
  if (job === current) yieldThenTrain();
}

onmessage = async (event) => {
  const message = event.data;
  if (message.type === 'init') {
    ready = import(message.js).then(async (module) => {
      await module.default({ module_or_path: message.wasm });
      bindings = module;
    });
    return;
  }
  if (message.type === 'pause') {
    wanted = null;
    if (job) job.run.free();
    job = null;
    return;
  }
  if (message.type === 'job') {
    wanted = message.generation;
    try {
      await ready;
      if (wanted !== message.generation) return;
      if (job) job.run.free();
      job = null;
      const run = new bindings.WorkerRun(message.id, message.query, message.snapshot ?? undefined);
      job = { run, generation: message.generation };
      yieldThenTrain();
    } catch (error) {
      postMessage({ type: 'failed', generation: message.generation, message: String(error && error.message || error) });
    }
  }
};
