//! From syntax trees to the resolved [`Model`]: names, references, types,
//! required attributes, flow ids and the category hierarchy.
//!
//! Items are added one at a time as the parser reads them and then let go,
//! so no whole syntax tree is ever held. A reference to an id that is not
//! declared yet is recorded as [`Deferred`] and resolved once every file is
//! read. Problems are reported and the offending piece left out, so the
//! finished model is always consistent (every reference resolves) and later
//! stages never need to check again.

use std::collections::BTreeSet;

use ecow::EcoString;
use rustc_hash::FxHashMap;
use smol_str::{SmolStr, format_smolstr};
use vakt_syntax::ast::{self, Block, EntityDecl, FlowDecl, Ident, Item, Kind};
use vakt_syntax::{Diagnostic, PlainFlow, PlainValue, Sources, Span, did_you_mean};

use crate::catset::CatSet;
use crate::errors;
use crate::facts::Facts;
use crate::model::{AttrId, AttrNames, Attribute, Attrs, Categories, Endpoints, Entity, Model};
use crate::schema::{self, AttrType};
use crate::value::{EntityRef, Value};

/// Suggestions scan every id of a kind; past this many unknown references
/// they are skipped to keep huge broken models fast.
const MAX_SUGGESTIONS: usize = 25;

/// Category sets (a bit per category for every category, system and flow)
/// may take this many bytes in all. A model that needs more (say 100,000
/// categories) is refused with `vakt::model-too-large` instead of
/// exhausting memory; the 100 MB benchmark model needs none (40 categories
/// fit in one machine word).
const MAX_SET_BYTES: usize = 1 << 30;

/// The index of a reference that is not resolved yet.
const PENDING: u32 = u32::MAX;

/// The model and everything wrong with it.
#[derive(Debug)]
pub struct Built {
    /// The model, with every problematic piece left out.
    pub model: Model,
    /// Load, syntax and model diagnostics, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Where a deferred reference goes once resolved.
#[derive(Clone, Copy, Debug)]
enum Slot {
    /// The attribute's value is the reference.
    Single,
    /// Position in the attribute's list of references.
    At(usize),
    /// Into the attribute's category set.
    Category,
    /// A flow's source.
    From,
    /// A flow's target.
    To,
}

/// A reference to an id not declared when it was read.
#[derive(Debug)]
struct Deferred {
    owner: EntityRef,
    attr: AttrId,
    slot: Slot,
    expected: Kind,
    name: SmolStr,
    span: Span,
}

/// The category sets of systems (`stores`) and flows (`carries`) in index
/// order, recorded as entities are added.
#[derive(Debug, Default)]
struct RecordedSets {
    stores_id: Option<AttrId>,
    carries_id: Option<AttrId>,
    stores: Vec<CatSet>,
    carries: Vec<CatSet>,
    /// A set changed after it was recorded (a category declared after its
    /// use, or flows dropped): the facts read the entities instead.
    stale: bool,
}

impl RecordedSets {
    fn new(attr_names: &AttrNames) -> Self {
        RecordedSets {
            stores_id: attr_names.get("stores"),
            carries_id: attr_names.get("carries"),
            ..RecordedSets::default()
        }
    }

    fn record(&mut self, owner: EntityRef, attrs: &Attrs) {
        let (sets, id) = match owner.kind {
            Kind::System => (&mut self.stores, self.stores_id),
            Kind::Flow => (&mut self.carries, self.carries_id),
            _ => return,
        };
        let set = attrs
            .iter()
            .find(|a| Some(a.id) == id)
            .and_then(|a| match &a.value {
                Value::Categories(set) => Some(set.clone()),
                _ => None,
            })
            .unwrap_or_default();
        if owner.idx() == sets.len() {
            sets.push(set);
        } else {
            self.stale = true;
        }
    }

