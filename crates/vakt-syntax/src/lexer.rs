//! Token recognisers: nom parsers over `&str` for the lexical pieces of §1
//! (names, strings, numbers, durations, dates, comments).
//!
//! The structure above them is parsed by [`crate::parser`], which needs error
//! recovery and newline-sensitive separators and so drives these by hand.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_until, take_while, take_while1};
use nom::character::complete::{char, digit1, satisfy};
use nom::combinator::{opt, recognize};
use nom::error::{ErrorKind, ParseError};
use nom::sequence::preceded;
use nom::{IResult, Parser};

use smol_str::SmolStr;

use crate::literal::{Date, Duration, DurationUnit};

/// What went wrong while reading a token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Problem {
    /// The token is not there (nom's own error).
    Missing(ErrorKind),
    /// `"…` without its closing quote on the same line.
    UnterminatedString,
    /// `/* …` without `*/`.
    UnterminatedComment,
    /// `\x` where x is not one of `" \ n t u`.
    InvalidEscape,
    /// A number followed by letters that are not a duration unit.
    UnknownUnit(String),
    /// A number too large to represent.
    NumberTooLarge,
    /// Looks like a date but is not a real one.
    InvalidDate,
}

/// A lexical error: where (the remaining input at the problem), how many
/// bytes to underline, and what.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LexError<'a> {
    pub input: &'a str,
    pub len: usize,
    pub problem: Problem,
}

impl<'a> ParseError<&'a str> for LexError<'a> {
    fn from_error_kind(input: &'a str, kind: ErrorKind) -> Self {
        LexError {
            input,
            len: 0,
            problem: Problem::Missing(kind),
        }
    }

    fn append(_input: &'a str, _kind: ErrorKind, other: Self) -> Self {
        other
    }
}

impl<'a> nom::error::ContextError<&'a str> for LexError<'a> {}

impl<'a, E> nom::error::FromExternalError<&'a str, E> for LexError<'a> {
    fn from_external_error(input: &'a str, kind: ErrorKind, _e: E) -> Self {
        LexError::from_error_kind(input, kind)
    }
}

pub(crate) type LexResult<'a, O> = IResult<&'a str, O, LexError<'a>>;

fn failure(input: &str, len: usize, problem: Problem) -> nom::Err<LexError<'_>> {
    nom::Err::Failure(LexError {
        input,
        len,
        problem,
    })
}

/// Spaces, tabs and carriage returns (not newlines).
pub(crate) fn blanks(i: &str) -> LexResult<'_, &str> {
    take_while(|c| c == ' ' || c == '\t' || c == '\r' || c == '\u{feff}').parse(i)
}

/// `/* … */` (not nested).
pub(crate) fn block_comment(i: &str) -> LexResult<'_, &str> {
    let (rest, _) = tag("/*").parse(i)?;
    match take_until::<_, _, LexError<'_>>("*/").parse(rest) {
        Ok((rest, _)) => {
            let (rest, _) = tag("*/").parse(rest)?;
            let len = i.len() - rest.len();
            Ok((rest, i.get(..len).unwrap_or(i)))
        }
        Err(_) => Err(failure(i, 2, Problem::UnterminatedComment)),
    }
}

fn is_word_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// An undotted identifier. A `-` ends it when followed by `>` (so `a->b`
/// reads as `a`, `->`, `b`).
pub(crate) fn word(i: &str) -> LexResult<'_, &str> {
    // Fast path over ASCII bytes; any other byte hands over to the
    // Unicode-aware scanner.
    let bytes = i.as_bytes();
    match bytes.first() {
        Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {}
        Some(b) if *b >= 0x80 => return word_unicode(i),
        _ => {
            return Err(nom::Err::Error(LexError::from_error_kind(
                i,
                ErrorKind::Alpha,
            )));
        }
    }
    let mut end = 1;
    loop {
        let rest = bytes.get(end..).unwrap_or(&[]);
        end += rest
            .iter()
            .position(|&b| !WORD_BYTES.get(usize::from(b)).copied().unwrap_or(false))
            .unwrap_or(rest.len());
        match bytes.get(end) {
            Some(b'-') if bytes.get(end + 1) != Some(&b'>') => end += 1,
            Some(&b) if b >= 0x80 => return word_unicode(i),
            _ => return split(i, end),
        }
    }
}

