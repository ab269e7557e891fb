// The vakt playground: an editor with live findings, the data-flow graph,
// bundled examples, the `kommune` pack toggle, and the state in the URL.
//
// The checker runs in a Web Worker (worker.js) so that typing never waits
// for it; a re-check starts 150 ms after the last keystroke, and a result
// for text that has changed since is dropped.

import { EditorState } from '@codemirror/state';
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentOnInput } from '@codemirror/language';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';

import vestby from '../../examples/vestby.vakt';
import bodo from '../../examples/bodo.vakt';
import violations from '../../examples/violations.vakt';
import { vaktHighlighting, vaktLanguage } from './language.js';
import { utf16Positions } from './offsets.js';
import { decodeState, encodeState } from './share.js';

const EXAMPLES = {
  'vestby.vakt': { title: 'Vestby kommune', text: vestby },
  'bodo.vakt': { title: 'Bodø kommune', text: bodo },
  'violations.vakt': { title: 'Every rule broken once', text: violations },
};
const DEBOUNCE_MS = 150;
// The graph is redrawn this long after the last check that changed it.
const GRAPH_DEBOUNCE_MS = 300;
const SEVERITIES = { error: 'error', warning: 'warning', info: 'info' };

const $ = (selector) => document.querySelector(selector);

// ---------------------------------------------------------------------------
// The workers: the checker, and the graph

// Calls to a worker: each message gets an id, each answer settles its call.
class WorkerCalls {
  constructor(url) {
    this.url = url;
    this.next = 0;
    this.pending = new Map();
    this.start();
  }

  start() {
    this.worker = new Worker(this.url, { type: 'module' });
    this.worker.onmessage = ({ data }) => {
      const waiting = this.pending.get(data.id);
      this.pending.delete(data.id);
      if (!waiting) return;
      if (data.error) waiting.reject(new Error(data.error));
      else waiting.resolve(data);
    };
    this.worker.onerror = (event) => {
      const error = new Error(`the checker failed: ${event.message}`);
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
  }

  // A fresh worker, after a failure that may have left the old one's
  // WebAssembly instance unusable (vakt does not panic, but a browser can
  // run out of memory).
  restart() {
    this.worker.terminate();
    const restarted = Object.assign(new Error('the worker was restarted'), { restarted: true });
    for (const waiting of this.pending.values()) waiting.reject(restarted);
    this.pending.clear();
    this.start();
  }

  call(message) {
    return new Promise((resolve, reject) => {
      const id = ++this.next;
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }
}

// ---------------------------------------------------------------------------
// State

const state = {
  file: 'vestby.vakt',
  kommune: false,
  // bumped on every edit: a result for an older version is dropped
  version: 0,
  last: null,
  // where the items of the findings list point, by `data-target`
  targets: [],
  // while measuring, the graph is not redrawn (it has its own worker, but
  // inserting a large SVG takes the main thread)
  measuring: false,
};

function options() {
  return {
    rules: state.kommune ? ['kommune'] : [],
    today: new Date().toISOString().slice(0, 10),
  };
}

// ---------------------------------------------------------------------------
// The editor

const checker = new WorkerCalls(new URL('./worker.js', import.meta.url));
const grapher = new WorkerCalls(new URL('./graph-worker.js', import.meta.url));
let timer = 0;

const view = new EditorView({
  parent: $('#editor'),
  state: EditorState.create({
    doc: '',
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      keymap.of([...defaultKeymap, ...searchKeymap, ...historyKeymap, indentWithTab]),
      EditorView.lineWrapping,
      vaktLanguage,
      vaktHighlighting,
      lintGutter(),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) edited();
      }),
    ],
  }),
});

function edited() {
  state.version++;
  clearTimeout(timer);
  timer = setTimeout(() => {
    recheck();
    saveHash();
  }, DEBOUNCE_MS);
}

