//! From syntax trees to the resolved [`Model`]: names, references, types,
//! required attributes, flow ids and the category hierarchy.
//!
//! Problems are reported and the offending piece left out, so the model is
//! always consistent (every reference resolves) and later stages never need
//! to check again.

use std::collections::BTreeSet;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use smol_str::SmolStr;
use vakt_syntax::ast::{self, Block, EntityDecl, FlowDecl, Item, Kind};
use vakt_syntax::{Diagnostic, Span, did_you_mean};

use crate::catset::CatSet;
use crate::errors;
use crate::facts::Facts;
use crate::load::Loaded;
use crate::model::{AttrNames, Attribute, Categories, Endpoints, Entity, Model};
use crate::schema::{self, AttrType};
use crate::value::{EntityRef, Value};

/// Suggestions scan every id of a kind; past this many unknown references
/// they are skipped to keep huge broken models fast.
const MAX_SUGGESTIONS: usize = 25;

/// The model and everything wrong with it.
#[derive(Debug)]
pub struct Built {
    /// The model, with every problematic piece left out.
    pub model: Model,
    /// Load, syntax and model diagnostics, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Resolves the loaded files into a model.
pub fn build(loaded: Loaded) -> Built {
    let Loaded {
        sources,
        modules,
        mut diagnostics,
    } = loaded;
    let mut b = Builder {
        entities: vec![Vec::new(); Kind::ALL.len()],
        names: vec![FxHashMap::default(); Kind::ALL.len()],
        attr_names: AttrNames::default(),
        custom: vec![BTreeSet::new(); Kind::ALL.len()],
        diagnostics: Vec::new(),
        suggestions_left: MAX_SUGGESTIONS,
    };
    for kind in Kind::ALL {
        for def in schema::attributes(kind) {
            b.attr_names.intern(def.name);
        }
    }

    // Pass 1: declare every entity, so references can point forward.
    let mut decls: Vec<Vec<&EntityDecl>> = vec![Vec::new(); Kind::ALL.len()];
    let mut flows: Vec<&FlowDecl> = Vec::new();
    let mut rules = Vec::new();
    let mut allows = Vec::new();
    for module in &modules {
        for item in &module.items {
            match item {
                Item::Entity(decl) => {
                    if b.declare(
                        decl.kind,
                        &decl.id.text,
                        decl.id.span,
                        decl.header,
                        decl.span,
                        decl.label.as_ref(),
                    ) && let Some(list) = decls.get_mut(decl.kind.index())
                    {
                        list.push(decl);
                    }
                }
                Item::Flow(flow) => flows.push(flow),
                Item::Rule(rule) => rules.push(rule.clone()),
                Item::Allow(allow) => allows.push(allow.clone()),
                Item::Use(_) => {}
            }
        }
    }

    // Pass 2: attributes of entities.
    for kind in Kind::ALL {
        let list = decls.get(kind.index()).cloned().unwrap_or_default();
        for (index, decl) in list.iter().enumerate() {
            let attrs = match &decl.body {
                Some(block) => b.attributes(kind, block),
                None => Vec::new(),
            };
            if !decl.recovered {
                let written: Vec<&str> = decl
                    .body
                    .iter()
                    .flat_map(|block| block.attrs.iter().map(|a| a.key.as_str()))
                    .collect();
                b.check_required(kind, &decl.id.text, decl.header, &written);
            }
            if let Some(entity) = b
                .entities
                .get_mut(kind.index())
                .and_then(|es| es.get_mut(index))
            {
                entity.attrs = attrs;
            }
        }
    }

    // Pass 3: flows, after all systems are known.
    let endpoints = b.flows(&flows);

    // Pass 4: the category hierarchy.
    let categories = b.categories();

    let facts = Facts::derive(&b.entities, &endpoints, &categories, &b.attr_names);
    diagnostics.append(&mut b.diagnostics);
    Built {
        model: Model {
            sources,
            entities: b.entities,
            names: b.names,
            attr_names: b.attr_names,
            custom: b.custom,
            endpoints,
            categories,
            rules,
            allows,
            facts,
        },
        diagnostics,
    }
}

struct Builder {
    entities: Vec<Vec<Entity>>,
    names: Vec<FxHashMap<SmolStr, u32>>,
    attr_names: AttrNames,
    custom: Vec<BTreeSet<crate::model::AttrId>>,
    diagnostics: Vec<Diagnostic>,
    suggestions_left: usize,
}

impl Builder {
    /// Adds an entity; reports a duplicate id and returns false instead.
    fn declare(
        &mut self,
        kind: Kind,
        id: &SmolStr,
        id_span: Span,
        header: Span,
        span: Span,
        label: Option<&ast::StrLit>,
    ) -> bool {
        let k = kind.index();
        let (Some(names), Some(entities)) = (self.names.get_mut(k), self.entities.get_mut(k))
        else {
            return false;
        };
        if let Some(&first) = names.get(id) {
            let first_span = entities.get(first as usize).map_or(header, |e| e.header);
            self.diagnostics
                .push(errors::duplicate_id(kind, id, id_span, first_span));
            return false;
        }
        let index = u32::try_from(entities.len()).unwrap_or(u32::MAX);
        names.insert(id.clone(), index);
        entities.push(Entity {
            id: id.clone(),
            label: label.map(|l| l.value.clone()),
            header,
            span,
            attrs: Vec::new(),
        });
        true
    }

