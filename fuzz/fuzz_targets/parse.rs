//! Arbitrary bytes (read as UTF-8, lossily) through the parser: no panic,
//! and every diagnostic, comment and item span lies inside the text on
//! character boundaries.

#![no_main]

use libfuzzer_sys::fuzz_target;
use vakt_syntax::{FileId, Origin, Sources};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = vakt_syntax::parse(FileId(0), &text);
    let mut sources = Sources::new();
    sources.add("main.vakt", text.as_ref(), Origin::User);
    for d in &parsed.diagnostics {
        assert!(d.is_error(), "syntax diagnostics are errors");
        assert!(!d.labels.is_empty(), "{}: a syntax error without a location", d.code);
        for label in &d.labels {
            vakt_fuzz::assert_span(&sources, label.span, d.code);
        }
    }
    assert!(parsed.diagnostics.len() <= vakt_syntax::parser::MAX_ERRORS + 1);
    for c in &parsed.module.comments {
        vakt_fuzz::assert_span(&sources, c.span, "comment");
    }
    for item in &parsed.module.items {
        vakt_fuzz::assert_span(&sources, item.span(), "item");
    }
});