    /// The recorded sets, if they are those of `entities`.
    fn take(self, entities: &[Vec<Entity>]) -> Option<(Vec<CatSet>, Vec<CatSet>)> {
        let count = |kind: Kind| entities.get(kind.index()).map_or(0, Vec::len);
        let whole =
            self.stores.len() == count(Kind::System) && self.carries.len() == count(Kind::Flow);
        (whole && !self.stale).then_some((self.stores, self.carries))
    }
}

/// Builds a model from items added in declaration order.
pub(crate) struct Builder {
    entities: Vec<Vec<Entity>>,
    names: Vec<FxHashMap<SmolStr, u32>>,
    attr_names: AttrNames,
    custom: Vec<BTreeSet<AttrId>>,
    endpoints: Vec<Endpoints>,
    deferred: Vec<Deferred>,
    rules: Vec<ast::RuleDecl>,
    allows: Vec<ast::AllowDecl>,
    diagnostics: Vec<Diagnostic>,
    /// The ids of each kind's known attributes, in schema order.
    known_ids: Vec<Vec<AttrId>>,
    /// Unresolved references already reported, by span.
    reported: rustc_hash::FxHashSet<(vakt_syntax::FileId, u32, u32)>,
    suggestions_left: usize,
    /// Heap bytes of the category sets in attribute values so far.
    set_bytes: usize,
    /// At most this many (see [`MAX_SET_BYTES`]).
    set_budget: usize,
    /// Where the category sets ran out of budget, if they did.
    too_large: Option<Span>,
    /// The length of the file being read.
    file_len: usize,
    /// The source system of the last flow, and its index.
    last_source: Option<(SmolStr, u32)>,
    /// What each system stores and each flow carries, recorded as they are
    /// read (while their attributes are in the cache), for the facts.
    sets: RecordedSets,
    symbols: Symbols,
}

/// Symbols too long to store inline, shared: a model names the same few
/// (`legitimate_interest`) on thousands of entities.
#[derive(Default)]
struct Symbols(FxHashMap<SmolStr, EcoString>);

impl Symbols {
    fn get(&mut self, text: &str) -> EcoString {
        if text.len() <= EcoString::INLINE_LIMIT {
            return EcoString::from(text);
        }
        if let Some(shared) = self.0.get(text) {
            return shared.clone();
        }
        let shared = EcoString::from(text);
        self.0.insert(SmolStr::new(text), shared.clone());
        shared
    }
}

impl Builder {
    pub(crate) fn new() -> Self {
        let mut attr_names = AttrNames::default();
        let known_ids = Kind::ALL
            .iter()
            .map(|&kind| {
                schema::attributes(kind)
                    .iter()
                    .map(|def| attr_names.intern(def.name))
                    .collect()
            })
            .collect();
        let sets = RecordedSets::new(&attr_names);
        Builder {
            entities: vec![Vec::new(); Kind::ALL.len()],
            names: vec![FxHashMap::default(); Kind::ALL.len()],
            attr_names,
            custom: vec![BTreeSet::new(); Kind::ALL.len()],
            endpoints: Vec::new(),
            deferred: Vec::new(),
            rules: Vec::new(),
            allows: Vec::new(),
            diagnostics: Vec::new(),
            known_ids,
            reported: rustc_hash::FxHashSet::default(),
            suggestions_left: MAX_SUGGESTIONS,
            set_bytes: 0,
            set_budget: MAX_SET_BYTES,
            too_large: None,
            file_len: 0,
            last_source: None,
            sets,
            symbols: Symbols::default(),
        }
    }

    /// A builder whose category sets may take at most `bytes` (for tests).
    #[cfg(test)]
    pub(crate) fn with_set_budget(bytes: usize) -> Self {
        Builder {
            set_budget: bytes,
            ..Builder::new()
        }
    }

    /// Counts `grown` more bytes of category sets; past the budget, marks
    /// the model too large (at `at`) so no more sets grow.
    fn spend(&mut self, grown: usize, at: Span) {
        self.set_bytes = self.set_bytes.saturating_add(grown);
        if self.set_bytes > self.set_budget && self.too_large.is_none() {
            self.too_large = Some(at);
        }
    }

    /// Notes the length of the file whose items come next (see
    /// [`reserve_projected`]).
    pub(crate) fn start_file(&mut self, len: usize) {
        self.file_len = len;
    }

    /// Adds one item (`use` items are the loader's business and ignored
    /// here). Entities and flows are copied into the model, so the caller
    /// keeps the item (and can give its buffers back to the parser).
    pub(crate) fn add(&mut self, item: &Item) {
        match item {
            Item::Entity(decl) => self.entity(decl),
            Item::Flow(flow) => self.flow(flow),
            Item::Rule(rule) => self.rules.push(rule.clone()),
            Item::Allow(allow) => self.allows.push(allow.clone()),
            Item::Use(_) => {}
        }
    }

    /// Resolves what was deferred, builds the category hierarchy and derives
    /// the facts.
    pub(crate) fn finish(mut self, sources: Sources, mut diagnostics: Vec<Diagnostic>) -> Built {
        self.resolve_deferred();
        let (categories, facts) = if self.fits() {
            let categories = self.categories();
            let sets = std::mem::take(&mut self.sets).take(&self.entities);
            let facts = Facts::derive(
                &self.entities,
                &self.endpoints,
                &categories,
                &self.attr_names,
                sets,
            );
            (categories, facts)
        } else {
            let systems = self.entities.get(Kind::System.index()).map_or(0, Vec::len);
            (
                Categories::default(),
                Facts::adjacency_only(systems, &self.endpoints),
            )
        };
        name_unnamed_flows(&mut self.entities, &self.endpoints, &facts);
        diagnostics.append(&mut self.diagnostics);
        Built {
            model: Model {
                sources,
                entities: self.entities,
                names: self.names,
                attr_names: self.attr_names,
                custom: self.custom,
                endpoints: self.endpoints,
                categories,
                rules: self.rules,
                allows: self.allows,
                facts,
            },
            diagnostics,
        }
    }

    /// Whether the category sets of the graph fit in the budget, with those
    /// of the attribute values: about one set per category (two: what it
    /// matches, what it is related to), four per system (stores, holds,
    /// receives, and one while deriving) and one per flow. Reports
    /// `vakt::model-too-large` if not.
    fn fits(&mut self) -> bool {
        let count = |kind: Kind| self.entities.get(kind.index()).map_or(0, Vec::len);
        let (categories, systems, flows) = (
            count(Kind::Category),
            count(Kind::System),
            count(Kind::Flow),
        );
        let words = categories.div_ceil(64);
        let per_set = if words > 1 { words * 8 } else { 0 };
        let sets = 2 * categories + 4 * systems + flows;
        let needed = self.set_bytes.saturating_add(per_set.saturating_mul(sets));
        if self.too_large.is_none() && needed <= self.set_budget {
            return true;
        }
        let at = self.too_large.or_else(|| {
            self.entities
                .get(Kind::Category.index())
                .and_then(|c| c.first())
                .map(|c| c.header)
        });
        self.diagnostics.push(errors::model_too_large(
            categories,
            systems + flows,
            needed.max(self.set_bytes),
            self.set_budget,
            at,
        ));
        false
    }

