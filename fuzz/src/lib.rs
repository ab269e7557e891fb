//! Shared pieces of the fuzz targets: an in-memory loader, the checks every
//! target makes on what vakt returns (spans inside their file on character
//! boundaries, witness paths that follow the graph), and the generator of
//! valid models, shared with the property tests of `vakt-tests`.

use std::collections::BTreeMap;

use vakt::{Outcome, Sources};
use vakt_syntax::Span;
use vakt_syntax::ast::Kind;

#[path = "../../tests/src/models.rs"]
pub mod models;

/// Files by path; `use "other.vakt"` finds a small valid file, and the
/// fuzzed file itself is `main.vakt`, so `use "main.vakt"` is a cycle.
pub struct MemoryLoader {
    files: BTreeMap<String, Vec<u8>>,
}

impl MemoryLoader {
    /// The loader the targets use, with `main.vakt` holding `main`.
    pub fn new(main: &[u8]) -> Self {
        let mut files = BTreeMap::new();
        files.insert("main.vakt".to_owned(), main.to_vec());
        files.insert(
            "other.vakt".to_owned(),
            b"zone z { trust = closed }\ncategory k { sensitive = true }\nsystem o { zone = z, stores = [k] }\n"
                .to_vec(),
        );
        files.insert("cycle.vakt".to_owned(), b"use \"main.vakt\"\n".to_vec());
        MemoryLoader { files }
    }
}

impl vakt::Loader for MemoryLoader {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| "no such file".to_owned())
    }
}

/// Checks with every built-in pack (`core`, `gdpr`, `kommune`).
pub fn check_all_packs(name: &str, bytes: &[u8], loader: &dyn vakt::Loader) -> Outcome {
    let input = vakt::Input {
        name: name.to_owned(),
        bytes: bytes.to_vec(),
    };
    let options = vakt::CheckOptions {
        rules: vec!["kommune".to_owned()],
        default_rules: true,
        today: vakt::Date::parse("2026-06-01"),
        ..vakt::CheckOptions::default()
    };
    vakt::check(vec![input], loader, &options)
}

/// Panics unless `span` lies inside its file, on character boundaries.
pub fn assert_span(sources: &Sources, span: Span, what: &str) {
    let Some(file) = sources.get(span.file) else {
        panic!("{what}: span {span:?} names no file");
    };
    let text = file.text();
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(
        start <= end && end <= text.len(),
        "{what}: span {span:?} outside `{}` ({} bytes)",
        file.name(),
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: span {span:?} not on character boundaries in `{}`",
        file.name()
    );
}

/// Checks every location of an outcome: diagnostics, findings, hops,
/// rules and exceptions; and that the JSON and GitHub renderers produce
/// a valid document.
pub fn assert_outcome(outcome: &Outcome) {
    let sources = &outcome.sources;
    for d in &outcome.diagnostics {
        for label in &d.labels {
            assert_span(sources, label.span, d.code);
        }
    }
    for f in &outcome.findings {
        assert_span(sources, f.subject.span, &f.rule);
        assert_span(sources, f.rule_span, &f.rule);
        for hop in &f.hops {
            assert_span(sources, hop.span, &f.rule);
        }
        for s in f.suppressed.iter().chain(&f.expired) {
            assert_span(sources, s.span, &f.rule);
        }
    }
    if outcome.load_failed() {
        assert!(outcome.findings.is_empty(), "findings despite load errors");
    }
    let json = vakt::output::json::render(outcome);
    assert_eq!(parse_json(&json, "JSON")["version"], 1);
    let _ = vakt::output::github::render(outcome);
    parse_json(&vakt::output::sarif::render(outcome), "SARIF");
    if outcome.load_failed() {
        return;
    }
    // `vakt graph` and `vakt doc` render models that loaded.
    use vakt::output::graph::{self, GraphOptions};
    let first_category = outcome
        .model
        .entities(Kind::Category)
        .first()
        .map(|c| c.id.to_string());
    for category in [None, first_category] {
        let options = GraphOptions { category };
        assert!(graph::check_options(outcome, &options).is_none());
        let _ = graph::dot(outcome, &options);
        let _ = graph::mermaid(outcome, &options);
        parse_json(&graph::json(outcome, &options), "graph JSON");
    }
    for lang in [vakt::output::doc::Lang::Nb, vakt::output::doc::Lang::En] {
        let _ = vakt::output::doc::render(outcome, &vakt::output::doc::DocOptions { lang });
    }
}

/// Parses JSON of any depth (custom attributes nest up to 128 levels, and
/// the output wraps them in a few more: past serde_json's default limit).
fn parse_json(text: &str, what: &str) -> serde_json::Value {
    use serde::Deserialize;
    let mut reader = serde_json::Deserializer::from_str(text);
    reader.disable_recursion_limit();
    serde_json::Value::deserialize(&mut reader)
        .unwrap_or_else(|e| panic!("the {what} output does not parse: {e}"))
}

/// Checks that every witness path follows the graph: consecutive flows
/// chain (each starts where the previous ended, by `model.endpoints`), the
/// path's systems are the hops' endpoints, it ends at the subject, and with
/// a category every flow carries that category.
pub fn assert_witnesses(outcome: &Outcome) {
    let model = &outcome.model;
    for f in &outcome.findings {
        let Some(path) = &f.path else {
            assert!(f.hops.is_empty(), "{}: hops without a path", f.rule);
            continue;
        };
        assert_eq!(path.len(), f.hops.len() + 1, "{}: path {path:?}", f.rule);
        assert!(!f.hops.is_empty(), "{}: an empty path", f.rule);
        assert_eq!(path.last(), Some(&f.subject.id), "{}: path {path:?} does not end at the subject", f.rule);
        let category = f.category.as_ref().map(|c| {
            model
                .lookup(Kind::Category, c)
                .unwrap_or_else(|| panic!("{}: unknown category {c}", f.rule))
                .index
        });
        let mut at: Option<u32> = None;
        for (i, hop) in f.hops.iter().enumerate() {
            let flow = model
                .lookup(Kind::Flow, &hop.flow)
                .unwrap_or_else(|| panic!("{}: unknown flow {}", f.rule, hop.flow))
                .index;
            let ends = model.endpoints[flow as usize];
            assert_eq!(model.id_of(sys(ends.from)), hop.from.as_str(), "{}: hop {i}", f.rule);
            assert_eq!(model.id_of(sys(ends.to)), hop.to.as_str(), "{}: hop {i}", f.rule);
            assert_eq!(path[i], hop.from, "{}: hop {i} leaves from elsewhere", f.rule);
            assert_eq!(path[i + 1], hop.to, "{}: hop {i} arrives elsewhere", f.rule);
            if let Some(previous) = at {
                assert_eq!(previous, ends.from, "{}: hop {i} does not chain", f.rule);
            }
            at = Some(ends.to);
            if let Some(c) = category {
                assert!(
                    model.facts.carries[flow as usize].contains(c),
                    "{}: flow {} does not carry {:?}",
                    f.rule,
                    hop.flow,
                    f.category
                );
            }
        }
    }
}

fn sys(index: u32) -> vakt_model::EntityRef {
    vakt_model::EntityRef::new(Kind::System, index)
}
