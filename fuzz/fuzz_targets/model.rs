//! Generated valid models (`vakt_tests::models`, rendered to text) checked
//! with every pack: no load errors, no panic, the same findings on a second
//! run (compared as JSON), every location valid and every witness path
//! following the graph; and the formatter keeps their meaning.

#![no_main]

use libfuzzer_sys::fuzz_target;
use vakt_fuzz::models::ModelSpec;

fuzz_target!(|spec: ModelSpec| {
    let text = spec.render();
    let loader = vakt_fuzz::MemoryLoader::new(text.as_bytes());
    let first = vakt_fuzz::check_all_packs("main.vakt", text.as_bytes(), &loader);
    let errors: Vec<_> = first.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "a generated model failed to load: {errors:#?}\n{text}");
    vakt_fuzz::assert_outcome(&first);
    vakt_fuzz::assert_witnesses(&first);
    let second = vakt_fuzz::check_all_packs("main.vakt", text.as_bytes(), &loader);
    assert_eq!(
        vakt::output::json::render(&first),
        vakt::output::json::render(&second),
        "checking is not deterministic"
    );
    let formatted = vakt_syntax::format(vakt_syntax::FileId(0), &text)
        .unwrap_or_else(|e| panic!("a generated model does not format: {e:#?}\n{text}"));
    let again = vakt_fuzz::check_all_packs("main.vakt", formatted.as_bytes(), &loader);
    assert!(first.model.same_meaning(&again.model), "formatting changed the model");
});