    fn entity(&mut self, decl: &EntityDecl) {
        let Some(index) = self.declare(
            decl.kind,
            &decl.id.text,
            decl.id.span,
            decl.header,
            decl.span,
            decl.label.as_ref(),
        ) else {
            return;
        };
        let owner = EntityRef::new(decl.kind, index);
        let attrs = match &decl.body {
            Some(block) => self.attributes(owner, block),
            None => Attrs::new(),
        };
        if !decl.recovered {
            let written = decl.body.as_ref().map_or(&[][..], |b| b.attrs.as_slice());
            self.check_required(decl.kind, &decl.id.text, decl.header, written);
        }
        self.sets.record(owner, &attrs);
        if let Some(entity) = self.entity_mut(owner) {
            entity.set_attrs(attrs);
        }
    }

    fn entity_mut(&mut self, r: EntityRef) -> Option<&mut Entity> {
        self.entities.get_mut(r.kind.index())?.get_mut(r.idx())
    }

    /// Adds an entity; reports a duplicate id and returns `None` instead.
    fn declare(
        &mut self,
        kind: Kind,
        id: &SmolStr,
        id_span: Span,
        header: Span,
        span: Span,
        label: Option<&ast::StrLit>,
    ) -> Option<u32> {
        let k = kind.index();
        let (names, entities) = (self.names.get_mut(k)?, self.entities.get_mut(k)?);
        let index = u32::try_from(entities.len()).unwrap_or(PENDING);
        // One hash and probe for both the duplicate check and the insertion.
        match names.entry(id.clone()) {
            std::collections::hash_map::Entry::Occupied(first) => {
                let first_span = entities
                    .get(*first.get() as usize)
                    .map_or(header, |e| e.header);
                self.diagnostics
                    .push(errors::duplicate_id(kind, id, id_span, first_span));
                return None;
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(index);
            }
        }
        reserve_projected(entities, span.end, self.file_len);
        entities.push(Entity::new(
            id.clone(),
            label.map(|l| l.value.clone()),
            header,
            span,
        ));
        Some(index)
    }

    fn lookup(&self, kind: Kind, id: &str) -> Option<u32> {
        self.names.get(kind.index())?.get(id).copied()
    }

    /// A reference to an entity of `expected`: resolved now if its id is
    /// declared already, else deferred and pending.
    fn resolve(
        &mut self,
        owner: EntityRef,
        attr: AttrId,
        slot: Slot,
        expected: Kind,
        name: &Ident,
    ) -> EntityRef {
        // A system's flows are written together: their sources repeat.
        if let (Slot::From, Some((text, index))) = (slot, &self.last_source)
            && *text == name.text
        {
            return EntityRef::new(expected, *index);
        }
        if let Some(index) = self.lookup(expected, &name.text) {
            if let Slot::From = slot {
                self.last_source = Some((name.text.clone(), index));
            }
            return EntityRef::new(expected, index);
        }
        self.deferred.push(Deferred {
            owner,
            attr,
            slot,
            expected,
            name: name.text.clone(),
            span: name.span,
        });
        EntityRef::new(expected, PENDING)
    }

    /// Resolves deferred references now that every id is declared; reports
    /// those that stay unknown and drops what depended on them.
    fn resolve_deferred(&mut self) {
        let mut broken_flows = Vec::new();
        for d in std::mem::take(&mut self.deferred) {
            let mut grown = 0;
            let full = self.too_large.is_some();
            let resolved = self.lookup(d.expected, &d.name);
            if resolved.is_none() {
                self.report_unresolved(d.expected, &d.name, d.span);
            }
            let index = resolved.unwrap_or(PENDING);
            if let Slot::Category = d.slot {
                self.sets.stale = true;
            }
            match d.slot {
                Slot::From | Slot::To => {
                    if let Some(e) = self.endpoints.get_mut(d.owner.idx()) {
                        match d.slot {
                            Slot::From => e.from = index,
                            _ => e.to = index,
                        }
                    }
                    if resolved.is_none() {
                        broken_flows.push(d.owner.index);
                    }
                }
                slot => {
                    let value = self
                        .entity_mut(d.owner)
                        .and_then(|e| e.attrs_mut().iter_mut().find(|a| a.id == d.attr))
                        .map(|a| &mut a.value);
                    match (slot, value) {
                        (Slot::Single, Some(Value::Ref(r))) => r.index = index,
                        (Slot::At(i), Some(Value::Refs(refs))) => {
                            if let Some(r) = refs.get_mut(i) {
                                r.index = index;
                            }
                        }
                        (Slot::Category, Some(Value::Categories(set)))
                            if index != PENDING && !full =>
                        {
                            let before = set.heap_bytes();
                            set.insert(index);
                            grown = set.heap_bytes().saturating_sub(before);
                        }
                        _ => {}
                    }
                }
            }
            self.spend(grown, d.span);
        }
        // Drop references that stayed unknown (only in a model with errors).
        let unresolved = !self.reported.is_empty();
        for entities in self.entities.iter_mut().filter(|_| unresolved) {
            for entity in entities {
                entity.edit_attrs(|attrs| {
                    attrs.retain_mut(|a| match &mut a.value {
                        Value::Ref(r) => r.index != PENDING,
                        Value::Refs(refs) => {
                            if refs.iter().any(|r| r.index == PENDING) {
                                *refs = refs
                                    .iter()
                                    .copied()
                                    .filter(|r| r.index != PENDING)
                                    .collect();
                            }
                            true
                        }
                        _ => true,
                    });
                });
            }
        }
        if !broken_flows.is_empty() {
            self.drop_flows(&broken_flows);
        }
    }

