//! Renderers: each turns an [`Outcome`](crate::Outcome) into one output format.

pub mod json;
