mod plain;

use std::collections::BTreeMap;

use vakt_syntax::ast::Kind;

use crate::{Built, Input, Loader, Model, Pack, Value, load};

struct Files(BTreeMap<&'static str, &'static str>);

impl Loader for Files {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        self.0
            .get(path)
            .map(|t| t.as_bytes().to_vec())
            .ok_or_else(|| "no such file".to_owned())
    }
}

const PACKS: &[Pack] = &[Pack {
    name: "kommune",
    text: "rule r { forbid system where x }",
}];

fn built_files(root: &str, files: &[(&'static str, &'static str)]) -> Built {
    let loader = Files(files.iter().copied().collect());
    let inputs = vec![Input {
        name: root.to_owned(),
        bytes: loader.read(root).unwrap(),
    }];
    load(inputs, &[], PACKS, &loader, crate::Threads::One)
}

fn built(text: &'static str) -> Built {
    built_files("m.vakt", &[("m.vakt", text)])
}

/// Diagnostic codes in source order (as the facade sorts them).
fn codes(b: &Built) -> Vec<&'static str> {
    let mut diagnostics: Vec<_> = b.diagnostics.iter().collect();
    diagnostics.sort_by_key(|d| d.primary_span().map(|s| s.sort_key()));
    diagnostics.iter().map(|d| d.code).collect()
}

fn clean(text: &'static str) -> Model {
    let b = built(text);
    assert!(b.diagnostics.is_empty(), "{:#?}", b.diagnostics);
    b.model
}

fn holds(m: &Model, system: &str) -> Vec<String> {
    let s = m.lookup(Kind::System, system).unwrap();
    let cats = m.entities(Kind::Category);
    m.facts.holds[s.idx()]
        .iter()
        .map(|c| cats[c as usize].id.to_string())
        .collect()
}

const BASE: &str = "zone z { trust = closed }\ncategory helse { sensitive = true }\ncategory helse.journal { parent = helse }\ncategory helse.x { parent = helse }\ncategory kontakt\n";

#[test]
fn unknown_reference_suggests_the_closest_id_of_the_right_kind() {
    let b = built("zone lukket { trust = closed }\nprocessor lukkat\nsystem s { zone = lukkt }");
    assert_eq!(codes(&b), ["vakt::unknown-reference"]);
    assert_eq!(
        b.diagnostics[0].help.as_deref(),
        Some("did you mean `lukket`?")
    );
}

#[test]
fn wrong_kind_names_expected_and_found() {
    let b = built("zone z { trust = closed }\nprocessor atea\nsystem s { zone = atea }");
    assert_eq!(codes(&b), ["vakt::wrong-kind"]);
    assert_eq!(
        b.diagnostics[0].message,
        "expected a zone, found processor `atea`"
    );
    assert_eq!(
        b.diagnostics[0].labels.len(),
        2,
        "the use and the declaration"
    );
}

#[test]
fn duplicates_label_both_declarations() {
    let b = built("zone z { trust = closed }\nzone z { trust = open }");
    assert_eq!(codes(&b), ["vakt::duplicate-id"]);
    assert_eq!(b.diagnostics[0].labels.len(), 2);
    assert_eq!(b.diagnostics[0].labels[1].span.start, 0);
}

#[test]
fn required_attributes_are_reported_once() {
    let b = built("zone z\nsystem s { zone = nowhere }\nsystem t");
    assert_eq!(
        codes(&b),
        [
            "vakt::missing-attribute",
            "vakt::unknown-reference",
            "vakt::missing-attribute"
        ]
    );
    assert_eq!(b.diagnostics[0].message, "zone `z` has no `trust`");
}