    fn report_unresolved(&mut self, kind: Kind, id: &str, at: Span) {
        // Both directions of a `<->` flow defer the same written reference.
        if !self.reported.insert(at.sort_key()) {
            return;
        }
        let other = Kind::ALL
            .into_iter()
            .find_map(|k| self.lookup(k, id).map(|i| (k, i)));
        let diagnostic = match other {
            Some((found, index)) => {
                let declared = self
                    .entities
                    .get(found.index())
                    .and_then(|es| es.get(index as usize))
                    .map(|e| e.header);
                errors::wrong_kind(kind, found, id, at, declared)
            }
            None => {
                let suggestion = self.suggest(kind, id);
                errors::unknown_reference(kind, id, at, suggestion.as_deref())
            }
        };
        self.diagnostics.push(diagnostic);
    }

    /// Removes flows whose endpoints did not resolve (only in models with
    /// errors), keeping the others' order.
    fn drop_flows(&mut self, broken: &[u32]) {
        let (Some(flows), Some(names)) = (
            self.entities.get_mut(Kind::Flow.index()),
            self.names.get_mut(Kind::Flow.index()),
        ) else {
            return;
        };
        let flows = std::mem::take(flows);
        let endpoints = std::mem::take(&mut self.endpoints);
        names.clear();
        self.sets.stale = true;
        let mut kept = Vec::with_capacity(flows.len());
        for (i, (flow, ends)) in flows.into_iter().zip(endpoints).enumerate() {
            if broken.contains(&u32::try_from(i).unwrap_or(PENDING)) {
                continue;
            }
            names.insert(
                flow.id.clone(),
                u32::try_from(kept.len()).unwrap_or(PENDING),
            );
            kept.push(flow);
            self.endpoints.push(ends);
        }
        if let Some(flows) = self.entities.get_mut(Kind::Flow.index()) {
            *flows = kept;
        }
    }

    fn suggest(&mut self, kind: Kind, id: &str) -> Option<String> {
        if self.suggestions_left == 0 {
            return None;
        }
        self.suggestions_left -= 1;
        let candidates = self
            .entities
            .get(kind.index())?
            .iter()
            .map(|e| e.id.as_str());
        did_you_mean(id, candidates).map(str::to_owned)
    }

    /// Resolves and type-checks the attributes of a block.
    fn attributes(&mut self, owner: EntityRef, block: &Block) -> Attrs {
        let kind = owner.kind;
        let mut out = Attrs::with_capacity(block.attrs.len());
        let mut seen = 0u64;
        for attr in &block.attrs {
            let name = attr.key.as_str();
            let defs = schema::attributes(kind);
            // Comparing the first bytes first spares most `memcmp` calls.
            let known = defs.iter().position(|a| {
                a.name.len() == name.len()
                    && a.name.as_bytes().first() == name.as_bytes().first()
                    && a.name == name
            });
            // Known attributes were interned first: skip hashing their names.
            let id = match known.and_then(|i| self.known_ids.get(kind.index())?.get(i)) {
                Some(&id) => id,
                None => self.attr_names.intern(name),
            };
            // Known attributes have ids below 64: a bit each tells whether
            // one is set already without a scan.
            let bit = 1u64.checked_shl(id.0).unwrap_or(0);
            if (bit == 0 || seen & bit != 0)
                && let Some(first) = out.iter().find(|a| a.id == id)
            {
                self.diagnostics
                    .push(errors::duplicate_attribute(name, attr.key.span, first.span));
                continue;
            }
            seen |= bit;
            let value = match known.and_then(|i| defs.get(i)) {
                Some(def) => self.typed(owner, id, name, def.ty, &attr.value),
                None => {
                    let known = schema::attributes(kind)
                        .iter()
                        .filter(|d| !matches!(d.ty, AttrType::Derived(_)))
                        .map(|d| d.name);
                    if let Some(suggestion) = did_you_mean(name, known) {
                        self.diagnostics.push(errors::unknown_attribute(
                            kind,
                            name,
                            suggestion,
                            attr.key.span,
                        ));
                    }
                    if let Some(set) = self.custom.get_mut(kind.index()) {
                        set.insert(id);
                    }
                    Some(custom_value(&attr.value, &mut self.symbols))
                }
            };
            if let Some(value) = value {
                out.push(Attribute {
                    id,
                    value,
                    span: attr.span,
                });
            }
        }
        out
    }

