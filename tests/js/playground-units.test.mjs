// The playground's pure helpers under node: byte offsets to editor
// positions, and the state in the URL hash.

import test from 'node:test';
import assert from 'node:assert/strict';

import { utf16Positions } from '../../playground/src/offsets.js';
import { decodeState, encodeState } from '../../playground/src/share.js';

// Every character's byte offset in UTF-8 (lone surrogates as U+FFFD).
function byteOffsets(text) {
  const offsets = [];
  let byte = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i);
    offsets.push([byte, i]);
    byte += Buffer.byteLength(String.fromCodePoint(code >= 0xd800 && code <= 0xdfff ? 0xfffd : code));
    i += code > 0xffff ? 2 : 1;
  }
  offsets.push([byte, text.length]);
  return offsets;
}

test('byte offsets become UTF-16 positions', () => {
  for (const text of ['zone lukket', 'system bø { zone = lukkt }', 'æøå 😀 x\n€', 'a\ud800b\udfffc', '']) {
    const position = utf16Positions(text);
    for (const [byte, unit] of byteOffsets(text)) {
      assert.equal(position(byte), unit, `${JSON.stringify(text)} byte ${byte}`);
    }
  }
});

test('offsets inside a character or out of range are clamped', () => {
  const position = utf16Positions('bø!');
  assert.equal(position(2), 1); // the second byte of `ø`
  assert.equal(position(99), 3);
  assert.equal(position(-4), 0);
  assert.equal(position(undefined), 0);
  assert.equal(utf16Positions('abc')(10), 3);
});

test('the state survives the URL hash', async () => {
  const state = { f: 'vestby.vakt', t: 'zone lukket "Lukket sone" { trust = closed }\n'.repeat(50) + '😀 æøå', k: true };
  const hash = await encodeState(state);
  assert.match(hash, /^[A-Za-z0-9_-]+$/);
  assert.ok(hash.length < JSON.stringify(state).length / 4, `${hash.length} characters`);
  assert.deepEqual(await decodeState(hash), state);
});

test('a hash that is not a state is ignored', async () => {
  for (const hash of ['', 'not-deflate', '%%%', 'AAAA', btoa('"just a string"')]) {
    assert.equal(await decodeState(hash), null, hash);
  }
});