#[test]
fn types_are_checked() {
    let b = built(
        "zone z { trust = clsoed }\nsystem s { zone = \"z\", access_logging = yes, stores = helse, retention = 10 }\nprocessor p { country = \"no\" }",
    );
    assert_eq!(
        codes(&b),
        [
            "vakt::invalid-value",
            "vakt::wrong-type",
            "vakt::wrong-type",
            "vakt::wrong-type",
            "vakt::wrong-type",
            "vakt::invalid-value",
        ]
    );
    let help = |code: &str, n: usize| {
        b.diagnostics
            .iter()
            .filter(|d| d.code == code)
            .nth(n)
            .and_then(|d| d.help.clone())
    };
    assert_eq!(
        help("vakt::invalid-value", 0).as_deref(),
        Some("did you mean `closed`?")
    );
    assert_eq!(
        help("vakt::invalid-value", 1).as_deref(),
        Some("did you mean `\"NO\"`?")
    );
    assert!(
        b.diagnostics
            .iter()
            .any(|d| d.message == "`zone` must be a zone, found a string")
    );
}

#[test]
fn misspelt_attribute_warns_and_stays_custom() {
    let m = built(
        "zone z { trust = closed }\nsystem a { zone = z }\nsystem b { zone = z }\nflow a -> b { encrpyted = true, tier = gold }",
    );
    assert_eq!(codes(&m), ["vakt::unknown-attribute"]);
    assert!(!m.diagnostics[0].is_error());
    assert_eq!(
        m.diagnostics[0]
            .help
            .as_deref()
            .map(|h| h.starts_with("did you mean `encrypted`?")),
        Some(true)
    );
    let flow = &m.model.entities(Kind::Flow)[0];
    let tier = m.model.attr_names.get("tier").unwrap();
    assert_eq!(flow.get(tier), Some(&Value::Symbol("gold".into())));
    assert!(m.model.has_custom(Kind::Flow, tier));
}

#[test]
fn flows_get_ids_and_both_directions() {
    let m = clean(
        "zone z { trust = closed }\nsystem a { zone = z }\nsystem b { zone = z }\nflow a -> b\nflow a -> b\nflow sync: a <-> b\nflow b <-> a",
    );
    let ids: Vec<&str> = m
        .entities(Kind::Flow)
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["a->b", "a->b#2", "sync", "sync-back", "b->a", "a->b#3"]
    );
    assert_eq!(m.facts.outflows(0), [0, 1, 2, 5]);
    assert_eq!(m.facts.inflows(0), [3, 4]);
}

#[test]
fn flow_to_undeclared_system_is_an_error() {
    let b = built("zone z { trust = closed }\nsystem epj { zone = z }\nflow epj -> epost");
    assert_eq!(codes(&b), ["vakt::unknown-reference"]);
    assert_eq!(b.diagnostics[0].message, "no system is named `epost`");
    assert!(b.model.entities(Kind::Flow).is_empty());
}

#[test]
fn categories_inherit_and_default() {
    let m = clean(
        "category helse { sensitive = true, retention = 10y }\ncategory helse.journal { parent = helse }\ncategory stat { personal = false }",
    );
    let sensitive = m.attr_names.get("sensitive").unwrap();
    let personal = m.attr_names.get("personal").unwrap();
    let retention = m.attr_names.get("retention").unwrap();
    assert_eq!(m.categories.get(1, sensitive), Some(&Value::Bool(true)));
    assert_eq!(m.categories.get(1, personal), Some(&Value::Bool(true)));
    assert!(matches!(
        m.categories.get(1, retention),
        Some(Value::Duration(_))
    ));
    assert_eq!(m.categories.get(2, sensitive), Some(&Value::Bool(false)));
    assert_eq!(m.categories.get(2, personal), Some(&Value::Bool(false)));
    assert!(m.categories.matches[0].contains(1));
    assert!(!m.categories.matches[1].contains(0));
}

#[test]
fn category_cycles_are_reported() {
    let b =
        built("category a { parent = b }\ncategory b { parent = a }\ncategory c { parent = c }");
    assert_eq!(codes(&b), ["vakt::category-cycle", "vakt::category-cycle"]);
}