    /// Checks a value against a known attribute's type; references to ids
    /// not declared yet are deferred (see [`Deferred`]).
    fn typed(
        &mut self,
        owner: EntityRef,
        attr: AttrId,
        name: &str,
        ty: AttrType,
        value: &ast::Value,
    ) -> Option<Value> {
        let kind = owner.kind;
        use ast::Value as V;
        let at = value.span();
        let mismatch = |b: &mut Self, help: String| {
            let found = describe_syntax(value);
            b.diagnostics
                .push(errors::wrong_type(name, &ty.describe(), &found, at, help));
            None
        };
        match (ty, value) {
            (AttrType::Derived(_), _) => {
                self.diagnostics
                    .push(errors::derived_attribute(kind, name, at));
                None
            }
            (AttrType::Str, V::Str(s)) => Some(Value::Str(s.value.clone())),
            (AttrType::Str, V::Name(n)) => {
                mismatch(self, format!("quote it: `{name} = \"{}\"`", n.text))
            }
            (AttrType::Bool, V::Bool(v, _)) => Some(Value::Bool(*v)),
            (AttrType::Bool, _) => {
                mismatch(self, format!("write `{name} = true` or `{name} = false`"))
            }
            (AttrType::Enum(options), V::Name(n)) => {
                if options.contains(&n.as_str()) {
                    Some(Value::Symbol(self.symbols.get(&n.text)))
                } else {
                    let suggestion = did_you_mean(n.as_str(), options.iter().copied());
                    self.diagnostics.push(errors::invalid_value(
                        name,
                        n.as_str(),
                        &schema::list(options),
                        at,
                        suggestion,
                    ));
                    None
                }
            }
            (AttrType::Enum(options), _) => mismatch(
                self,
                format!("`{name}` is one of {}", schema::list(options)),
            ),
            (AttrType::Symbol(_), V::Name(n)) => Some(Value::Symbol(self.symbols.get(&n.text))),
            (AttrType::Symbol(usual), _) => mismatch(
                self,
                format!(
                    "write a name without quotes, such as `{name} = {}`",
                    usual.first().unwrap_or(&"x")
                ),
            ),
            (AttrType::Country, V::Str(s)) => {
                let code = s.value.as_str();
                if code.len() == 2 && code.bytes().all(|c| c.is_ascii_uppercase()) {
                    Some(Value::Str(s.value.clone()))
                } else {
                    self.diagnostics.push(
                        Diagnostic::error("vakt::invalid-value", format!("`{code}` is not a country code"))
                            .with_label(at, "expected two upper-case letters")
                            .with_help(if code.len() == 2 && code.is_ascii() {
                                format!("did you mean `\"{}\"`?", code.to_ascii_uppercase())
                            } else {
                                "countries are ISO 3166 alpha-2 codes in upper case, such as \"NO\", \"SE\" or \"US\"".to_owned()
                            }),
                    );
                    None
                }
            }
            (AttrType::Country, V::Name(n)) => {
                mismatch(self, format!("quote it: `{name} = \"{}\"`", n.text))
            }
            (AttrType::Country, _) => mismatch(
                self,
                "write an ISO 3166 alpha-2 code such as \"NO\"".to_owned(),
            ),
            (AttrType::Ref(target), V::Name(n)) => Some(Value::Ref(self.resolve(
                owner,
                attr,
                Slot::Single,
                target,
                n,
            ))),
            (AttrType::Ref(target), V::Str(s)) => mismatch(
                self,
                format!(
                    "write the {target} id without quotes: `{name} = {}`",
                    s.value
                ),
            ),
            (AttrType::Ref(target), _) => mismatch(
                self,
                format!("write the id of {} {target}", schema::article(target)),
            ),
            (AttrType::RefList(target), V::List(items, _)) => {
                // Categories go to a set: the list is for other kinds only.
                let mut refs = if target == Kind::Category {
                    Vec::new()
                } else {
                    Vec::with_capacity(items.len())
                };
                let mut set = CatSet::default();
                for item in items {
                    match item {
                        V::Name(n) if target == Kind::Category => {
                            let r = self.resolve(owner, attr, Slot::Category, target, n);
                            if r.index != PENDING && self.too_large.is_none() {
                                let before = set.heap_bytes();
                                set.insert(r.index);
                                self.spend(set.heap_bytes().saturating_sub(before), n.span);
                            }
                        }
                        V::Name(n) => {
                            let slot = Slot::At(refs.len());
                            refs.push(self.resolve(owner, attr, slot, target, n));
                        }
                        other => {
                            let found = describe_syntax(other);
                            self.diagnostics.push(errors::wrong_type(
                                name,
                                &format!("a list of {}", schema::plural(target)),
                                &format!("{found} in the list"),
                                other.span(),
                                format!("list {} ids without quotes", target),
                            ));
                        }
                    }
                }
                Some(if target == Kind::Category {
                    Value::Categories(set)
                } else {
                    Value::Refs(refs.into_boxed_slice())
                })
            }
            (AttrType::RefList(_), V::Name(n)) => {
                mismatch(self, format!("put it in a list: `{name} = [{}]`", n.text))
            }
            (AttrType::RefList(target), _) => mismatch(
                self,
                format!("write a list of {} ids: `{name} = [a, b]`", target),
            ),
            (AttrType::Retention { .. }, V::Duration(d, _)) => Some(Value::Duration(*d)),
            (AttrType::Retention { .. }, V::Name(n)) if n.as_str() == "permanent" => {
                Some(Value::Permanent)
            }
            (AttrType::Retention { text: true }, V::Str(s)) => Some(Value::Str(s.value.clone())),
            (AttrType::Retention { .. }, _) => mismatch(
                self,
                format!("write a duration such as `{name} = 10y`, or `{name} = permanent`"),
            ),
            (AttrType::Str, _) => mismatch(self, format!("write text in quotes: `{name} = \"…\"`")),
        }
    }

