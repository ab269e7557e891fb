// vakt's JSON counts offsets and lengths in UTF-8 bytes; CodeMirror counts
// positions in UTF-16 code units. `utf16Positions(text)` returns a function
// from a byte offset of `text` to its position in the editor.
//
// A byte inside a character maps to that character's start. Lone
// surrogates count as 3 bytes, as U+FFFD, which is what they become on the
// way into the checker.

export function utf16Positions(text) {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) {
    return (byte) => clamp(byte, text.length);
  }
  const map = new Uint32Array(text.length * 3 + 1);
  let byte = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i);
    const units = code > 0xffff ? 2 : 1;
    const bytes = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    map.fill(i, byte, byte + bytes);
    byte += bytes;
    i += units;
  }
  map[byte] = text.length;
  return (offset) => map[clamp(offset, byte)];
}

function clamp(n, max) {
  return Math.max(0, Math.min(Number(n) || 0, max));
}
