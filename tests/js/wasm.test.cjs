// The WebAssembly build under node (the `--target nodejs` bindings): it
// answers exactly as the release CLI does, and hostile input gives
// diagnostics, never an exception.
//
// Needs `scripts/build-wasm` (crates/vakt-wasm/pkg-node) and the release CLI
// (`cargo build --release`); `scripts/test wasm` does both.

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { readFileSync, readdirSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const vakt = require(path.join(root, 'crates/vakt-wasm/pkg-node/vakt_wasm.js'));
const cli = path.join(root, 'target/release/vakt');
const TODAY = '2026-06-01';

const examples = readdirSync(path.join(root, 'examples'))
  .filter((name) => name.endsWith('.vakt'))
  .map((name) => `examples/${name}`);

function runCli(args) {
  const run = spawnSync(cli, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(run.error, undefined, `cannot run ${cli}: ${run.error}`);
  return run;
}

function parse(text) {
  assert.equal(typeof text, 'string');
  return JSON.parse(text);
}

const OPTION_SETS = [
  { flags: [], options: {} },
  { flags: ['--rules', 'kommune'], options: { rules: ['kommune'] } },
  { flags: ['--no-default-rules'], options: { no_default_rules: true } },
  { flags: ['--fail-on', 'info'], options: { fail_on: 'info' } },
];

test('the examples are found', () => {
  assert.deepEqual(examples, ['examples/bodo.vakt', 'examples/vestby.vakt', 'examples/violations.vakt']);
});

for (const example of examples) {
  for (const { flags, options } of OPTION_SETS) {
    test(`check ${example} ${flags.join(' ')} answers as the CLI does`, () => {
      const run = runCli(['check', example, '--format', 'json', '--today', TODAY, ...flags]);
      assert.ok([0, 1, 2].includes(run.status) && run.stdout, run.stderr);
      const files = { [example]: readFileSync(path.join(root, example), 'utf8') };
      const answer = vakt.check(files, { ...options, today: TODAY });
      assert.deepStrictEqual(parse(answer), parse(run.stdout));
      assert.equal(answer, run.stdout);
      const status = parse(vakt.check_status(files, { ...options, today: TODAY }));
      assert.equal(status.exit_code, run.status);
      assert.deepStrictEqual(status.result, parse(run.stdout));
    });
  }
}

for (const example of examples) {
  test(`graph and format of ${example} answer as the CLI does`, () => {
    const text = readFileSync(path.join(root, example), 'utf8');
    const files = { [example]: text };
    for (const format of ['dot', 'mermaid', 'json']) {
      const run = runCli(['graph', example, '--format', format, '--today', TODAY]);
      const answer = parse(vakt.graph(files, format, { today: TODAY }));
      assert.equal(answer.graph, run.stdout, format);
      assert.equal(answer.format, format);
    }
    const fmt = spawnSync(cli, ['fmt', '-'], { cwd: root, input: text, encoding: 'utf8' });
    const formatted = parse(vakt.format(files));
    assert.equal(formatted.files[0].text, fmt.stdout);
    assert.equal(formatted.files[0].changed, fmt.stdout !== text);
  });
}

test('a load error answers as the CLI does, with exit code 2', () => {
  const source = 'zone z { trust = closed }\nsystem s { zone = lukkt }\n';
  const run = spawnSync(cli, ['check', '-', '--format', 'json', '--today', TODAY], {
    cwd: root,
    input: source,
    encoding: 'utf8',
  });
  assert.equal(run.status, 2);
  const status = parse(vakt.check_status({ '<stdin>': source }, { today: TODAY }));
  assert.equal(status.exit_code, 2);
  assert.deepStrictEqual(status.result, parse(run.stdout));
  assert.deepEqual(status.result.findings, []);
});

test('rules lists what `vakt rules` lists', () => {
  const run = runCli(['rules', '--rules', 'kommune']);
  const ids = run.stdout.trim().split('\n').map((line) => line.split(/\s+/)[0]);
  const answer = parse(vakt.rules(undefined, { rules: ['kommune'] }));
  assert.deepEqual(answer.rules.map((r) => r.id), ids);
  assert.deepEqual(answer.diagnostics, []);
});

test('explain shows a rule, and suggests one for a typo', () => {
  const found = parse(vakt.explain('closed-zone-egress'));
  assert.equal(found.rule.origin, 'kommune');
  assert.match(found.rule.source, /^rule closed-zone-egress/);
  const typo = parse(vakt.explain('closed-zone-egres', {}, null));
  assert.equal(typo.rule, null);
  assert.equal(typo.diagnostics[0].code, 'vakt::unknown-rule');
  assert.equal(typo.diagnostics[0].help, 'did you mean `closed-zone-egress`?');
});

// ---------------------------------------------------------------------------
// Hostile input: every call returns JSON; none throws.

function randomText(length, seed) {
  let x = seed;
  let text = '';
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    text += String.fromCharCode(x >>> 16); // any UTF-16 code unit, lone surrogates included
  }
  return text;
}

function checkAll(files, options) {
  const answers = [
    vakt.check(files, options),
    vakt.check_status(files, options),
    vakt.rules(files, options),
    vakt.explain('no-sensitive-email', files, options),
    vakt.graph(files, 'dot', options),
    vakt.graph(files, 'mermaid', options),
    vakt.format(files, options),
  ];
  return answers.map(parse);
}

const HOSTILE_MODELS = {
  'random code units': randomText(200_000, 1),
  'random ASCII': Array.from(randomText(100_000, 2), (c) => String.fromCharCode(c.charCodeAt(0) % 128)).join(''),
  '20,000 [': `system s { stores = ${'['.repeat(20_000)} }`,
  '20,000 (': `rule r { forbid system where ${'('.repeat(20_000)} }`,
  '20,000 {': '{'.repeat(20_000),
  '20,000 not': `rule r { forbid system where ${'not '.repeat(20_000)}true }`,
  '20,000 ] ) }': '])}'.repeat(20_000),
  '2 MB string': `organization o { controller = "${'x'.repeat(2 << 20)}" }`,
  '2 MB unterminated string': `organization o { controller = "${'x'.repeat(2 << 20)}`,
  '2 MB comment': `/* ${'*'.repeat(2 << 20)}`,
  'huge identifiers': `zone z { trust = closed }\nsystem ${'a'.repeat(1 << 20)} { zone = z }\nsystem t { zone = ${'b'.repeat(1 << 20)} }`,
  'huge number': `system s { zone = z, retention = ${'9'.repeat(100_000)}d }`,
  'lone surrogates': 'zone \ud800 { trust = closed }\n// \udfff\nsystem s { zone = "\udc00" }',
  'NUL bytes': '\0'.repeat(1000),
  'long use chain': Array.from({ length: 2000 }, (_, i) => `use "f${i}.vakt"`).join('\n'),
};

for (const [name, text] of Object.entries(HOSTILE_MODELS)) {
  test(`hostile model: ${name}`, () => {
    const [check, status] = checkAll({ 'm.vakt': text }, { today: TODAY, rules: ['kommune'] });
    assert.equal(check.version, 1);
    assert.deepStrictEqual(status.result, check);
    assert.ok(Array.isArray(check.diagnostics) && Array.isArray(check.findings));
  });
}

test('hostile models with load errors report them', () => {
  for (const name of ['random code units', '20,000 [', '20,000 (', '20,000 {', 'huge identifiers', 'NUL bytes']) {
    const check = parse(vakt.check({ 'm.vakt': HOSTILE_MODELS[name] }));
    assert.ok(
      check.diagnostics.some((d) => d.severity === 'error'),
      `${name}: ${JSON.stringify(check.diagnostics).slice(0, 200)}`,
    );
    assert.deepEqual(check.findings, []);
  }
  const deep = parse(vakt.check({ 'm.vakt': HOSTILE_MODELS['20,000 ['] }));
  assert.ok(deep.diagnostics.some((d) => d.code === 'vakt::nesting-too-deep'));
});

test('lone surrogates become U+FFFD, and offsets stay on characters', () => {
  const text = 'zone \ud800 { trust = closed }';
  const check = parse(vakt.check({ 'm.vakt': text }));
  const bytes = Buffer.byteLength(text.replace(/[\ud800-\udfff]/g, '\ufffd'));
  for (const d of check.diagnostics) {
    assert.ok(d.location.offset + d.location.length <= bytes, JSON.stringify(d));
  }
  // a file name with a lone surrogate
  const named = parse(vakt.check({ 'm\udc00.vakt': 'zone z { trust = closed }' }));
  assert.equal(named.version, 1);
});

const HOSTILE_REQUESTS = {
  'files: undefined': [undefined, undefined],
  'files: null': [null, null],
  'files: a number': [42, {}],
  'files: a list': [['zone z { trust = closed }'], {}],
  'files: a BigInt': [10n, {}],
  'files: a symbol': [Symbol('files'), {}],
  'files: a function': [() => 1, {}],
  'files: not JSON': ['zone z { trust = closed }', {}],
  'files: JSON with a lone surrogate escape': ['{"m.vakt": "\\ud800"}', {}],
  'files: a text that is not a string': [{ 'a.vakt': 7, 'b.vakt': { nested: true }, 'c.vakt': null }, {}],
  'files: a cycle': [(() => { const o = {}; o.self = o; return { 'a.vakt': o }; })(), {}],
  'files: a throwing getter': [{ get 'a.vakt'() { throw new Error('no'); } }, {}],
  'files: a Map': [new Map([['a.vakt', 'zone z { trust = closed }'], [7, 'x']]), {}],
  'options: a cycle': [{}, (() => { const o = {}; o.self = o; return o; })()],
  'options: a BigInt': [{}, { today: 1n }],
  'options: wrong types': [{}, { rules: 'kommune', no_default_rules: 'no', today: 2026, fail_on: [], extra: 1 }],
  'options: not JSON': [{}, '{"rules": '],
  'options: a huge key': [{}, { ['k'.repeat(1 << 20)]: true }],
};

for (const [name, [files, options]] of Object.entries(HOSTILE_REQUESTS)) {
  test(`hostile request: ${name}`, () => {
    const [check] = checkAll(files, options);
    assert.equal(check.version, 1);
    assert.ok(check.diagnostics.length > 0, name);
  });
}

test('graph takes any format', () => {
  for (const format of [null, 7, {}, 'svg', '\ud800', 'x'.repeat(1 << 20)]) {
    const answer = parse(vakt.graph({ 'm.vakt': 'zone z { trust = closed }' }, format));
    assert.equal(answer.graph, null);
    assert.equal(answer.diagnostics[0].code, 'vakt::invalid-request');
  }
  assert.match(parse(vakt.graph({ 'm.vakt': 'zone z { trust = closed }' })).graph, /^\/\/ vakt graph/);
});

test('explain takes any rule id', () => {
  for (const rule of [undefined, null, 7, {}, '', 'x'.repeat(1 << 20), '\ud800']) {
    const answer = parse(vakt.explain(rule));
    assert.equal(answer.rule, null);
    assert.equal(answer.diagnostics[0].code, 'vakt::unknown-rule');
  }
});
