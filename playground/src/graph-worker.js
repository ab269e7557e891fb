// The data-flow graph, off the main thread and apart from the checker, so
// that drawing a large graph never delays a re-check: vakt's DOT renderer
// (the wasm build's `graph`), laid out and drawn as SVG by Graphviz
// (@viz-js/viz, Graphviz compiled to WebAssembly).
//
// Messages in:  { id, files, options }
// Messages out: { id, svg, diagnostics, ms } — svg is null when the model
//               could not be loaded — or { id, error }.

import init, { graph } from '../pkg/vakt_wasm.js';
import { instance } from '@viz-js/viz';

const ready = Promise.all([
  init({ module_or_path: new URL('./vakt_wasm_bg.wasm', import.meta.url) }),
  instance(),
]);

self.onmessage = async (event) => {
  const { id, files, options } = event.data;
  try {
    const [, viz] = await ready;
    const started = performance.now();
    const answer = JSON.parse(graph(files, 'dot', options));
    let svg = null;
    if (answer.graph !== null) {
      const result = viz.render(answer.graph, { format: 'svg' });
      if (result.status !== 'success') {
        throw new Error(result.errors.map((e) => e.message).join('; '));
      }
      svg = result.output;
    }
    self.postMessage({ id, svg, diagnostics: answer.diagnostics, ms: performance.now() - started });
  } catch (error) {
    self.postMessage({ id, error: String(error) });
  }
};
