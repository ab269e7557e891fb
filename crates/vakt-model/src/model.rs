//! The resolved model: entities by kind, their attributes, the category
//! hierarchy, the rules and exceptions, and the derived facts.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;
use smol_str::SmolStr;
use vakt_syntax::ast::{AllowDecl, Kind, RuleDecl};
use vakt_syntax::{Sources, Span};

use crate::catset::CatSet;
use crate::facts::Facts;
use crate::value::{EntityRef, Value};

/// Identifies an attribute name (known or custom).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AttrId(pub u32);

/// Attribute names, interned.
#[derive(Debug, Default)]
pub struct AttrNames {
    ids: FxHashMap<SmolStr, AttrId>,
    names: Vec<SmolStr>,
}

impl AttrNames {
    /// The id of a name, adding it if new.
    pub fn intern(&mut self, name: &str) -> AttrId {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = AttrId(u32::try_from(self.names.len()).unwrap_or(u32::MAX));
        self.names.push(name.into());
        self.ids.insert(name.into(), id);
        id
    }

    /// The id of a name, if any entity or the schema uses it.
    pub fn get(&self, name: &str) -> Option<AttrId> {
        self.ids.get(name).copied()
    }

    /// The name of an id.
    pub fn name(&self, id: AttrId) -> &str {
        self.names.get(id.0 as usize).map_or("", SmolStr::as_str)
    }
}

/// One attribute as set on an entity.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    /// Which attribute.
    pub id: AttrId,
    /// Its value.
    pub value: Value,
    /// `key = value` in the source (for inherited and default values: the
    /// declaration that set them).
    pub span: Span,
}

/// The attributes of an entity. Up to three are stored inline, in the
/// entity itself: most flows have no more, and a model has millions of
/// flows, so they cost no allocation and sit next to the flow in memory.
pub type Attrs = smallvec::SmallVec<[Attribute; 3]>;

/// A declared entity.
///
/// `repr(C)` keeps what rules read first — the presence bits and the start
/// of the attributes (or their heap pointer) — in the first cache line: a
/// rule over a million flows reads one line per flow instead of two.
#[derive(Clone, Debug, PartialEq)]
#[repr(C)]
pub struct Entity {
    /// Bit `i` is set when attribute id `i` (below 64) is among `attrs`, so
    /// asking for an attribute an entity lacks — the common case in rules
    /// such as `not has controller` — needs no scan.
    present: u64,
    attrs: Attrs,
    /// The declaration's keyword to its label: where findings point.
    pub header: Span,
    /// The whole declaration.
    pub span: Span,
    /// Its id (for flows: the given or generated id, such as `a->b#2`).
    pub id: SmolStr,
    /// The display name.
    pub label: Option<SmolStr>,
}

impl Entity {
    /// An entity with no attributes yet.
    pub(crate) fn new(id: SmolStr, label: Option<SmolStr>, header: Span, span: Span) -> Self {
        Entity {
            id,
            label,
            header,
            span,
            attrs: Attrs::new(),
            present: 0,
        }
    }

    /// Attributes set in the declaration, in source order.
    pub fn attrs(&self) -> &[Attribute] {
        &self.attrs
    }

    /// The attributes, to change values in place.
    pub(crate) fn attrs_mut(&mut self) -> &mut [Attribute] {
        &mut self.attrs
    }

    /// Replaces the attributes.
    pub(crate) fn set_attrs(&mut self, attrs: Attrs) {
        self.attrs = attrs;
        self.present = self.attrs.iter().fold(0, |mask, a| mask | bit(a.id));
    }

    /// Changes the attributes in place (keeping `present` right).
    pub(crate) fn edit_attrs(&mut self, edit: impl FnOnce(&mut Attrs)) {
        let mut attrs = std::mem::take(&mut self.attrs);
        edit(&mut attrs);
        self.set_attrs(attrs);
    }

    /// The value of an attribute set on the entity.
    pub fn get(&self, id: AttrId) -> Option<&Value> {
        self.attribute(id).map(|a| &a.value)
    }

    /// The attribute with its span.
    pub fn attribute(&self, id: AttrId) -> Option<&Attribute> {
        if id.0 < 64 && self.present & bit(id) == 0 {
            return None;
        }
        self.attrs.iter().find(|a| a.id == id)
    }

    /// The display name, or the id.
    pub fn display_name(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.id)
    }
}

/// The presence bit of an attribute id (ids from 64 on have none).
fn bit(id: AttrId) -> u64 {
    1u64.checked_shl(id.0).unwrap_or(0)
}

/// A flow's endpoints, by system index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Endpoints {
    /// The source system.
    pub from: u32,
    /// The target system.
    pub to: u32,
}

/// The category taxonomy.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Categories {
    /// Each category's parent.
    pub parent: Vec<Option<u32>>,
    /// Each category's attributes after inheritance and defaults.
    pub effective: Vec<Vec<Attribute>>,
    /// Each category with its descendants: what it matches in rules.
    pub matches: Vec<CatSet>,
    /// Each category with its ancestors and descendants: the categories a
    /// source must hold for a flow to deliver it (SPEC §3).
    pub related: Vec<CatSet>,
}

