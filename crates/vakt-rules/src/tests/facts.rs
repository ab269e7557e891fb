//! SPEC §3: the derived facts (`receives`, `holds`, `inflows`, `outflows`,
//! `held_by`), category matching and inheritance, as rules see them.

use super::{on, own, truth_of};

/// Truth of `condition` on every system, as `id=true|false|unknown`.
fn on_systems(model: &str, condition: &str) -> Vec<String> {
    on(model, "system", condition)
}

const CATS: &str = "zone z { trust = internal }\n\
    category helse { sensitive = true, retention = 10y }\n\
    category helse.journal { parent = helse }\n\
    category helse.resept { parent = helse }\n\
    category kontakt\n";

#[test]
fn a_cycle_of_flows_invents_no_data() {
    // Least fixed point: a flow delivers c only if its source holds c (or a
    // relative), so a cycle nobody feeds stays empty.
    let model = format!(
        "{CATS}system a {{ zone = z }}\nsystem b {{ zone = z }}\nsystem c {{ zone = z, stores = [kontakt] }}\n\
         flow a <-> b {{ carries = [helse] }}\nflow b -> a {{ carries = [helse] }}\nflow c -> a {{ carries = [kontakt] }}\n"
    );
    assert_eq!(
        on_systems(&model, "holds.any(helse)"),
        ["a=false", "b=false", "c=false"]
    );
    assert_eq!(
        on_systems(&model, "receives.any()"),
        ["a=true", "b=false", "c=false"]
    );
    assert_eq!(
        on(&model, "category", "held_by.any()"),
        [
            "helse.journal=false",
            "helse.resept=false",
            "helse=false",
            "kontakt=true"
        ]
    );
}

#[test]
fn data_travels_transitively_and_round_a_fed_cycle() {
    // "a flow carrying c out of a system that itself only received c still
    // passes it on"
    let model = format!(
        "{CATS}system a {{ zone = z, stores = [kontakt] }}\nsystem b {{ zone = z }}\nsystem c {{ zone = z }}\nsystem d {{ zone = z }}\n\
         flow a -> b {{ carries = [kontakt] }}\nflow b -> c {{ carries = [kontakt] }}\nflow c -> a {{ carries = [kontakt] }}\n\
         flow a -> d {{ carries = [helse] }}\n"
    );
    assert_eq!(
        on_systems(&model, "holds.any(kontakt)"),
        ["a=true", "b=true", "c=true", "d=false"]
    );
    // receives: what arrives through flows; a gets kontakt back from c.
    assert_eq!(
        on_systems(&model, "receives.any(kontakt)"),
        ["a=true", "b=true", "c=true", "d=false"]
    );
}

#[test]
fn a_system_without_stores_stores_nothing() {
    // §2: "a system without `stores` stores nothing"; `S.any(X)` over the
    // empty set is false, `S.none()` true, `S.all()` true.
    let model = format!(
        "{CATS}system a {{ zone = z, stores = [kontakt] }}
system b {{ zone = z }}
"
    );
    assert_eq!(
        on_systems(&model, "stores.any(kontakt)"),
        ["a=true", "b=false"]
    );
    assert_eq!(on_systems(&model, "stores.none()"), ["a=false", "b=true"]);
    assert_eq!(on_systems(&model, "stores.all()"), ["a=true", "b=true"]);
}

#[test]
fn a_flow_delivers_only_what_it_carries() {
    let model = format!(
        "{CATS}system a {{ zone = z, stores = [kontakt, helse] }}\nsystem b {{ zone = z }}\n\
         flow a -> b {{ carries = [kontakt] }}\n"
    );
    assert_eq!(
        on_systems(&model, "holds.any(helse)"),
        ["a=true", "b=false"]
    );
}

#[test]
fn a_flow_delivers_a_category_whose_ancestor_the_source_holds() {
    let model = format!(
        "{CATS}system a {{ zone = z, stores = [helse] }}\nsystem b {{ zone = z }}\n\
         flow a -> b {{ carries = [helse.journal] }}\n"
    );
    // b receives helse.journal (what the flow carries).
    assert_eq!(
        on_systems(&model, "receives.any(helse.journal)"),
        ["a=false", "b=true"]
    );
    assert_eq!(
        on_systems(&model, "holds.any(sensitive)"),
        ["a=true", "b=true"]
    );
}

#[test]
fn a_flow_delivers_a_category_whose_descendant_the_source_holds() {
    let model = format!(
        "{CATS}system a {{ zone = z, stores = [helse.journal] }}\nsystem b {{ zone = z }}\nsystem c {{ zone = z }}\n\
         flow a -> b {{ carries = [helse] }}\nflow b -> c {{ carries = [helse.resept] }}\n"
    );
    // b holds helse, the category the flow carries: `helse` matches it,
    // `helse.journal` does not (matching goes down the tree) …
    assert_eq!(
        on_systems(&model, "holds.any(helse)"),
        ["a=true", "b=true", "c=true"]
    );
    assert_eq!(
        on_systems(&model, "holds.any(helse.journal)"),
        ["a=true", "b=false", "c=false"]
    );
    // … but the delivery test of `x in S` relates it both ways (c holds
    // only helse.resept, a sibling).
    assert_eq!(
        on_systems(&model, "helse.journal in holds"),
        ["a=true", "b=true", "c=false"]
    );
    // b holds helse, an ancestor of helse.resept: the next flow delivers it.
    assert_eq!(
        on_systems(&model, "receives.any(helse.resept)"),
        ["a=false", "b=false", "c=true"]
    );
}

