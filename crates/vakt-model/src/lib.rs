//! The resolved vakt model.
//!
//! [`load`] reads a model's files (through a caller-provided [`Loader`]: this
//! crate does no I/O), parses them, resolves names and types into a
//! [`Model`] and derives the facts of the data-flow graph.

#![warn(clippy::print_stdout, clippy::print_stderr, clippy::disallowed_methods)]

mod build;
mod catset;
mod errors;
mod facts;
mod load;
mod model;
pub mod schema;
mod value;

pub use build::Built;
pub use catset::CatSet;
pub use facts::Facts;
pub use load::{Input, Loader, NoFiles, Pack, Threads, is_pack_name, load, normalize};
pub use model::{AttrId, AttrNames, Attribute, Attrs, Categories, Endpoints, Entity, Model};
pub use value::{EntityRef, Value};

#[cfg(test)]
mod tests;