function load(file, text) {
  state.file = file;
  $('#example').value = EXAMPLES[file] ? file : '';
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

// ---------------------------------------------------------------------------
// Checking and showing the result

async function recheck() {
  const version = state.version;
  const text = view.state.doc.toString();
  const started = performance.now();
  let reply;
  try {
    reply = await checker.call({ call: 'check', files: { [state.file]: text }, options: options() });
  } catch (error) {
    if (!error.restarted) {
      $('#status').textContent = `${error.message} — the checker was restarted; edit the model to check it again`;
      checker.restart();
    }
    return false;
  }
  if (version !== state.version) return false;
  $('#status').textContent = '';
  const received = performance.now();
  const status = JSON.parse(reply.json);
  const parsed = performance.now();
  show(status, text);
  state.last = status;
  state.timings = {
    worker: reply.ms,
    roundTrip: received - started - reply.ms,
    parse: parsed - received,
    show: performance.now() - parsed,
  };
  $('#timing').textContent = `checked in ${Math.round(performance.now() - started)} ms`;
  document.body.dataset.ready = '1';
  if (!state.measuring) scheduleGraph();
  return true;
}

function show(status, text) {
  const result = status.result;
  const position = utf16Positions(text);
  const here = (location) => location && location.file === state.file;
  const range = (location) => {
    const from = position(location.offset);
    return { from, to: Math.max(from, position(location.offset + location.length)) };
  };
  const marks = [];
  for (const d of result.diagnostics) {
    if (!here(d.location)) continue;
    marks.push({
      ...range(d.location),
      severity: SEVERITIES[d.severity] ?? 'error',
      source: d.code,
      message: d.help ? `${d.message}\nhelp: ${d.help}` : d.message,
    });
  }
  for (const f of result.findings) {
    if (f.suppressed || !here(f.location)) continue;
    marks.push({
      ...range(f.location),
      severity: SEVERITIES[f.severity] ?? 'error',
      source: f.rule,
      message: f.title ? `${f.message}\n${f.rule}: ${f.title}` : `${f.message}\n${f.rule}`,
    });
  }
  view.dispatch(setDiagnostics(view.state, marks));
  showSummary(status);
  showList(result, position);
}

function showSummary(status) {
  const { summary, diagnostics } = status.result;
  const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts =
    status.exit_code === 2
      ? [`the model could not be checked: ${plural(diagnostics.filter((d) => d.severity === 'error').length, 'error')}`]
      : [plural(summary.errors, 'error'), plural(summary.warnings, 'warning'), plural(summary.infos, 'info')];
  if (status.exit_code !== 2 && summary.suppressed) parts.push(`${summary.suppressed} suppressed`);
  const summaryEl = $('#summary');
  summaryEl.textContent = `exit ${status.exit_code} · ${parts.join(', ')}`;
  summaryEl.dataset.exit = String(status.exit_code);
}

// The findings list is written as HTML strings, one per item (much faster
// than a node at a time for hundreds of findings), and only the items that
// changed since the last check are replaced: typing within a line changes
// no line numbers, so most items stay. Where an item jumps to is kept in
// `state.targets`, not in the HTML, so that moving text does not change it.
let shownItems = [];

function showList(result, position) {
  const items = [];
  const targets = [];
  const target = (location) => {
    if (!location || location.file !== state.file) return null;
    targets.push(position(location.offset));
    return targets.length - 1;
  };
  for (const d of result.diagnostics) {
    items.push(item('diagnostic', d.severity, d.code, d.message, d.help, d.location, target(d.location)) + '</li>');
  }
  for (const f of result.findings) {
    let detail = f.title ?? '';
    if (f.suppressed) detail = `suppressed: ${f.suppression?.because ?? ''}`;
    else if (f.expired) detail = `the exception expired on ${f.expired.until ?? '?'}: ${f.expired.because}`;
    const classes = f.suppressed ? 'finding suppressed' : 'finding';
    const html = [item(classes, f.severity, f.rule, f.message, detail, f.location, target(f.location), f.subject)];
    if (f.hops && f.hops.length) {
      html.push('<ol class="hops">');
      for (const hop of f.hops) {
        const text = `${hop.from} → ${hop.to}`;
        html.push(item('hop', null, hop.flow, text, null, hop.location, target(hop.location)), '</li>');
      }
      html.push('</ol>');
    }
    html.push('</li>');
    items.push(html.join(''));
  }
  if (!items.length) items.push('<li class="empty">No findings.</li>');
  state.targets = targets;
  const list = $('#findings');
  if (items.length !== shownItems.length || list.children.length !== items.length) {
    list.innerHTML = items.join('');
  } else {
    items.forEach((html, i) => {
      if (html !== shownItems[i]) list.children[i].outerHTML = html;
    });
  }
  shownItems = items;
}

const escapes = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text) => String(text).replace(/[&<>"']/g, (c) => escapes[c]);

// The opening of one list item (the caller closes it): a head line with
// the severity, the rule or code and where it points, then the message and
// a detail line. `at` is its index in `state.targets`, if it points into
// the editor.
function item(kind, severity, code, message, detail, location, at, subject) {
  const attributes = [`class="${escape(`${kind} ${severity ?? ''}`.trim())}"`];
  if (subject) attributes.push(`data-subject="${escape(`${subject.kind} ${subject.id}`)}"`);
  if (at !== null) attributes.push(`data-line="${location.line}"`);
  const jump = at === null ? '' : ` jump" tabindex="0" data-target="${at}`;
  const parts = [`<li ${attributes.join(' ')}><div class="head${jump}">`];
  if (severity) parts.push(`<span class="severity">${escape(severity)}</span>`);
  parts.push(`<code>${escape(code)}</code>`);
  if (kind === 'hop') parts.push(` <span class="message">${escape(message)}</span>`);
  if (location) {
    const where = at === null ? `${location.file}:${location.line}` : `line ${location.line}`;
    parts.push(`<span class="where">${escape(where)}</span>`);
  }
  parts.push('</div>');
  if (kind !== 'hop') parts.push(`<div class="message">${escape(message)}</div>`);
  if (detail) parts.push(`<div class="detail">${escape(detail)}</div>`);
  return parts.join('');
}

// A click (or Enter) on an item's head puts the cursor where it points.
function jumpFrom(event) {
  const head = event.target.closest('.head.jump');
  if (!head || (event.type === 'keydown' && event.key !== 'Enter')) return;
  const at = Math.min(state.targets[Number(head.dataset.target)] ?? 0, view.state.doc.length);
  view.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: 'center' }) });
  view.focus();
}