/// Names are short: copied inline with a loop the compiler unrolls, not a
/// call to `memcpy` as `SmolStr::new` makes (a large model has millions).
pub(crate) fn short_text(text: &str) -> SmolStr {
    if text.len() <= 23 {
        SmolStr::new_inline(text)
    } else {
        SmolStr::new(text)
    }
}

/// The length in bytes of the undotted identifier at the start of `i` (0 if
/// there is none): the parser's hot path, without building a result.
pub(crate) fn word_len(i: &str) -> usize {
    let bytes = i.as_bytes();
    match bytes.first() {
        Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {}
        Some(b) if *b >= 0x80 => return word_unicode(i).map_or(0, |(_, w)| w.len()),
        _ => return 0,
    }
    let mut end = 1;
    loop {
        let rest = bytes.get(end..).unwrap_or(&[]);
        end += rest
            .iter()
            .position(|&b| !WORD_BYTES.get(usize::from(b)).copied().unwrap_or(false))
            .unwrap_or(rest.len());
        match bytes.get(end) {
            Some(b'-') if bytes.get(end + 1) != Some(&b'>') => end += 1,
            Some(&b) if b >= 0x80 => return word_unicode(i).map_or(0, |(_, w)| w.len()),
            _ => return end,
        }
    }
}

/// Bytes that may start trivia: blanks, newlines, `/` of a comment, and the
/// first byte of a byte-order mark. One table lookup per token instead of a
/// chain of comparisons.
#[expect(clippy::indexing_slicing, reason = "the indexes are the listed bytes")]
pub(crate) static TRIVIA_START: [bool; 256] = {
    let mut table = [false; 256];
    table[b' ' as usize] = true;
    table[b'\t' as usize] = true;
    table[b'\r' as usize] = true;
    table[b'\n' as usize] = true;
    table[b'/' as usize] = true;
    table[0xEF] = true;
    table
};

/// Whether `b` is an ASCII letter, digit or `_`.
pub(crate) fn is_word_byte(b: u8) -> bool {
    WORD_BYTES.get(usize::from(b)).copied().unwrap_or(false)
}

/// ASCII letters, digits and `_`: bytes that continue a word.
#[expect(
    clippy::indexing_slicing,
    reason = "the const loop runs over the table's own indexes"
)]
static WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    table
};

fn word_unicode(i: &str) -> LexResult<'_, &str> {
    let (_, _) = satisfy(is_word_start).parse(i)?;
    let mut end = i.len();
    let mut chars = i.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let ends_here =
            !is_word_char(c) || (c == '-' && chars.peek().is_some_and(|&(_, n)| n == '>'));
        if ends_here {
            end = at;
            break;
        }
    }
    split(i, end)
}

fn split(i: &str, at: usize) -> LexResult<'_, &str> {
    match (i.get(..at), i.get(at..)) {
        (Some(w), Some(rest)) => Ok((rest, w)),
        _ => Err(nom::Err::Error(LexError::from_error_kind(
            i,
            ErrorKind::Alpha,
        ))),
    }
}

/// A dotted identifier: `word(.word)*`, returned whole.
pub(crate) fn dotted_word(i: &str) -> LexResult<'_, &str> {
    let (mut rest, _) = word(i)?;
    while let Some(after_dot) = rest.strip_prefix('.') {
        match word(after_dot) {
            Ok((after, _)) => rest = after,
            Err(_) => break,
        }
    }
    split(i, i.len() - rest.len())
}

