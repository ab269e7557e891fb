// Syntax highlighting for the vakt language (SPEC §1): a CodeMirror
// StreamLanguage that knows keywords, declaration kinds, the ids they
// declare, attribute names, strings, comments, dates, durations, numbers and
// the flow arrows. It only colours: the checker reports every error.

import { StreamLanguage, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';

const KINDS = new Set([
  'organization', 'zone', 'category', 'subject', 'processor', 'party', 'system', 'flow', 'rule',
]);
const KEYWORDS = new Set([
  'allow', 'use', 'each', 'where', 'must', 'forbid', 'path', 'from', 'to', 'carrying', 'avoiding',
  'and', 'or', 'not', 'in', 'has', 'on', 'because', 'until', 'it',
]);
const ATOMS = new Set(['true', 'false', 'permanent']);

// A letter or `_`, then letters, digits, `_`, `-` and `.` (dotted category ids).
const IDENT = /^[\p{L}_][\p{L}\p{N}_.-]*/u;

function tokenBlockComment(stream, state) {
  while (!stream.eol()) {
    if (stream.match('*/')) {
      state.inComment = false;
      return 'blockComment';
    }
    stream.next();
  }
  return 'blockComment';
}

function tokenString(stream, state) {
  let escaped = false;
  while (!stream.eol()) {
    const ch = stream.next();
    if (ch === '"' && !escaped) {
      state.inString = false;
      return 'string';
    }
    escaped = !escaped && ch === '\\';
  }
  // SPEC §1: a string ends on its line; an unterminated one is an error the
  // checker reports.
  state.inString = false;
  return 'string';
}

const vakt = {
  name: 'vakt',
  startState: () => ({ inComment: false, inString: false, afterKind: false }),
  copyState: (s) => ({ ...s }),
  token(stream, state) {
    if (state.inComment) return tokenBlockComment(stream, state);
    if (state.inString) return tokenString(stream, state);
    if (stream.eatSpace()) return null;
    if (stream.match('//')) {
      stream.skipToEnd();
      return 'lineComment';
    }
    if (stream.match('/*')) {
      state.inComment = true;
      return tokenBlockComment(stream, state);
    }
    if (stream.eat('"')) {
      state.inString = true;
      return tokenString(stream, state);
    }
    if (stream.match(/^\d{4}-\d{2}-\d{2}\b/)) return 'atom';
    if (stream.match(/^\d+(mo|h|d|w|y)\b/)) return 'unit';
    if (stream.match(/^\d+/)) return 'number';
    if (stream.match('<->') || stream.match('->')) return 'operator';
    if (stream.match(/^(==|!=|<=|>=|[<>=])/)) return 'operator';
    if (stream.match(/^[{}]/)) return 'brace';
    if (stream.match(/^[[\]]/)) return 'squareBracket';
    if (stream.match(/^[()]/)) return 'paren';
    if (stream.match(/^[,;:]/)) return 'punctuation';
    const word = stream.match(IDENT);
    if (word) {
      const text = word[0];
      if (state.afterKind) {
        state.afterKind = false;
        return 'definition';
      }
      // `zone = lukket` inside a block: an attribute, even if it is a kind
      if (stream.match(/^\s*=(?!=)/, false)) return 'propertyName';
      if (KINDS.has(text)) {
        // `each system`, `forbid flow`, `from system`: a kind in a rule
        // names no new entity.
        const line = stream.string.slice(0, stream.start);
        state.afterKind = !/\b(each|forbid|from|to|avoiding|on)\s*$/.test(line);
        return 'keyword';
      }
      if (KEYWORDS.has(text)) return 'keyword';
      if (ATOMS.has(text)) return 'bool';
      return 'variableName';
    }
    stream.next();
    return null;
  },
  languageData: {
    commentTokens: { line: '//', block: { open: '/*', close: '*/' } },
    closeBrackets: { brackets: ['(', '[', '{', '"'] },
  },
  tokenTable: {
    lineComment: t.lineComment,
    blockComment: t.blockComment,
    string: t.string,
    atom: t.atom,
    unit: t.unit,
    number: t.number,
    operator: t.operator,
    brace: t.brace,
    squareBracket: t.squareBracket,
    paren: t.paren,
    punctuation: t.punctuation,
    definition: t.definition(t.variableName),
    keyword: t.keyword,
    bool: t.bool,
    propertyName: t.propertyName,
    variableName: t.variableName,
  },
};

export const vaktLanguage = StreamLanguage.define(vakt);

export const vaktHighlighting = syntaxHighlighting(
  HighlightStyle.define([
    { tag: [t.lineComment, t.blockComment], color: '#6a737d', fontStyle: 'italic' },
    { tag: t.string, color: '#0a7f3f' },
    { tag: [t.atom, t.unit, t.number, t.bool], color: '#a4420a' },
    { tag: t.keyword, color: '#8a2be2', fontWeight: '600' },
    { tag: t.definition(t.variableName), color: '#0550ae', fontWeight: '600' },
    { tag: t.propertyName, color: '#116878' },
    { tag: t.operator, color: '#cf222e' },
  ]),
);