// ---------------------------------------------------------------------------
// The graph: vakt's DOT, drawn by Graphviz in graph-worker.js

let graphTimer = 0;
let graphVersion = -1;

function scheduleGraph() {
  clearTimeout(graphTimer);
  graphTimer = setTimeout(drawGraph, GRAPH_DEBOUNCE_MS);
}

async function drawGraph() {
  const version = state.version;
  if (version === graphVersion) return;
  const graph = $('#graph');
  let reply;
  try {
    reply = await grapher.call({ files: { [state.file]: view.state.doc.toString() }, options: options() });
  } catch (error) {
    if (error.restarted) return;
    graph.dataset.state = 'error';
    graph.textContent = `The graph could not be drawn: ${error.message}`;
    grapher.restart();
    return;
  }
  if (version !== state.version) return;
  graphVersion = version;
  if (reply.svg === null) {
    // the model does not load: keep the last graph, dimmed
    if (graph.dataset.state === 'svg') graph.dataset.state = 'stale';
    else {
      graph.dataset.state = 'empty';
      graph.textContent = 'The graph is drawn when the model loads without errors.';
    }
    return;
  }
  graph.innerHTML = reply.svg;
  graph.dataset.state = 'svg';
  graph.dataset.ms = String(Math.round(reply.ms));
}

// A click on a system in the graph puts the cursor on its declaration.
function jumpToSystem(event) {
  const node = event.target.closest('g.node');
  const id = node?.id?.startsWith('system-') ? node.id.slice('system-'.length) : null;
  if (!id) return;
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`^[ \\t]*system[ \\t]+${escaped}(?![\\p{L}\\p{N}_.-])`, 'mu').exec(
    view.state.doc.toString(),
  );
  if (!match) return;
  const at = match.index + match[0].length - id.length;
  view.dispatch({ selection: { anchor: at, head: at + id.length }, effects: EditorView.scrollIntoView(at, { y: 'center' }) });
  view.focus();
}

// ---------------------------------------------------------------------------
// The URL hash

let hashTimer = 0;