/// A string literal; returns the value with escapes resolved.
pub(crate) fn string(i: &str) -> LexResult<'_, SmolStr> {
    let (body, _) = char('"').parse(i)?;
    // Fast path: no escapes before the closing quote; short strings are
    // stored inline, without allocating.
    if let Some(end) = memchr::memchr3(b'"', b'\\', b'\n', body.as_bytes())
        && body.as_bytes().get(end) == Some(&b'"')
        && let (Some(value), Some(rest)) = (body.get(..end), body.get(end + 1..))
    {
        return Ok((rest, short_text(value)));
    }
    let mut value = String::new();
    let mut chars = body.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Ok((body.get(at + 1..).unwrap_or(""), value.into())),
            '\n' => break,
            '\\' => {
                let here = body.get(at..).unwrap_or("");
                match chars.next() {
                    Some((_, '"')) => value.push('"'),
                    Some((_, '\\')) => value.push('\\'),
                    Some((_, 'n')) => value.push('\n'),
                    Some((_, 't')) => value.push('\t'),
                    Some((_, 'u')) => {
                        let (_, (len, ch)) = unicode_escape(here)?;
                        value.push(ch);
                        // skip the rest of `\u{…}` (the `\` and `u` are consumed)
                        for _ in 0..len.saturating_sub(2) {
                            chars.next();
                        }
                    }
                    Some((_, other)) => {
                        return Err(failure(here, 1 + other.len_utf8(), Problem::InvalidEscape));
                    }
                    None => break,
                }
            }
            c => value.push(c),
        }
    }
    let line_len = i.find('\n').unwrap_or(i.len());
    Err(failure(i, line_len, Problem::UnterminatedString))
}

/// `\u{HEX}` at the start of `i`: its length in chars (all ASCII) and the char.
fn unicode_escape(i: &str) -> LexResult<'_, (usize, char)> {
    let hex = |c: char| c.is_ascii_hexdigit();
    let (rest, digits) = preceded(tag("\\u{"), take_while1(hex))
        .parse(i)
        .map_err(|_: nom::Err<LexError<'_>>| failure(i, 2, Problem::InvalidEscape))?;
    let (rest, _) = char::<_, LexError<'_>>('}')
        .parse(rest)
        .map_err(|_| failure(i, 3 + digits.len(), Problem::InvalidEscape))?;
    let len = i.len() - rest.len();
    let ch = u32::from_str_radix(digits, 16)
        .ok()
        .and_then(char::from_u32)
        .ok_or_else(|| failure(i, len, Problem::InvalidEscape))?;
    Ok((rest, (len, ch)))
}

/// A number-like literal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    Int(u64),
    Duration(Duration),
    Date(Date),
}

/// An integer (`150`), a duration (`10y`, `3mo`) or a date (`2026-12-31`).
pub(crate) fn number(i: &str) -> LexResult<'_, Number> {
    let mut date_shape = recognize((digit1, char('-'), digit1, char('-'), digit1));
    let shaped: LexResult<'_, &str> = date_shape.parse(i);
    if let Ok((rest, text)) = shaped {
        let trailing = word_tail(rest);
        if trailing > 0 {
            return Err(failure(i, text.len() + trailing, Problem::InvalidDate));
        }
        return match Date::parse(text) {
            Some(date) => Ok((rest, Number::Date(date))),
            None => Err(failure(i, text.len(), Problem::InvalidDate)),
        };
    }
    let (rest, digits) = digit1(i)?;
    let amount: u64 = digits
        .parse()
        .map_err(|_| failure(i, digits.len(), Problem::NumberTooLarge))?;
    let (after_unit, suffix) =
        opt(alt((tag("mo"), tag("h"), tag("d"), tag("w"), tag("y")))).parse(rest)?;
    let trailing = word_tail(after_unit);
    let span_len = i.len() - after_unit.len();
    if trailing > 0 {
        let text = i.get(digits.len()..span_len + trailing).unwrap_or("");
        return Err(failure(
            i,
            span_len + trailing,
            Problem::UnknownUnit(text.to_owned()),
        ));
    }
    match suffix.and_then(DurationUnit::from_suffix) {
        None => Ok((rest, Number::Int(amount))),
        Some(unit) => {
            if amount.checked_mul(unit.hours()).is_none() {
                return Err(failure(i, span_len, Problem::NumberTooLarge));
            }
            Ok((after_unit, Number::Duration(Duration { amount, unit })))
        }
    }
}