#[test]
fn a_sibling_is_not_delivered() {
    let model = format!(
        "{CATS}system a {{ zone = z, stores = [helse.journal] }}\nsystem b {{ zone = z }}\n\
         flow a -> b {{ carries = [helse.resept] }}\n"
    );
    assert_eq!(
        on_systems(&model, "holds.any(helse)"),
        ["a=true", "b=false"]
    );
}

#[test]
fn category_matching_is_hierarchical_downwards() {
    // "`helse` matches `helse.journal`"
    let model = format!(
        "{CATS}system a {{ zone = z, stores = [helse.journal] }}\nsystem b {{ zone = z, stores = [helse] }}\n"
    );
    assert_eq!(
        on_systems(&model, "stores.any(helse)"),
        ["a=true", "b=true"]
    );
    assert_eq!(
        on_systems(&model, "stores.any(helse.journal)"),
        ["a=true", "b=false"]
    );
    assert_eq!(
        on_systems(&model, "stores.all(helse)"),
        ["a=true", "b=true"]
    );
}

#[test]
fn children_inherit_every_attribute_they_do_not_set() {
    let model = "zone z { trust = internal }\n\
        category video { video = true, sensitive = true, retention = 7d, personal = true }\n\
        category video.inne { parent = video, retention = 3d }\n\
        category video.inne.kasse { parent = video.inne, sensitive = false }\n\
        category anonym { personal = false }\n\
        category anonym.sum { parent = anonym }\n";
    assert_eq!(
        on(model, "category", "sensitive"),
        [
            "anonym.sum=false",
            "anonym=false",
            "video.inne.kasse=false",
            "video.inne=true",
            "video=true"
        ]
    );
    assert_eq!(
        on(model, "category", "retention == 3d"),
        [
            "anonym.sum=unknown",
            "anonym=unknown",
            "video.inne.kasse=true",
            "video.inne=true",
            "video=false"
        ]
    );
    // A custom attribute is inherited like a known one.
    assert_eq!(
        on(model, "category", "video == true"),
        [
            "anonym.sum=unknown",
            "anonym=unknown",
            "video.inne.kasse=true",
            "video.inne=true",
            "video=true"
        ]
    );
    assert_eq!(
        on(model, "category", "personal"),
        [
            "anonym.sum=false",
            "anonym=false",
            "video.inne.kasse=true",
            "video.inne=true",
            "video=true"
        ]
    );
}

#[test]
fn held_by_counts_holders_of_the_category_or_a_descendant() {
    let model = format!(
        "zone l {{ trust = closed }}\n{CATS}system a {{ zone = l, stores = [helse.journal] }}\nsystem b {{ zone = z, stores = [helse] }}\n\
         system c {{ zone = z }}\nflow a -> c {{ carries = [helse.journal] }}\n"
    );
    // helse: a (descendant), b (itself), c (received descendant);
    // helse.journal: a and c, not b (which holds only the parent).
    assert_eq!(
        on(&model, "category", "held_by.any()"),
        [
            "helse.journal=true",
            "helse.resept=false",
            "helse=true",
            "kontakt=false"
        ]
    );
    assert_eq!(
        on(&model, "category", "held_by.all(zone.trust == closed)"),
        [
            "helse.journal=false",
            "helse.resept=true",
            "helse=false",
            "kontakt=true"
        ]
    );
    assert_eq!(
        on(&model, "category", "held_by.any(it == b)"),
        [
            "helse.journal=false",
            "helse.resept=false",
            "helse=true",
            "kontakt=false"
        ]
    );
    assert_eq!(
        truth_of(
            &model,
            "category",
            "helse.journal",
            "held_by.none(zone == z) or held_by.any(it == c)"
        ),
        Some(true)
    );
}

#[test]
fn inflows_and_outflows_are_flows_in_declaration_order() {
    let model = "zone z { trust = internal }\nzone p { trust = public }\n\
        system web { zone = p }\nsystem a { zone = z }\nsystem b { zone = z }\n\
        flow web -> a { channel = https, encrypted = true }\n\
        flow a -> b { channel = email }\nflow a -> b { channel = sftp, encrypted = true }\n";
    assert_eq!(
        on_systems(model, "outflows.any(channel == email)"),
        ["a=true", "b=false", "web=false"]
    );
    assert_eq!(
        on_systems(model, "inflows.any(from.zone.trust == public)"),
        ["a=true", "b=false", "web=false"]
    );
    assert_eq!(
        on_systems(model, "inflows.none()"),
        ["a=false", "b=false", "web=true"]
    );
    // `encrypted` is missing on one outflow of a: unknown, and `all` over
    // {unknown, true} is unknown.
    assert_eq!(
        on_systems(model, "outflows.all(encrypted == true)"),
        ["a=unknown", "b=true", "web=true"]
    );
    assert_eq!(
        on_systems(model, "inflows.any(to == b)"),
        ["a=false", "b=true", "web=false"]
    );
}

#[test]
fn rules_over_derived_facts_report_exactly() {
    // A model's own rules may use the derived sets.
    let model = format!(
        "{CATS}system a {{ zone = z, stores = [helse] }}\nsystem b {{ zone = z }}\nsystem c {{ zone = z }}\n\
         flow a -> b {{ carries = [helse.journal] }}\nflow b -> c {{ carries = [helse.journal] }}\n\
         rule mottak {{ forbid system where receives.any(sensitive) and outflows.any() }}\n\
         rule ubrukt {{ each category where sensitive must held_by.any() }}\n"
    );
    assert_eq!(own(&model), ["mottak b", "ubrukt helse.resept"]);
}