function saveHash() {
  clearTimeout(hashTimer);
  hashTimer = setTimeout(async () => {
    const hash = await encodeState({ f: state.file, t: view.state.doc.toString(), k: state.kommune });
    window.history.replaceState(null, '', `#${hash}`);
  }, 300);
}

async function loadHash() {
  const hash = location.hash.slice(1);
  const saved = hash ? await decodeState(hash) : null;
  if (saved && typeof saved.t === 'string') {
    state.kommune = saved.k === true;
    $('#kommune').checked = state.kommune;
    load(typeof saved.f === 'string' && saved.f ? saved.f : 'model.vakt', saved.t);
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Controls

function setUp() {
  const picker = $('#example');
  for (const [file, example] of Object.entries(EXAMPLES)) {
    const option = document.createElement('option');
    option.value = file;
    option.textContent = `${example.title} (${file})`;
    picker.append(option);
  }
  picker.addEventListener('change', () => {
    if (EXAMPLES[picker.value]) load(picker.value, EXAMPLES[picker.value].text);
  });
  $('#kommune').addEventListener('change', (event) => {
    state.kommune = event.target.checked;
    state.version++; // what the graph shows changes too
    recheck();
    saveHash();
  });
  $('#share').addEventListener('click', async () => {
    clearTimeout(hashTimer);
    const hash = await encodeState({ f: state.file, t: view.state.doc.toString(), k: state.kommune });
    window.history.replaceState(null, '', `#${hash}`);
    try {
      await navigator.clipboard.writeText(location.href);
      $('#share').textContent = 'Link copied';
    } catch {
      $('#share').textContent = 'Link in the address bar';
    }
    setTimeout(() => ($('#share').textContent = 'Copy link'), 2000);
  });
  $('#graph').addEventListener('click', jumpToSystem);
  $('#format').addEventListener('click', formatModel);
  $('#findings').addEventListener('click', jumpFrom);
  $('#findings').addEventListener('keydown', jumpFrom);
  window.addEventListener('hashchange', loadHash);
}

// Replaces the model with its canonical formatting (`vakt fmt`), if it
// parses.
async function formatModel() {
  const text = view.state.doc.toString();
  const reply = await checker.call({ call: 'format', files: { [state.file]: text }, options: {} });
  const answer = JSON.parse(reply.json);
  const formatted = answer.files[0];
  if (!formatted) {
    $('#status').textContent = 'Fix the syntax errors first: only a model that parses can be formatted.';
    setTimeout(() => ($('#status').textContent = ''), 4000);
    return;
  }
  if (formatted.changed && view.state.doc.toString() === text) {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: formatted.text } });
  }
}

// Measures re-checking as a user sees it: loads `text`, then `runs` times
// makes a one-character edit in the middle (which moves every finding
// after it), lets the page settle, and times the re-check from the request
// to the worker until the underlines and the findings list are updated.
// Three untimed runs come first, while the engine warms up. Returns the
// times in milliseconds, and what they are made of.
async function measure(text, runs = 10) {
  state.measuring = true;
  clearTimeout(graphTimer);
  load('model.vakt', text);
  clearTimeout(timer);
  const middle = view.state.doc.line(Math.ceil(view.state.doc.lines / 2)).from;
  const times = [];
  const breakdown = [];
  for (let i = -3; i < runs; i++) {
    const edit = i % 2 ? { from: middle, insert: ' ' } : { from: middle, to: middle + 1 };
    view.dispatch({ changes: edit });
    clearTimeout(timer);
    await settle();
    const started = performance.now();
    await recheck();
    if (i < 0) continue;
    times.push(performance.now() - started);
    breakdown.push(state.timings);
  }
  state.measuring = false;
  return { times, breakdown };
}

// Waits until the page has drawn its last change.
function settle() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 20)));
}

async function main() {
  setUp();
  if (!(await loadHash())) load('vestby.vakt', EXAMPLES['vestby.vakt'].text);
  clearTimeout(timer);
  await recheck();
}

// For tests and the curious: the editor, and what the page knows.
window.vaktPlayground = {
  view,
  recheck,
  measure,
  drawGraph,
  state,
  scrollTo: (at) => EditorView.scrollIntoView(at, { y: 'start' }),
};
main();
