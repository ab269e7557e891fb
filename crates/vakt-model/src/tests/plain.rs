//! Flows read without a syntax tree (`PlainFlow`) build the model their
//! trees build.

use std::fmt::Write;

use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use vakt_syntax::{FileId, Items, Origin, Sources};

use crate::build::{Builder, Built};
use crate::{Input, NoFiles, Threads, load};

/// The model of `text` built from the general parser's trees only.
fn built_from_trees(text: &str) -> Built {
    let mut items = Items::new(FileId(0), text);
    let mut builder = Builder::new();
    builder.start_file(text.len());
    for item in items.by_ref() {
        builder.add(&item);
    }
    let mut sources = Sources::new();
    sources.add("m.vakt", text, Origin::User);
    builder.finish(sources, items.finish().1)
}

fn built_by_loader(text: &str) -> Built {
    let input = Input {
        name: "m.vakt".to_owned(),
        bytes: text.as_bytes().to_vec(),
    };
    load(vec![input], &[], &[], &NoFiles, Threads::One)
}

/// The model and diagnostics in `Debug` form (which shows spans).
fn shown(built: &Built) -> String {
    format!("{:?}\n{:?}", built.model, built.diagnostics)
}

/// A model whose systems, categories and flows come in either order, and
/// flows of every kind: plain ones the builder adds directly, and plain
/// ones it must not (a system or category declared later or never, an
/// unknown, derived, repeated or mistyped attribute, a category past the
/// 64th), and ones the parser reads.
const FLOWS: &[&str] = &[
    "flow s0 -> s1 { carries = [c1], channel = https, encrypted = true }",
    "flow s0 -> s1 \"Label\" { carries = [c1, c2], purpose = \"why\", basis = consent }",
    "flow s1 -> s0 { }",
    "flow s0 -> s9 { carries = [c1] }",
    "flow s9 -> s0 { carries = [c1] }",
    "flow s0 -> s1 { carries = [c99] }",
    "flow s0 -> s1 { carries = [c70] }",
    "flow s0 -> late { carries = [c1] }",
    "flow s0 -> s1 { carries = [later] }",
    "flow s0 -> s1 { colour = red }",
    "flow s0 -> s1 { chanel = https }",
    "flow s0 -> s1 { encrypted = yes }",
    "flow s0 -> s1 { basis = whim }",
    "flow s0 -> s1 { purpose = why }",
    "flow s0 -> s1 { carries = c1 }",
    "flow s0 -> s1 { channel = https, channel = email }",
    "flow s0 -> s1 { to = s1 }",
    "flow s0 -> s1 { carries = [s0] }",
    "flow id: s0 -> s1 { carries = [c1] }",
    "flow s0 <-> s1 { carries = [c1] }",
    "flow s0 -> s1 { carries = [c1] } // note",
];

fn model_text(flows: &[&str], categories_first: bool) -> String {
    let mut declarations = String::from("zone z \"Z\" { trust = closed }\n");
    for i in 0..70 {
        let _ = writeln!(
            declarations,
            "category c{i} \"C{i}\" {{ sensitive = {} }}",
            i % 2 == 0
        );
    }
    let systems = "system s0 \"S0\" { zone = z, stores = [c1] }\nsystem s1 \"S1\" { zone = z }\n";
    let mut text = String::new();
    if categories_first {
        text.push_str(&declarations);
        text.push_str(systems);
    }
    for flow in flows {
        text.push_str(flow);
        text.push('\n');
    }
    if !categories_first {
        text.push_str(&declarations);
        text.push_str(systems);
    }
    text.push_str("system late \"L\" { zone = z }\ncategory later \"L\" { }\n");
    text
}

#[test]
fn plain_flows_build_the_model_their_trees_build() {
    let mut runner = TestRunner::new(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(300)
    });
    let case = (
        prop::collection::vec(prop::sample::select(FLOWS), 0..8),
        any::<bool>(),
    );
    let result = runner.run(&case, |(flows, categories_first)| {
        let text = model_text(&flows, categories_first);
        prop_assert_eq!(
            shown(&built_by_loader(&text)),
            shown(&built_from_trees(&text)),
            "{}",
            text
        );
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn every_kind_of_flow_at_once_builds_the_same_model() {
    for categories_first in [true, false] {
        let text = model_text(FLOWS, categories_first);
        let (plain, trees) = (built_by_loader(&text), built_from_trees(&text));
        assert!(plain.model.entities(vakt_syntax::ast::Kind::Flow).len() > 10);
        assert!(plain.diagnostics.len() > 5, "{:?}", plain.diagnostics);
        assert_eq!(shown(&plain), shown(&trees));
    }
}
