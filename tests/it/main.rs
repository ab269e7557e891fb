//! End-to-end tests of vakt, in one test binary: the UI corpus of
//! `tests/cases`, the acceptance criteria of the language front end, and
//! the command line run in process.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers, like tests, fail by panicking with context"
)]
#![allow(
    clippy::disallowed_methods,
    reason = "the tests lay out model directories on disk for the CLI to read"
)]

mod acceptance;
mod api;
mod cli;
mod docs;
mod fmt;
mod hostile;
mod outputs;
mod properties;
mod ui;
