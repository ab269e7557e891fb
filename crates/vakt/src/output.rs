//! Renderers: each turns an [`Outcome`](crate::Outcome) into one output format.
//!
//! Every renderer is a pure function of the outcome (its sources included),
//! so the CLI, the WebAssembly build and the tests share them.

pub mod catalog;
pub mod doc;
pub mod github;
pub mod graph;
pub mod json;
mod location;
pub mod sarif;
mod view;

pub use location::Location;
