//! Properties of the whole pipeline on generated valid models
//! (`vakt_tests::models`, the generator the `model` fuzz target uses): they
//! load without errors; `fmt` is idempotent and keeps their meaning;
//! findings depend neither on the order of files nor on the order of
//! declarations; and checking is deterministic. Each property runs 128
//! cases; the module takes a few seconds.

use proptest::prelude::*;
use proptest::test_runner::Config;
use vakt::{CheckOptions, Input, NoFiles, Outcome};
use vakt_syntax::FileId;
use vakt_tests::models::{ModelSpec, from_bytes};

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Bytes the generator turns into a model: up to 1,000 give models of a
/// dozen systems and flows.
fn spec() -> impl Strategy<Value = ModelSpec> {
    proptest::collection::vec(any::<u8>(), 0..1000).prop_map(|bytes| from_bytes(&bytes))
}

fn input(name: &str, text: &str) -> Input {
    Input {
        name: name.to_owned(),
        bytes: text.as_bytes().to_vec(),
    }
}

/// Checks with every built-in pack, on a fixed date.
fn check(inputs: Vec<Input>) -> Outcome {
    let options = CheckOptions {
        rules: vec!["kommune".to_owned()],
        default_rules: true,
        today: vakt_syntax::Date::parse(vakt_tests::TODAY),
        ..CheckOptions::default()
    };
    vakt::check(inputs, &NoFiles, &options)
}

/// What a finding says, without where it is written or which of several
/// shortest paths it shows: (rule, subject kind, subject id, category).
fn verdicts(outcome: &Outcome) -> Vec<(String, &'static str, String, Option<String>)> {
    let mut all: Vec<_> = outcome
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.to_string(),
                f.subject.kind,
                f.subject.id.to_string(),
                f.category.as_ref().map(ToString::to_string),
            )
        })
        .collect();
    all.sort();
    all
}

fn load(text: &str) -> vakt_model::Built {
    vakt_model::load(
        vec![input("m.vakt", text)],
        &[],
        vakt::PACKS,
        &NoFiles,
        vakt_model::Threads::One,
    )
}

fn assert_loads(outcome: &Outcome, text: &str) {
    let errors: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(
        errors.is_empty(),
        "a generated model failed to load: {errors:#?}\n{text}"
    );
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn fmt_is_idempotent_and_keeps_the_meaning(spec in spec()) {
        let text = spec.render();
        let formatted = vakt_syntax::format(FileId(0), &text)
            .unwrap_or_else(|e| panic!("{e:#?}\n{text}"));
        let again = vakt_syntax::format(FileId(0), &formatted)
            .unwrap_or_else(|e| panic!("{e:#?}\n{formatted}"));
        prop_assert_eq!(&again, &formatted);
        let (before, after) = (load(&text), load(&formatted));
        prop_assert!(before.diagnostics.is_empty(), "{:#?}\n{}", before.diagnostics, text);
        prop_assert!(after.diagnostics.is_empty(), "{:#?}", after.diagnostics);
        prop_assert!(before.model.same_meaning(&after.model), "{}\n---\n{}", text, formatted);
    }

    #[test]
    fn findings_do_not_depend_on_the_order_of_files(spec in spec(), split in any::<prop::sample::Index>()) {
        // Unnamed flows are numbered in the order read (`a->b#2`), across
        // files too, so every flow gets an id of its own here.
        let spec = spec.with_named_flows();
        let decls = spec.declarations();
        let at = split.index(decls.len() + 1);
        let (first, second) = decls.split_at(at);
        let (a, b) = (spec.render_declarations(first), spec.render_declarations(second));
        let forward = check(vec![input("a.vakt", &a), input("b.vakt", &b)]);
        let backward = check(vec![input("b.vakt", &b), input("a.vakt", &a)]);
        assert_loads(&forward, &format!("{a}\n---\n{b}"));
        prop_assert_eq!(verdicts(&forward), verdicts(&backward));
        let whole = check(vec![input("m.vakt", &spec.render())]);
        prop_assert_eq!(verdicts(&forward), verdicts(&whole));
    }

    #[test]
    fn findings_do_not_depend_on_the_order_of_declarations(spec in spec()) {
        // As above: every flow named.
        let spec = spec.with_named_flows();
        let mut decls = spec.declarations();
        let text = spec.render_declarations(&decls);
        decls.reverse();
        let reversed = spec.render_declarations(&decls);
        let forward = check(vec![input("m.vakt", &text)]);
        let backward = check(vec![input("m.vakt", &reversed)]);
        assert_loads(&forward, &text);
        prop_assert_eq!(verdicts(&forward), verdicts(&backward));
    }

    #[test]
    fn checking_is_deterministic(spec in spec()) {
        let text = spec.render();
        let first = check(vec![input("m.vakt", &text)]);
        let second = check(vec![input("m.vakt", &text)]);
        assert_loads(&first, &text);
        prop_assert_eq!(vakt::output::json::render(&first), vakt::output::json::render(&second));
    }
}