    /// Reports required attributes that are not written at all (one that is
    /// written but invalid has its own diagnostic already).
    fn check_required(&mut self, kind: Kind, id: &str, header: Span, written: &[ast::Attr]) {
        for def in schema::attributes(kind).iter().filter(|d| d.required) {
            if written.iter().any(|a| a.key.as_str() == def.name) {
                continue;
            }
            let help = match def.ty {
                AttrType::Enum(options) => format!(
                    "add `{} = …` with one of {}",
                    def.name,
                    schema::list(options)
                ),
                AttrType::Ref(target) => {
                    let example = self
                        .entities
                        .get(target.index())
                        .and_then(|es| es.first())
                        .map_or("…", |e| e.id.as_str())
                        .to_owned();
                    format!(
                        "add `{} = {example}` naming the {target} it runs in",
                        def.name
                    )
                }
                _ => format!("add `{} = …`", def.name),
            };
            self.diagnostics
                .push(errors::missing_attribute(kind, id, def.name, header, help));
        }
    }

    /// Declares a flow (both, for `<->`). A named flow is declared under
    /// its id (and `ID-back`); an unnamed one gets its id (`a->b`, `a->b#2`)
    /// once all flows are known (see [`name_unnamed_flows`]), and is found
    /// by [`Model::lookup`] without a name table.
    fn flow(&mut self, flow: &FlowDecl) {
        let directions = [(&flow.from, &flow.to, false), (&flow.to, &flow.from, true)];
        let ways = if flow.both_ways { 2 } else { 1 };
        for (source, target, back) in directions.into_iter().take(ways) {
            let index = match &flow.id {
                Some(id) => {
                    let id = if back {
                        format_smolstr!("{}-back", id.text)
                    } else {
                        id.text.clone()
                    };
                    let id_span = flow.id.as_ref().map_or(flow.header, |i| i.span);
                    let declared = self.declare(
                        Kind::Flow,
                        &id,
                        id_span,
                        flow.header,
                        flow.span,
                        flow.label.as_ref(),
                    );
                    let Some(index) = declared else {
                        continue;
                    };
                    index
                }
                None => self.push_unnamed_flow(
                    flow.label.as_ref().map(|l| l.value.clone()),
                    flow.header,
                    flow.span,
                ),
            };
            let owner = EntityRef::new(Kind::Flow, index);
            let from = self
                .resolve(owner, AttrId(PENDING), Slot::From, Kind::System, source)
                .index;
            let to = self
                .resolve(owner, AttrId(PENDING), Slot::To, Kind::System, target)
                .index;
            self.endpoints.push(Endpoints { from, to });
            // Each direction resolves the shared attributes for itself (so
            // deferred references reach both); problems are reported once.
            let before = self.diagnostics.len();
            let attrs = match &flow.body {
                Some(block) => self.attributes(owner, block),
                None => Attrs::new(),
            };
            if back {
                self.diagnostics.truncate(before);
            }
            self.sets.record(owner, &attrs);
            if let Some(entity) = self.entity_mut(owner) {
                entity.set_attrs(attrs);
            }
        }
    }

    /// Adds an unnamed flow, its id still empty.
    fn push_unnamed_flow(&mut self, label: Option<SmolStr>, header: Span, span: Span) -> u32 {
        let flows = self.entities.get_mut(Kind::Flow.index());
        let index = flows.as_ref().map_or(0, |f| f.len());
        if let Some(flows) = flows {
            reserve_projected(flows, span.end, self.file_len);
            flows.push(Entity::new(SmolStr::default(), label, header, span));
        }
        u32::try_from(index).unwrap_or(PENDING)
    }

    /// Adds a flow read without a syntax tree (see [`PlainFlow`]).
    pub(crate) fn add_plain_flow(&mut self, flow: &PlainFlow) {
        if !self.direct_flow(flow) {
            self.flow(&flow.to_decl());
        }
    }

    /// Adds a plain flow as [`Builder::flow`] would, if its systems and
    /// categories are declared already and its attributes are known, set
    /// once and of the right type — the flows of a large model; returns
    /// false, having changed nothing, for any other (whose references wait
    /// or whose problems are reported by `flow`).
    fn direct_flow(&mut self, flow: &PlainFlow) -> bool {
        if self.too_large.is_some() {
            return false;
        }
        let from = match &self.last_source {
            Some((text, index)) if text == flow.from.text => *index,
            _ => {
                let Some(index) = self.lookup(Kind::System, flow.from.text) else {
                    return false;
                };
                self.last_source = Some((SmolStr::new(flow.from.text), index));
                index
            }
        };
        let Some(to) = self.lookup(Kind::System, flow.to.text) else {
            return false;
        };
        let Some(attrs) = self.direct_attributes(flow) else {
            return false;
        };
        let label = flow.label.map(|(text, _)| SmolStr::new(text));
        let index = self.push_unnamed_flow(label, flow.header, flow.span);
        self.endpoints.push(Endpoints { from, to });
        let owner = EntityRef::new(Kind::Flow, index);
        self.sets.record(owner, &attrs);
        if let Some(entity) = self.entity_mut(owner) {
            entity.set_attrs(attrs);
        }
        true
    }

