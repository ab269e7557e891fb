//! Arbitrary bytes as a model file through the whole check, with every
//! built-in pack and an in-memory loader: no panic, every location valid,
//! valid JSON, and every witness path follows the graph.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let loader = vakt_fuzz::MemoryLoader::new(data);
    let outcome = vakt_fuzz::check_all_packs("main.vakt", data, &loader);
    vakt_fuzz::assert_outcome(&outcome);
    vakt_fuzz::assert_witnesses(&outcome);
});
