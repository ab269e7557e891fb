//! Attribute values of the resolved model.

use ecow::EcoString;
use smol_str::SmolStr;
use vakt_syntax::ast::Kind;
use vakt_syntax::{Date, Duration};

use crate::catset::CatSet;

/// Identifies an entity: its kind and its index among entities of that kind
/// (declaration order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityRef {
    /// The kind.
    pub kind: Kind,
    /// The index among entities of the kind.
    pub index: u32,
}

impl EntityRef {
    /// A reference to entity `index` of `kind`.
    pub fn new(kind: Kind, index: u32) -> Self {
        EntityRef { kind, index }
    }

    /// The index as `usize`.
    pub fn idx(self) -> usize {
        self.index as usize
    }
}

/// A resolved attribute value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `true`/`false`
    Bool(bool),
    /// A whole number.
    Int(u64),
    /// A string (short ones inline).
    Str(SmolStr),
    /// A duration.
    Duration(Duration),
    /// `permanent`: longer than every duration.
    Permanent,
    /// A date.
    Date(Date),
    /// A symbol such as `closed` or `https` (and bare names in custom
    /// attributes). Up to 15 bytes inline; a longer one is shared by every
    /// value that names it (the builder interns them).
    Symbol(EcoString),
    /// A reference to a declared entity.
    Ref(EntityRef),
    /// A set of categories (`stores`, `carries`).
    Categories(CatSet),
    /// References to entities (`subjects`).
    Refs(Box<[EntityRef]>),
    /// A list in a custom attribute.
    List(Box<[Value]>),
}

impl Value {
    /// Names the kind of value for messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "a number",
            Value::Str(_) => "a string",
            Value::Duration(_) | Value::Permanent => "a duration",
            Value::Date(_) => "a date",
            Value::Symbol(_) => "a name",
            Value::Ref(_) => "a reference",
            Value::Categories(_) | Value::Refs(_) | Value::List(_) => "a list",
        }
    }
}
