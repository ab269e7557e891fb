//! The documentation keeps up with the code.

use std::collections::BTreeSet;
use std::path::Path;

/// Every `"vakt::…"` code written in the crates' sources.
fn codes_in(dir: &Path, codes: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            codes_in(&path, codes);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for piece in text.split("\"vakt::").skip(1) {
                let code: String = piece
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
                    .collect();
                if piece.get(code.len()..).unwrap_or("").starts_with('"') {
                    codes.insert(format!("vakt::{code}"));
                }
            }
        }
    }
}

#[test]
fn every_diagnostic_code_is_documented() {
    let root = vakt_tests::workspace_root();
    let mut codes = BTreeSet::new();
    codes_in(&root.join("crates"), &mut codes);
    assert!(codes.len() > 20, "{codes:?}");
    let docs = std::fs::read_to_string(root.join("docs/diagnostics.md")).unwrap();
    let missing: Vec<_> = codes
        .iter()
        .filter(|code| !docs.contains(&format!("| `{code}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "not in docs/diagnostics.md: {missing:?}"
    );
}

#[test]
fn the_readme_opens_with_the_two_commands() {
    let readme = std::fs::read_to_string(vakt_tests::workspace_root().join("README.md")).unwrap();
    let block = readme.split("```").nth(1).unwrap();
    assert_eq!(
        block,
        "sh\ncargo run --release -- check examples/vestby.vakt\n./scripts/test\n"
    );
}