    /// The attributes of a plain flow, if each is known, set once and of
    /// the right type, and names categories declared already (a set that
    /// fits in one word: larger ones count against the memory budget).
    fn direct_attributes(&mut self, flow: &PlainFlow) -> Option<Attrs> {
        let defs = schema::attributes(Kind::Flow);
        let ids = self.known_ids.get(Kind::Flow.index())?;
        let mut out = Attrs::with_capacity(flow.attrs().len());
        let mut seen = 0u64;
        for attr in flow.attrs() {
            let i = defs.iter().position(|d| d.name == attr.key.text)?;
            let (def, &id) = (defs.get(i)?, ids.get(i)?);
            let bit = 1u64.checked_shl(id.0)?;
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            let value = match (def.ty, attr.value) {
                (AttrType::Bool, PlainValue::Bool(b, _)) => Value::Bool(b),
                (AttrType::Str, PlainValue::Str(text, _)) => Value::Str(SmolStr::new(text)),
                (AttrType::Symbol(_), PlainValue::Name(n)) => {
                    Value::Symbol(self.symbols.get(n.text))
                }
                (AttrType::Enum(options), PlainValue::Name(n)) if options.contains(&n.text) => {
                    Value::Symbol(self.symbols.get(n.text))
                }
                (AttrType::RefList(Kind::Category), PlainValue::List(range, _)) => {
                    let mut set = CatSet::default();
                    for name in flow.list(range) {
                        let c = self.lookup(Kind::Category, name.text)?;
                        if c >= 64 {
                            return None;
                        }
                        set.insert(c);
                    }
                    Value::Categories(set)
                }
                _ => return None,
            };
            out.push(Attribute {
                id,
                value,
                span: attr.span,
            });
        }
        Some(out)
    }