#[test]
fn holds_is_the_least_fixed_point() {
    let text: &'static str = Box::leak(
        format!(
            "{BASE}system a {{ zone = z, stores = [helse.journal] }}\nsystem b {{ zone = z }}\nsystem c {{ zone = z }}\nsystem d {{ zone = z }}\n\
             system x {{ zone = z }}\nsystem y {{ zone = z }}\n\
             flow a -> b {{ carries = [helse] }}\nflow b -> c {{ carries = [helse.x, kontakt] }}\nflow c -> d {{ carries = [helse.x] }}\n\
             flow x -> y {{ carries = [kontakt] }}\nflow y -> x {{ carries = [kontakt] }}"
        )
        .into_boxed_str(),
    );
    let m = clean(text);
    // a holds a descendant of helse, so a -> b delivers helse; b holds an
    // ancestor of helse.x, so b -> c delivers helse.x but not kontakt.
    assert_eq!(holds(&m, "b"), ["helse"]);
    assert_eq!(holds(&m, "c"), ["helse.x"]);
    assert_eq!(holds(&m, "d"), ["helse.x"]);
    // a cycle carrying what nobody stores invents nothing
    assert!(holds(&m, "x").is_empty() && holds(&m, "y").is_empty());
    let helse = m.lookup(Kind::Category, "helse").unwrap();
    assert_eq!(m.held_by(helse.index).unwrap(), [0, 1, 2, 3]);
    let c = m.lookup(Kind::System, "c").unwrap();
    assert!(m.facts.receives[c.idx()].contains(2));
}

/// The facts take category sets recorded as entities are read, unless a
/// set changed later: a category declared after its use, or a flow dropped.
#[test]
fn facts_see_sets_completed_after_they_were_read() {
    let m = clean(
        "zone z { trust = closed }\nsystem a { zone = z, stores = [late] }\nsystem b { zone = z }\n\
         system c { zone = z }\nflow a -> b { carries = [late] }\nflow b -> c { carries = [other] }\n\
         category late\ncategory other",
    );
    assert_eq!(holds(&m, "a"), ["late"]);
    assert_eq!(holds(&m, "b"), ["late"]);
    let other = m.lookup(Kind::Category, "other").unwrap();
    assert!(m.facts.carries[1].contains(other.index));
    assert!(holds(&m, "c").is_empty());

    // A flow to an unknown system is dropped; the facts of the others stay
    // with their flows.
    let b = built(
        "zone z { trust = closed }\ncategory k\nsystem a { zone = z, stores = [k] }\nsystem b { zone = z }\n\
         flow a -> nowhere { carries = [k] }\nflow a -> b { carries = [k] }",
    );
    assert_eq!(codes(&b), ["vakt::unknown-reference"]);
    assert_eq!(b.model.entities(Kind::Flow).len(), 1);
    assert_eq!(holds(&b.model, "b"), ["k"]);
    assert!(b.model.facts.carries[0].contains(0));
}

#[test]
fn uses_load_files_and_packs_once_and_detect_cycles() {
    let b = built_files(
        "dir/a.vakt",
        &[
            (
                "dir/a.vakt",
                "use \"b.vakt\"\nuse \"kommune\"\nuse \"sub/c.vakt\"\nzone z { trust = closed }",
            ),
            ("dir/b.vakt", "use \"sub/c.vakt\"\nuse \"kommune\""),
            ("dir/sub/c.vakt", "use \"../a.vakt\"\nsystem s { zone = z }"),
        ],
    );
    assert_eq!(codes(&b), ["vakt::use-cycle"]);
    assert_eq!(
        b.diagnostics[0].message,
        "`use` cycle: dir/a.vakt → dir/b.vakt → dir/sub/c.vakt → dir/a.vakt"
    );
    let names: Vec<&str> = b.model.sources.iter().map(|(_, f)| f.name()).collect();
    assert_eq!(
        names,
        [
            "dir/a.vakt",
            "dir/b.vakt",
            "dir/sub/c.vakt",
            "builtin/kommune.vakt"
        ]
    );
    assert_eq!(b.model.rules.len(), 1);
}

#[test]
fn missing_files_and_unknown_packs_are_located() {
    let b = built_files("a.vakt", &[("a.vakt", "use \"nope.vakt\"\nuse \"komune\"")]);
    assert_eq!(codes(&b), ["vakt::missing-file", "vakt::unknown-pack"]);
    assert_eq!(
        b.diagnostics[1].help.as_deref(),
        Some("did you mean `kommune`?")
    );
    assert!(b.diagnostics.iter().all(|d| d.primary_span().is_some()));
}

