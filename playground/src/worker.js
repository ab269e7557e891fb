// The checker, off the main thread: typing never waits for a check.
//
// Messages in:  { id, call, files, options, rule? }   call: check | rules | explain | format
// Messages out: { id, json, ms } — the JSON text the wasm export returned and
//               how long the call took inside the worker — or { id, error }.

import init, * as vakt from '../pkg/vakt_wasm.js';

const ready = init({ module_or_path: new URL('./vakt_wasm_bg.wasm', import.meta.url) });

function call(message) {
  const { call, files, options, rule } = message;
  switch (call) {
    case 'check':
      return vakt.check_status(files, options);
    case 'rules':
      return vakt.rules(files, options);
    case 'explain':
      return vakt.explain(rule, files, options);
    case 'format':
      return vakt.format(files, options);
    default:
      throw new Error(`unknown call ${call}`);
  }
}

self.onmessage = async (event) => {
  const { id } = event.data;
  try {
    await ready;
    const started = performance.now();
    const json = call(event.data);
    self.postMessage({ id, json, ms: performance.now() - started });
  } catch (error) {
    self.postMessage({ id, error: String(error) });
  }
};
