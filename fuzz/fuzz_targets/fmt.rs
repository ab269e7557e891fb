//! Arbitrary text through the formatter. When it returns text, that text
//! parses without errors, formats to itself, and resolves to a model with
//! the same meaning (and the same diagnostics) as the input's.

#![no_main]

use libfuzzer_sys::fuzz_target;
use vakt_model::{Input, NoFiles, load};
use vakt_syntax::FileId;

fn resolve(text: &str) -> vakt_model::Built {
    let input = Input {
        name: "main.vakt".to_owned(),
        bytes: text.as_bytes().to_vec(),
    };
    load(vec![input], &[], vakt::PACKS, &NoFiles, vakt_model::Threads::One)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(output) = vakt_syntax::format(FileId(0), text) else {
        return;
    };
    let reparsed = vakt_syntax::parse(FileId(0), &output);
    assert!(reparsed.diagnostics.is_empty(), "{:?}", reparsed.diagnostics);
    let again = vakt_syntax::format(FileId(0), &output).expect("formatted text formats");
    assert_eq!(again, output, "formatting is not idempotent");
    let before = resolve(text);
    let after = resolve(&output);
    assert!(
        before.model.same_meaning(&after.model),
        "the formatted model means something else"
    );
    let codes = |b: &vakt_model::Built| b.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>();
    assert_eq!(codes(&before), codes(&after), "formatting changed the diagnostics");
});
