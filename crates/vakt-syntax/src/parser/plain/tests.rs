use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::test_runner::TestRunner;

use crate::ast::Item;
use crate::parser::{Items, parse};
use crate::span::FileId;

/// Reads `text` taking plain flows where they are, as the model loader
/// does, and gives the items (plain flows as their trees), comments and
/// diagnostics in `Debug` form (which shows spans), with the number of
/// plain flows.
fn read_with_plain_flows(text: &str) -> (String, usize) {
    let mut items = Items::new(FileId(0), text);
    let mut read = Vec::new();
    let mut plain = 0;
    loop {
        if let Some(flow) = items.next_plain_flow() {
            read.push(Item::Flow(flow.to_decl()));
            plain += 1;
            continue;
        }
        match items.next() {
            Some(item) => read.push(item),
            None => break,
        }
    }
    let (comments, diagnostics) = items.finish();
    (format!("{read:?}\n{comments:?}\n{diagnostics:?}"), plain)
}

fn read_generally(text: &str) -> String {
    let parsed = parse(FileId(0), text);
    format!(
        "{:?}\n{:?}\n{:?}",
        parsed.module.items, parsed.module.comments, parsed.diagnostics
    )
}

#[test]
fn one_line_flows_are_read_plainly_and_as_the_parser_reads_them() {
    let text = "flow s0 -> s6 { carries = [c12], channel = https, encrypted = true }\n\
                flow a -> b \"Sending \u{e6}\" {carries=[x,y,],purpose=\"why\";basis=consent}  \n\
                flow a -> b {}\r\n\
                flow a -> b { carries = [\n  x,\n  y\n] }; flow c -> d { }";
    let (plain, count) = read_with_plain_flows(text);
    assert_eq!(count, 5);
    assert_eq!(plain, read_generally(text));
}

#[test]
fn other_flows_are_left_to_the_parser() {
    for text in [
        "flow id: a -> b { }",
        "flow a <-> b { }",
        "flow a -> b",
        "flow a -> b\n{ }",
        "flow a -> b { } // note",
        "flow a -> b { x = 1 }",
        "flow a -> b { x = \"a\\\"b\" }",
        "flow a -> b { x = [true] }",
        "flow a -> b { x = [a, \"b\"] }",
        "flow a -> b { x = y z = w }",
        "flow a -> b { x = y",
        "flow a-b -> c { }",
        "flow a->b { }",
        "flow a -> b.c { }",
        "flow and -> b { }",
        "flow a -> b { /* c */ }",
        "flow a -> b { a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7 }",
        "flow a -> b { x = [a, b, c, d, e, f, g, h, i] }",
        "flowing a -> b { }",
        "system a { }",
    ] {
        let (plain, count) = read_with_plain_flows(text);
        assert_eq!(count, 0, "{text}");
        assert_eq!(plain, read_generally(text), "{text}");
    }
}

// Each piece is one a plain flow may have four times in five, so that
// plain flows, and flows that differ from one in one piece, are common.
const NAMES: (&[&str], &[&str]) = (
    &["a", "s12", "_x"],
    &["a.b", "a-b", "and", "zone", "æ", "", "true"],
);
const ARROWS: (&[&str], &[&str]) = (
    &[" -> ", "\t->\t", " ->  "],
    &["->", " <-> ", " - ", ": a -> "],
);
const LABELS: (&[&str], &[&str]) = (
    &["", " \"L\"", " \"\"", " \"ø\""],
    &["\"L\"", " \"a\\\"b\"", " \"x"],
);
const KEYS: (&[&str], &[&str]) = (
    &["carries", "channel", "purpose", "x"],
    &["from", "and", "a-b", "", "1"],
);
const EQUALS: (&[&str], &[&str]) = (&[" = ", "=", "  =\t"], &[" ", " == "]);
const VALUES: (&[&str], &[&str]) = (
    &[
        "z1",
        "true",
        "false",
        "\"s\"",
        "\"\"",
        "[]",
        "[a, b]",
        "[a,\n b,]",
        "[ c ]",
    ],
    &[
        "\"a\\\"b\"",
        "\"",
        "5y",
        "12",
        "[a b]",
        "[a,",
        "[true]",
        "[\"x\"]",
        "a.b",
        "æ",
        "",
        "[a // c\n]",
    ],
);
const SEPARATORS: (&[&str], &[&str]) =
    (&[",", "\n", ";", ", ", ",,", " , "], &[" ", "", " // c\n"]);
const BEFORE_BLOCK: (&[&str], &[&str]) = (&[" ", "", "  "], &["\n", " /* c */ "]);
const AFTER_BLOCK: (&[&str], &[&str]) = (&["", " ", ";", "\r", "; zone z"], &[" // c", " x"]);

fn pick(
    choices: (&'static [&'static str], &'static [&'static str]),
) -> impl Strategy<Value = &'static str> {
    prop_oneof![4 => prop::sample::select(choices.0), 1 => prop::sample::select(choices.1)]
}

fn entry() -> impl Strategy<Value = String> {
    (pick(KEYS), pick(EQUALS), pick(VALUES), pick(SEPARATORS))
        .prop_map(|(k, e, v, sep)| format!("{k}{e}{v}{sep}"))
}

/// Reading plain flows where they are gives the trees, comments and
/// diagnostics the general parser gives, on valid and broken flows; and a
/// good share of the generated flows are plain, so the test exercises both.
#[test]
fn plain_flows_agree_with_the_general_parser() {
    let line = (
        (pick(NAMES), pick(ARROWS), pick(NAMES), pick(LABELS)),
        pick(BEFORE_BLOCK),
        prop::collection::vec(entry(), 0..5),
        prop::bool::weighted(0.9),
        pick(AFTER_BLOCK),
    )
        .prop_map(
            |((from, arrow, to, label), before, entries, closed, after)| {
                let close = if closed { "}" } else { "" };
                format!(
                    "flow {from}{arrow}{to}{label}{before}{{ {} {close}{after}",
                    entries.concat()
                )
            },
        );
    let cases = 3000;
    let plain = AtomicUsize::new(0);
    let mut runner = TestRunner::new(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases)
    });
    let result = runner.run(&(line, any::<bool>()), |(line, last)| {
        if Items::new(FileId(0), &line).next_plain_flow().is_some() {
            plain.fetch_add(1, Ordering::Relaxed);
        }
        let text = if last {
            line
        } else {
            format!("{line}\nflow a -> b {{ x = y }}\n")
        };
        let (with_plain, _) = read_with_plain_flows(&text);
        prop_assert_eq!(with_plain, read_generally(&text), "{}", text);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let plain = plain.into_inner();
    // About one in eleven is.
    assert!(
        plain * 20 > cases as usize,
        "only {plain} of {cases} flows were plain"
    );
}