/// The byte length of identifier characters at the start of `i`.
fn word_tail(i: &str) -> usize {
    i.char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
        .map_or(i.len(), |(at, _)| at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_stop_before_arrows_and_dots() {
        assert_eq!(word("lukket-sone rest"), Ok((" rest", "lukket-sone")));
        assert_eq!(word("epj->pda"), Ok(("->pda", "epj")));
        assert_eq!(word("bø_2 x"), Ok((" x", "bø_2")));
        assert_eq!(
            dotted_word("helse.journal.x y"),
            Ok((" y", "helse.journal.x"))
        );
        assert_eq!(dotted_word("holds.any(x)"), Ok(("(x)", "holds.any")));
        assert_eq!(dotted_word("a. b"), Ok((". b", "a")));
        assert!(word("1abc").is_err());
        assert!(word("-x").is_err());
    }

    #[test]
    fn strings_resolve_escapes() {
        assert_eq!(
            string(r#""a\"b\\c\n\t\u{e6}ø" rest"#),
            Ok((" rest", "a\"b\\c\n\tæø".into()))
        );
        let err = string("\"open\nnext").unwrap_err();
        assert!(matches!(
            err,
            nom::Err::Failure(LexError {
                problem: Problem::UnterminatedString,
                len: 5,
                ..
            })
        ));
        let err = string(r#""bad \q""#).unwrap_err();
        assert!(matches!(
            err,
            nom::Err::Failure(LexError {
                problem: Problem::InvalidEscape,
                len: 2,
                ..
            })
        ));
        let err = string(r#""bad \u{110000}""#).unwrap_err();
        assert!(matches!(
            err,
            nom::Err::Failure(LexError {
                problem: Problem::InvalidEscape,
                ..
            })
        ));
    }

    #[test]
    fn numbers_durations_and_dates() {
        assert_eq!(number("150 "), Ok((" ", Number::Int(150))));
        assert_eq!(
            number("3mo,"),
            Ok((
                ",",
                Number::Duration(Duration {
                    amount: 3,
                    unit: DurationUnit::Month
                })
            ))
        );
        assert_eq!(
            number("7d"),
            Ok((
                "",
                Number::Duration(Duration {
                    amount: 7,
                    unit: DurationUnit::Day
                })
            ))
        );
        assert_eq!(
            number("2026-12-31 x"),
            Ok((" x", Number::Date(Date::new(2026, 12, 31).unwrap())))
        );
        assert!(matches!(
            number("2026-02-30"),
            Err(nom::Err::Failure(LexError {
                problem: Problem::InvalidDate,
                ..
            }))
        ));
        assert!(matches!(
            number("10days"),
            Err(nom::Err::Failure(LexError {
                problem: Problem::UnknownUnit(_),
                len: 6,
                ..
            }))
        ));
        assert!(matches!(
            number("99999999999999999999999"),
            Err(nom::Err::Failure(LexError {
                problem: Problem::NumberTooLarge,
                ..
            }))
        ));
        assert!(matches!(
            number("9999999999999999999y"),
            Err(nom::Err::Failure(LexError {
                problem: Problem::NumberTooLarge,
                ..
            }))
        ));
    }

    #[test]
    fn block_comments_must_close() {
        assert_eq!(block_comment("/* a\nb */x"), Ok(("x", "/* a\nb */")));
        assert!(matches!(
            block_comment("/* open"),
            Err(nom::Err::Failure(LexError {
                problem: Problem::UnterminatedComment,
                ..
            }))
        ));
    }
}