#[test]
fn invalid_utf8_is_reported_with_its_offset() {
    let inputs = vec![Input {
        name: "bad.vakt".into(),
        bytes: b"zone z { trust = closed }\n\xff\xfe".to_vec(),
    }];
    let b = load(inputs, &[], PACKS, &crate::NoFiles, crate::Threads::One);
    assert_eq!(codes(&b), ["vakt::invalid-utf8"]);
    assert_eq!(b.diagnostics[0].primary_span().unwrap().start, 26);
}

#[test]
fn meaning_ignores_layout() {
    let a = clean("zone z { trust = closed }\n// note\nsystem s { zone = z, owner = \"x\" }");
    let b = clean("zone   z {\n  trust = closed\n}\nsystem s {\n  zone  = z\n  owner = \"x\"\n}");
    let c = clean("zone z { trust = closed }\nsystem s { zone = z, owner = \"y\" }");
    assert!(a.same_meaning(&b));
    assert!(!a.same_meaning(&c));
}

fn built_owned(text: String) -> Built {
    let inputs = vec![Input {
        name: "m.vakt".into(),
        bytes: text.into_bytes(),
    }];
    load(inputs, &[], PACKS, &crate::NoFiles, crate::Threads::One)
}

#[test]
fn a_deep_category_chain_builds_in_linear_steps() {
    // Regression (hostile corpus `deep-category-chain`): each category
    // walked up its whole chain, so 20,000 nested categories took 36 s.
    let n = 20_000;
    let mut text = String::from("zone z { trust = closed }\ncategory k0 { sensitive = true }\n");
    for i in 1..n {
        text.push_str(&format!("category k{i} {{ parent = k{} }}\n", i - 1));
    }
    text.push_str(&format!("system s {{ zone = z, stores = [k{}] }}\n", n - 1));
    let started = std::time::Instant::now();
    let b = built_owned(text);
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    assert!(b.diagnostics.is_empty(), "{:#?}", b.diagnostics);
    let m = &b.model;
    let sensitive = m.attr_names.get("sensitive").unwrap();
    let deepest = u32::try_from(n - 1).unwrap();
    assert_eq!(
        m.categories.get(deepest, sensitive),
        Some(&Value::Bool(true))
    );
    assert_eq!(m.categories.matches[0].len(), n);
    assert_eq!(m.categories.related[deepest as usize].len(), n);
    assert_eq!(m.categories.related[100].len(), n);
    assert_eq!(m.categories.matches[100].len(), n - 100);
    assert_eq!(m.held_by(0).unwrap(), [0]);
}

#[test]
fn inheritance_takes_the_nearest_ancestor_whatever_the_declaration_order() {
    let m = clean(
        "category c { parent = b }\ncategory b { parent = a, retention = 2y }\ncategory a { sensitive = true, retention = 1y }\nzone z { trust = closed }\nsystem s { zone = z, stores = [c] }",
    );
    let retention = m.attr_names.get("retention").unwrap();
    let sensitive = m.attr_names.get("sensitive").unwrap();
    let c = m.lookup(Kind::Category, "c").unwrap().index;
    let a = m.lookup(Kind::Category, "a").unwrap().index;
    assert_eq!(m.categories.get(c, sensitive), Some(&Value::Bool(true)));
    assert!(
        matches!(m.categories.get(c, retention), Some(Value::Duration(d)) if d.to_string() == "2y")
    );
    assert_eq!(m.categories.matches[a as usize].len(), 3);
    assert_eq!(m.categories.related[c as usize].len(), 3);
}