    /// Parents, cycles, inheritance, and the match sets of categories.
    fn categories(&mut self) -> Categories {
        let parent_id = self.attr_names.intern("parent");
        let sensitive_id = self.attr_names.intern("sensitive");
        let personal_id = self.attr_names.intern("personal");
        let list = self
            .entities
            .get(Kind::Category.index())
            .cloned()
            .unwrap_or_default();
        let n = list.len();
        let mut parent: Vec<Option<u32>> = list
            .iter()
            .map(|e| match e.get(parent_id) {
                Some(Value::Ref(r)) => Some(r.index),
                _ => None,
            })
            .collect();

        // Cut cycles so every walk up the tree ends; report each once.
        let mut state = vec![0u8; n]; // 0 unseen, 1 on the current walk, 2 done
        for start in 0..n {
            let mut walk = Vec::new();
            let mut c = start;
            loop {
                match state.get(c).copied() {
                    Some(0) => {
                        if let Some(s) = state.get_mut(c) {
                            *s = 1;
                        }
                        walk.push(c);
                        match parent.get(c).copied().flatten() {
                            Some(p) => c = p as usize,
                            None => break,
                        }
                    }
                    Some(1) => {
                        let from = walk.iter().position(|&w| w == c).unwrap_or(0);
                        let cycle: Vec<usize> =
                            walk.get(from..).map(<[usize]>::to_vec).unwrap_or_default();
                        let names: Vec<&str> = cycle
                            .iter()
                            .chain(std::iter::once(&c))
                            .filter_map(|&i| list.get(i).map(|e| e.id.as_str()))
                            .collect();
                        let last = cycle.last().copied().unwrap_or(c);
                        let at = list
                            .get(last)
                            .and_then(|e| e.attribute(parent_id))
                            .map_or(Span::default(), |a| a.span);
                        self.diagnostics
                            .push(errors::category_cycle(&names.join(" → "), at));
                        if let Some(p) = parent.get_mut(last) {
                            *p = None;
                        }
                        break;
                    }
                    _ => break,
                }
            }
            for w in walk {
                if let Some(s) = state.get_mut(w) {
                    *s = 2;
                }
            }
        }

        // Parents before children: each category then inherits from its
        // parent's finished lists, so a chain of 20,000 categories costs
        // 20,000 steps, not a walk up the chain from each (which took 36 s).
        let order = parents_first(&parent);
        // Own attributes first, then each ancestor's not set yet (nearest
        // first: the parent's list holds its ancestors' in that order).
        let mut inherited: Vec<Vec<Attribute>> = vec![Vec::new(); n];
        // Each category with its ancestors.
        let mut lineage: Vec<CatSet> = vec![CatSet::default(); n];
        for &c in &order {
            let Some(entity) = list.get(c) else {
                continue;
            };
            let mut own = entity.attrs().to_vec();
            let mut line = CatSet::default();
            if let Some(p) = parent.get(c).copied().flatten().map(|p| p as usize) {
                for attr in inherited.get(p).map_or(&[][..], Vec::as_slice) {
                    if attr.id != parent_id && !own.iter().any(|e| e.id == attr.id) {
                        own.push(attr.clone());
                    }
                }
                line = lineage.get(p).cloned().unwrap_or_default();
            }
            line.insert(u32::try_from(c).unwrap_or(u32::MAX));
            if let (Some(i), Some(l)) = (inherited.get_mut(c), lineage.get_mut(c)) {
                *i = own;
                *l = line;
            }
        }
        // Each category with its descendants, children before parents.
        let mut matches: Vec<CatSet> = (0..n)
            .map(|c| std::iter::once(u32::try_from(c).unwrap_or(u32::MAX)).collect())
            .collect();
        for &c in order.iter().rev() {
            if let Some(p) = parent.get(c).copied().flatten().map(|p| p as usize) {
                let below = matches.get(c).cloned().unwrap_or_default();
                if let Some(m) = matches.get_mut(p) {
                    m.union_with(&below);
                }
            }
        }
        let related = lineage
            .into_iter()
            .zip(&matches)
            .map(|(mut line, below)| {
                line.union_with(below);
                line
            })
            .collect();
        let mut effective_all = Vec::with_capacity(n);
        for (entity, mut effective) in list.iter().zip(inherited) {
            for (id, default) in [(sensitive_id, false), (personal_id, true)] {
                if !effective.iter().any(|e| e.id == id) {
                    effective.push(Attribute {
                        id,
                        value: Value::Bool(default),
                        span: entity.header,
                    });
                }
            }
            effective_all.push(effective);
        }
        Categories {
            parent,
            effective: effective_all,
            matches,
            related,
        }
    }
}

/// Makes room in a full table of a large model for the entities the rest
/// of the file will likely declare, assuming it goes on as it began (`read`
/// of `total` bytes so far). Growing by doubling copied the 93 MB flow
/// table of a 400,000-flow model about 200 MB in all; projected, it grows
/// about once. Growth stays between an eighth and four times the table, so
/// a file that changes its mix costs a few extra steps at most.
pub(crate) fn reserve_projected<T>(table: &mut Vec<T>, read: u32, total: usize) {
    const SMALL: usize = 1 << 12;
    let len = table.len();
    if len < SMALL || len < table.capacity() {
        return;
    }
    let projected = len.saturating_mul(total) / (read as usize).max(1);
    let more = projected
        .saturating_sub(len)
        .saturating_add(projected / 64)
        .clamp(len / 8, len.saturating_mul(4));
    table.reserve_exact(more);
}

/// The categories in an order where each comes after its parent (the
/// parent links have no cycles left).
fn parents_first(parent: &[Option<u32>]) -> Vec<usize> {
    let mut placed = vec![false; parent.len()];
    let mut order = Vec::with_capacity(parent.len());
    let mut walk = Vec::new();
    for start in 0..parent.len() {
        let mut next = Some(start);
        while let Some(c) = next {
            match placed.get_mut(c) {
                Some(p) if !*p => *p = true,
                _ => break,
            }
            walk.push(c);
            next = parent.get(c).copied().flatten().map(|p| p as usize);
        }
        order.extend(walk.drain(..).rev());
    }
    order
}

/// Gives unnamed flows their ids: `a->b` for the first flow from `a` to `b`
/// in declaration order, then `a->b#2`, `a->b#3`… Each system's outflows
/// are in declaration order, so one pass over them numbers every pair
/// without a table keyed by names.
fn name_unnamed_flows(entities: &mut [Vec<Entity>], endpoints: &[Endpoints], facts: &Facts) {
    // Systems come before flows in `Kind::ALL`: split to borrow both.
    let (before, from_flows) = entities.split_at_mut(Kind::Flow.index());
    let (Some(systems), Some(flows)) = (before.get(Kind::System.index()), from_flows.first_mut())
    else {
        return;
    };
    // Per target system: the source it was last counted for, and the count.
    let mut seen: Vec<(u32, u32)> = vec![(PENDING, 0); systems.len()];
    for (source, system) in systems.iter().enumerate() {
        let source_index = u32::try_from(source).unwrap_or(PENDING);
        for &f in facts.outflows(source_index) {
            let (Some(flow), Some(ends)) = (flows.get_mut(f as usize), endpoints.get(f as usize))
            else {
                continue;
            };
            if !flow.id.is_empty() {
                continue;
            }
            let Some(count) = seen.get_mut(ends.to as usize) else {
                continue;
            };
            if count.0 != source_index {
                *count = (source_index, 0);
            }
            count.1 += 1;
            flow.id = unnamed_flow_id(&system.id, systems_id(systems, ends.to), count.1);
        }
    }
}

/// `from->to`, or `from->to#n` for the `n`th flow between them. Pushed
/// piece by piece rather than formatted: this runs for every unnamed flow.
fn unnamed_flow_id(from: &str, to: &str, n: u32) -> SmolStr {
    let mut id = smol_str::SmolStrBuilder::new();
    id.push_str(from);
    id.push_str("->");
    id.push_str(to);
    if n > 1 {
        id.push('#');
        id.push_str(&n.to_string());
    }
    id.finish()
}

fn systems_id(systems: &[Entity], index: u32) -> &str {
    systems.get(index as usize).map_or("", |s| s.id.as_str())
}

/// A custom attribute keeps any value; bare names are symbols.
fn custom_value(value: &ast::Value, symbols: &mut Symbols) -> Value {
    use ast::Value as V;
    match value {
        V::Str(s) => Value::Str(s.value.clone()),
        V::Int(n, _) => Value::Int(*n),
        V::Duration(d, _) => Value::Duration(*d),
        V::Date(d, _) => Value::Date(*d),
        V::Bool(b, _) => Value::Bool(*b),
        V::Name(n) if n.as_str() == "permanent" => Value::Permanent,
        V::Name(n) => Value::Symbol(symbols.get(&n.text)),
        V::List(items, _) => Value::List(items.iter().map(|i| custom_value(i, symbols)).collect()),
    }
}

fn describe_syntax(value: &ast::Value) -> String {
    use ast::Value as V;
    match value {
        V::Str(_) => "a string".to_owned(),
        V::Int(..) => "a number".to_owned(),
        V::Duration(..) => "a duration".to_owned(),
        V::Date(..) => "a date".to_owned(),
        V::Bool(..) => "a boolean".to_owned(),
        V::Name(n) => format!("`{}`", n.text),
        V::List(..) => "a list".to_owned(),
    }
}
