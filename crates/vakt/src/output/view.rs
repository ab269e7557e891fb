//! Reading a resolved model by attribute name, for the renderers that
//! describe the model itself (`graph`, `doc`).

use vakt_model::{CatSet, Entity, EntityRef, Model, Value};
use vakt_syntax::ast::Kind;

use crate::{Finding, Outcome};

/// A model with lookups by attribute name.
pub(crate) struct View<'a> {
    /// The model.
    pub model: &'a Model,
}

impl<'a> View<'a> {
    pub(crate) fn new(outcome: &'a Outcome) -> Self {
        View {
            model: &outcome.model,
        }
    }

    /// The entities of a kind.
    pub(crate) fn all(&self, kind: Kind) -> &'a [Entity] {
        self.model.entities(kind)
    }

    /// An attribute as set on an entity.
    pub(crate) fn attr(&self, entity: &'a Entity, name: &str) -> Option<&'a Value> {
        let id = self.model.attr_names.get(name)?;
        entity.get(id)
    }

    /// The entity an attribute refers to.
    pub(crate) fn reference(&self, entity: &'a Entity, name: &str) -> Option<&'a Entity> {
        match self.attr(entity, name)? {
            Value::Ref(r) => self.model.entity(*r),
            _ => None,
        }
    }

    /// The index of the entity an attribute refers to.
    pub(crate) fn reference_index(&self, entity: &'a Entity, name: &str) -> Option<usize> {
        match self.attr(entity, name)? {
            Value::Ref(r) => Some(r.idx()),
            _ => None,
        }
    }

    /// A string attribute.
    pub(crate) fn string(&self, entity: &'a Entity, name: &str) -> Option<&'a str> {
        match self.attr(entity, name)? {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A symbol attribute (`trust`, `basis`, `channel` …).
    pub(crate) fn symbol(&self, entity: &'a Entity, name: &str) -> Option<&'a str> {
        match self.attr(entity, name)? {
            Value::Symbol(s) => Some(s),
            _ => None,
        }
    }

    /// A boolean attribute.
    pub(crate) fn boolean(&self, entity: &'a Entity, name: &str) -> Option<bool> {
        match self.attr(entity, name)? {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The entities a list attribute (`subjects`) refers to.
    pub(crate) fn references(&self, entity: &'a Entity, name: &str) -> Vec<&'a Entity> {
        match self.attr(entity, name) {
            Some(Value::Refs(refs)) => refs.iter().filter_map(|r| self.model.entity(*r)).collect(),
            _ => Vec::new(),
        }
    }

    /// A category by index.
    pub(crate) fn category(&self, c: u32) -> Option<&'a Entity> {
        self.model.entity(EntityRef::new(Kind::Category, c))
    }

    /// An effective (inherited or default) attribute of a category.
    pub(crate) fn category_attr(&self, c: u32, name: &str) -> Option<&'a Value> {
        let id = self.model.attr_names.get(name)?;
        self.model.categories.get(c, id)
    }

    /// Whether a category is special-category data (art. 9/10).
    pub(crate) fn sensitive(&self, c: u32) -> bool {
        matches!(self.category_attr(c, "sensitive"), Some(Value::Bool(true)))
    }

    /// Whether a category is personal data (the default).
    pub(crate) fn personal(&self, c: u32) -> bool {
        !matches!(self.category_attr(c, "personal"), Some(Value::Bool(false)))
    }

    /// The categories of a set, in declaration order.
    pub(crate) fn categories(&self, set: Option<&'a CatSet>) -> Vec<(u32, &'a Entity)> {
        set.map(|s| {
            s.iter()
                .filter_map(|c| self.category(c).map(|e| (c, e)))
                .collect()
        })
        .unwrap_or_default()
    }

    /// What a system holds (stores and receives).
    pub(crate) fn holds(&self, system: usize) -> Vec<(u32, &'a Entity)> {
        self.categories(self.model.facts.holds.get(system))
    }

    /// What a flow carries.
    pub(crate) fn carries(&self, flow: usize) -> Vec<(u32, &'a Entity)> {
        self.categories(self.model.facts.carries.get(flow))
    }

    /// A flow's source and target systems.
    pub(crate) fn endpoints(&self, flow: usize) -> Option<(usize, usize)> {
        let e = self.model.endpoints.get(flow)?;
        Some((e.from as usize, e.to as usize))
    }

    /// A system by index.
    pub(crate) fn system(&self, s: usize) -> Option<&'a Entity> {
        self.all(Kind::System).get(s)
    }
}

/// A value as JSON: references and categories by id, durations and dates
/// as written.
pub(crate) fn value_json(model: &Model, value: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::Bool(b) => J::Bool(*b),
        Value::Int(n) => J::from(*n),
        Value::Str(s) => J::String(s.to_string()),
        Value::Duration(d) => J::String(d.to_string()),
        Value::Permanent => J::String("permanent".to_owned()),
        Value::Date(d) => J::String(d.to_string()),
        Value::Symbol(s) => J::String(s.to_string()),
        Value::Ref(r) => J::String(model.id_of(*r).to_owned()),
        Value::Categories(set) => J::Array(
            set.iter()
                .map(|c| J::String(model.id_of(EntityRef::new(Kind::Category, c)).to_owned()))
                .collect(),
        ),
        Value::Refs(refs) => J::Array(
            refs.iter()
                .map(|r| J::String(model.id_of(*r).to_owned()))
                .collect(),
        ),
        Value::List(items) => J::Array(items.iter().map(|v| value_json(model, v)).collect()),
    }
}

/// The unsuppressed findings.
pub(crate) fn open_findings(outcome: &Outcome) -> impl Iterator<Item = &Finding> {
    outcome.findings.iter().filter(|f| f.suppressed.is_none())
}