impl Categories {
    /// An effective attribute of category `c`.
    pub fn get(&self, c: u32, id: AttrId) -> Option<&Value> {
        self.effective
            .get(c as usize)?
            .iter()
            .find(|a| a.id == id)
            .map(|a| &a.value)
    }

    /// The ancestors of `c`, nearest first.
    pub fn ancestors(&self, c: u32) -> impl Iterator<Item = u32> + '_ {
        let mut next = self.parent.get(c as usize).copied().flatten();
        let mut steps = 0;
        std::iter::from_fn(move || {
            let current = next?;
            steps += 1;
            // A parent cycle is an error reported at build time; stop anyway.
            if steps > self.parent.len() {
                return None;
            }
            next = self.parent.get(current as usize).copied().flatten();
            Some(current)
        })
    }
}

/// A resolved model.
#[derive(Debug)]
pub struct Model {
    /// The files it was read from.
    pub sources: Sources,
    pub(crate) entities: Vec<Vec<Entity>>,
    pub(crate) names: Vec<FxHashMap<SmolStr, u32>>,
    /// Attribute names.
    pub attr_names: AttrNames,
    /// Custom attribute names set on some entity, per kind.
    pub(crate) custom: Vec<BTreeSet<AttrId>>,
    /// Endpoints of each flow.
    pub endpoints: Vec<Endpoints>,
    /// The category taxonomy.
    pub categories: Categories,
    /// Every rule, in load order.
    pub rules: Vec<RuleDecl>,
    /// Every exception, in load order.
    pub allows: Vec<AllowDecl>,
    /// Derived facts.
    pub facts: Facts,
}

impl Model {
    /// The entities of a kind, in declaration order.
    pub fn entities(&self, kind: Kind) -> &[Entity] {
        self.entities.get(kind.index()).map_or(&[], Vec::as_slice)
    }

    /// An entity.
    pub fn entity(&self, r: EntityRef) -> Option<&Entity> {
        self.entities(r.kind).get(r.idx())
    }

    /// The systems holding category `c` or a descendant of it, in index
    /// order (`held_by`), derived on first use.
    pub fn held_by(&self, c: u32) -> Option<&[u32]> {
        self.facts
            .held_by
            .get_or_init(|| crate::facts::held_by(&self.facts.holds, &self.categories))
            .get(c as usize)
            .map(Vec::as_slice)
    }

    /// The entity of a kind with this id.
    pub fn lookup(&self, kind: Kind, id: &str) -> Option<EntityRef> {
        if let Some(&index) = self.names.get(kind.index())?.get(id) {
            return Some(EntityRef::new(kind, index));
        }
        if kind == Kind::Flow {
            return self.unnamed_flow(id);
        }
        None
    }

    /// An unnamed flow by its generated id, `a->b` or `a->b#n`: found among
    /// the outflows of `a` (unnamed flows are kept out of the name table,
    /// where millions of them would cost more than this search).
    fn unnamed_flow(&self, id: &str) -> Option<EntityRef> {
        let (from, rest) = id.split_once("->")?;
        let to = rest.split_once('#').map_or(rest, |(to, _)| to);
        let source = self.lookup(Kind::System, from)?;
        let target = self.lookup(Kind::System, to)?;
        self.facts
            .outflows(source.index)
            .iter()
            .copied()
            .find_map(|f| {
                let ends = self.endpoints.get(f as usize)?;
                let flow = self.entities(Kind::Flow).get(f as usize)?;
                (ends.to == target.index && flow.id == id).then_some(EntityRef::new(Kind::Flow, f))
            })
    }

    /// The kinds that have an entity with this id.
    pub fn kinds_declaring(&self, id: &str) -> impl Iterator<Item = Kind> + '_ {
        let id = SmolStr::from(id);
        Kind::ALL
            .into_iter()
            .filter(move |k| self.lookup(*k, &id).is_some())
    }

    /// Whether some entity of `kind` sets the custom attribute `id`.
    pub fn has_custom(&self, kind: Kind, id: AttrId) -> bool {
        self.custom
            .get(kind.index())
            .is_some_and(|s| s.contains(&id))
    }

    /// The id of an entity (empty if it does not exist).
    pub fn id_of(&self, r: EntityRef) -> &str {
        self.entity(r).map_or("", |e| &e.id)
    }

    /// The number of categories.
    pub fn category_count(&self) -> usize {
        self.entities(Kind::Category).len()
    }

    /// Compares what two models mean: entities, attributes, rules and
    /// exceptions, ignoring where they are written.
    pub fn same_meaning(&self, other: &Model) -> bool {
        let attrs = |m: &Model| -> Vec<Vec<Vec<(String, Value)>>> {
            m.entities
                .iter()
                .map(|es| {
                    es.iter()
                        .map(|e| {
                            e.attrs()
                                .iter()
                                .map(|a| (m.attr_names.name(a.id).to_owned(), a.value.clone()))
                                .collect()
                        })
                        .collect()
                })
                .collect()
        };
        let heads = |m: &Model| -> Vec<Vec<(SmolStr, Option<SmolStr>)>> {
            m.entities
                .iter()
                .map(|es| es.iter().map(|e| (e.id.clone(), e.label.clone())).collect())
                .collect()
        };
        heads(self) == heads(other)
            && attrs(self) == attrs(other)
            && self.endpoints == other.endpoints
            && self.rules == other.rules
            && self.allows == other.allows
    }
}