#[test]
fn a_model_whose_category_sets_would_not_fit_is_refused() {
    // 70,000 categories need 70,000 × 70,000 × 2 bits for the hierarchy
    // alone: refused with a diagnostic rather than exhausting memory (the
    // sets grow as n², and a 100 MB file can declare millions).
    let mut text = String::from("zone z { trust = closed }\nsystem s { zone = z }\nflow s -> s\n");
    for i in 0..70_000 {
        text.push_str(&format!("category c{i}\n"));
    }
    let b = built_owned(text);
    assert_eq!(codes(&b), ["vakt::model-too-large"]);
    let d = &b.diagnostics[0];
    assert!(d.message.contains("70000 categories"), "{}", d.message);
    assert_eq!(
        b.model.sources.slice(d.primary_span().unwrap()),
        Some("category c0")
    );
    assert!(b.model.facts.holds.is_empty());
    // unnamed flows still get their ids
    assert!(b.model.lookup(Kind::Flow, "s->s").is_some());
}

#[test]
fn category_sets_in_attributes_count_toward_the_budget() {
    let mut text = String::from("zone z { trust = closed }\n");
    for i in 0..1000 {
        text.push_str(&format!("category c{i}\n"));
    }
    for i in 0..100 {
        text.push_str(&format!("system s{i} {{ zone = z, stores = [c999] }}\n"));
    }
    // stores declared before the category (a deferred reference) too
    text.insert_str(0, "system early { zone = z, stores = [c998] }\n");
    let mut sources = vakt_syntax::Sources::new();
    let file = sources.add("m.vakt", text.as_str(), vakt_syntax::Origin::User);
    // each set of 1,000 categories takes 128 bytes: the 10th is too many
    let mut builder = crate::build::Builder::with_set_budget(128 * 9);
    for item in vakt_syntax::parse(file, &text).module.items {
        builder.add(&item);
    }
    let b = builder.finish(sources, Vec::new());
    assert_eq!(codes(&b), ["vakt::model-too-large"]);
    let at = b.diagnostics[0].primary_span().unwrap();
    assert_eq!(b.model.sources.slice(at), Some("c999"));
}

#[test]
fn tables_of_large_models_grow_to_the_projected_size() {
    use crate::build::reserve_projected;
    // 8,192 entities in the first quarter of the file: room for 32,768.
    let mut table: Vec<u8> = vec![0; 8192];
    table.shrink_to_fit();
    reserve_projected(&mut table, 1_000, 4_000);
    assert!(
        (32_768..34_000).contains(&table.capacity()),
        "{}",
        table.capacity()
    );
    // Never more than four times the table, however wrong the projection.
    let mut table: Vec<u8> = vec![0; 8192];
    table.shrink_to_fit();
    reserve_projected(&mut table, 1, 1 << 40);
    assert_eq!(table.capacity(), 8192 * 5);
    // Small tables grow as usual.
    let mut table: Vec<u8> = vec![0; 100];
    table.shrink_to_fit();
    reserve_projected(&mut table, 1, 1 << 20);
    assert_eq!(table.capacity(), 100);
}

#[test]
fn long_symbols_are_shared_and_short_ones_inline() {
    let m = clean(
        "zone z { trust = closed }\nsystem a { zone = z, basis = legitimate_interest, tier = gold }\nsystem b { zone = z, basis = legitimate_interest, tier = a_rather_long_custom_symbol }\nsystem c { zone = z, tier = a_rather_long_custom_symbol }",
    );
    let symbol = |system: &str, attr: &str| {
        let id = m.attr_names.get(attr).unwrap();
        let s = m.lookup(Kind::System, system).unwrap();
        match m.entity(s).unwrap().get(id) {
            Some(Value::Symbol(text)) => text.clone(),
            other => panic!("{other:?}"),
        }
    };
    let (a, b) = (symbol("a", "basis"), symbol("b", "basis"));
    assert_eq!(a, "legitimate_interest");
    // One copy of the text for both systems (interned by the builder).
    assert_eq!(a.as_ptr(), b.as_ptr());
    let (b, c) = (symbol("b", "tier"), symbol("c", "tier"));
    assert_eq!(b, "a_rather_long_custom_symbol");
    assert_eq!(b.as_ptr(), c.as_ptr());
    assert_eq!(symbol("a", "tier"), "gold");
}