    fn lookup(&self, kind: Kind, id: &str) -> Option<u32> {
        self.names.get(kind.index())?.get(id).copied()
    }

    /// Resolves a reference to an entity of `kind`, reporting unknown ids and
    /// ids of the wrong kind.
    fn reference(&mut self, kind: Kind, id: &str, at: Span) -> Option<EntityRef> {
        if let Some(index) = self.lookup(kind, id) {
            return Some(EntityRef::new(kind, index));
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
        None
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
    fn attributes(&mut self, kind: Kind, block: &Block) -> Vec<Attribute> {
        let mut out: Vec<Attribute> = Vec::with_capacity(block.attrs.len());
        for attr in &block.attrs {
            let name = attr.key.as_str();
            let id = self.attr_names.intern(name);
            if let Some(first) = out.iter().find(|a| a.id == id) {
                self.diagnostics
                    .push(errors::duplicate_attribute(name, attr.key.span, first.span));
                continue;
            }
            let value = match schema::known(kind, name) {
                Some(def) => self.typed(kind, name, def.ty, &attr.value),
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
                    Some(custom_value(&attr.value))
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

    /// Checks a value against a known attribute's type.
    fn typed(&mut self, kind: Kind, name: &str, ty: AttrType, value: &ast::Value) -> Option<Value> {
        use ast::Value as V;
        let at = value.span();
        let found = describe_syntax(value);
        let mismatch = |b: &mut Self, help: String| {
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
            (AttrType::Str, V::Str(s)) => Some(Value::Str(Arc::from(s.value.as_str()))),
            (AttrType::Str, V::Name(n)) => {
                mismatch(self, format!("quote it: `{name} = \"{}\"`", n.text))
            }
            (AttrType::Bool, V::Bool(v, _)) => Some(Value::Bool(*v)),
            (AttrType::Bool, _) => {
                mismatch(self, format!("write `{name} = true` or `{name} = false`"))
            }
            (AttrType::Enum(options), V::Name(n)) => {
                if options.contains(&n.as_str()) {
                    Some(Value::Symbol(n.text.clone()))
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
            (AttrType::Symbol(_), V::Name(n)) => Some(Value::Symbol(n.text.clone())),
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
                    Some(Value::Str(Arc::from(code)))
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
            (AttrType::Ref(target), V::Name(n)) => {
                self.reference(target, &n.text, n.span).map(Value::Ref)
            }
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
                let mut refs = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        V::Name(n) => refs.extend(self.reference(target, &n.text, n.span)),
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
                    Value::Categories(refs.iter().map(|r| r.index).collect())
                } else {
                    Value::Refs(refs)
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
            (AttrType::Retention { text: true }, V::Str(s)) => {
                Some(Value::Str(Arc::from(s.value.as_str())))
            }
            (AttrType::Retention { .. }, _) => mismatch(
                self,
                format!("write a duration such as `{name} = 10y`, or `{name} = permanent`"),
            ),
            (AttrType::Str, _) => mismatch(self, format!("write text in quotes: `{name} = \"…\"`")),
        }
    }

    /// Reports required attributes that are not written at all (one that is
    /// written but invalid has its own diagnostic already).
    fn check_required(&mut self, kind: Kind, id: &str, header: Span, written: &[&str]) {
        for def in schema::attributes(kind).iter().filter(|d| d.required) {
            if written.contains(&def.name) {
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

    /// Declares flows, with their generated ids, and resolves their endpoints.
    fn flows(&mut self, flows: &[&FlowDecl]) -> Vec<Endpoints> {
        let mut endpoints = Vec::with_capacity(flows.len());
        let mut unnamed: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        for flow in flows {
            let from = self.reference(Kind::System, &flow.from.text, flow.from.span);
            let to = self.reference(Kind::System, &flow.to.text, flow.to.span);
            let attrs = match &flow.body {
                Some(block) => self.attributes(Kind::Flow, block),
                None => Vec::new(),
            };
            let (Some(from), Some(to)) = (from, to) else {
                continue;
            };
            let mut directions = vec![(from.index, to.index, false)];
            if flow.both_ways {
                directions.push((to.index, from.index, true));
            }
            for (source, target, back) in directions {
                let id: SmolStr = match &flow.id {
                    Some(id) if back => format!("{}-back", id.text).into(),
                    Some(id) => id.text.clone(),
                    None => {
                        let n = unnamed.entry((source, target)).or_insert(0);
                        *n += 1;
                        let (a, b) = if back {
                            (&flow.to.text, &flow.from.text)
                        } else {
                            (&flow.from.text, &flow.to.text)
                        };
                        if *n == 1 {
                            format!("{a}->{b}").into()
                        } else {
                            format!("{a}->{b}#{n}").into()
                        }
                    }
                };
                let id_span = flow.id.as_ref().map_or(flow.header, |i| i.span);
                if self.declare(
                    Kind::Flow,
                    &id,
                    id_span,
                    flow.header,
                    flow.span,
                    flow.label.as_ref(),
                ) {
                    if let Some(entity) = self
                        .entities
                        .get_mut(Kind::Flow.index())
                        .and_then(|es| es.last_mut())
                    {
                        entity.attrs = attrs.clone();
                    }
                    endpoints.push(Endpoints {
                        from: source,
                        to: target,
                    });
                }
            }
        }
        endpoints
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

        let mut categories = Categories {
            parent,
            effective: Vec::with_capacity(n),
            matches: vec![CatSet::with_len(n); n],
            related: vec![CatSet::with_len(n); n],
        };
        for (c, entity) in list.iter().enumerate() {
            let c32 = u32::try_from(c).unwrap_or(u32::MAX);
            // Own attributes first, then each ancestor's that are not set yet.
            let mut effective: Vec<Attribute> = entity.attrs.clone();
            for ancestor in categories.ancestors(c32).collect::<Vec<_>>() {
                if let Some(a) = list.get(ancestor as usize) {
                    for attr in &a.attrs {
                        if attr.id != parent_id && !effective.iter().any(|e| e.id == attr.id) {
                            effective.push(attr.clone());
                        }
                    }
                }
            }
            for (id, default) in [(sensitive_id, false), (personal_id, true)] {
                if !effective.iter().any(|e| e.id == id) {
                    effective.push(Attribute {
                        id,
                        value: Value::Bool(default),
                        span: entity.header,
                    });
                }
            }
            categories.effective.push(effective);
            let mut line = vec![c32];
            line.extend(categories.ancestors(c32));
            for &a in &line {
                if let Some(m) = categories.matches.get_mut(a as usize) {
                    m.insert(c32);
                }
            }
            for &a in &line {
                if let Some(r) = categories.related.get_mut(c) {
                    r.insert(a);
                }
                if let Some(r) = categories.related.get_mut(a as usize) {
                    r.insert(c32);
                }
            }
        }
        categories
    }
}

/// A custom attribute keeps any value; bare names are symbols.
fn custom_value(value: &ast::Value) -> Value {
    use ast::Value as V;
    match value {
        V::Str(s) => Value::Str(Arc::from(s.value.as_str())),
        V::Int(n, _) => Value::Int(*n),
        V::Duration(d, _) => Value::Duration(*d),
        V::Date(d, _) => Value::Date(*d),
        V::Bool(b, _) => Value::Bool(*b),
        V::Name(n) if n.as_str() == "permanent" => Value::Permanent,
        V::Name(n) => Value::Symbol(n.text.clone()),
        V::List(items, _) => Value::List(items.iter().map(custom_value).collect()),
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
