//! SPEC §4 "Expressions": name resolution, operators, durations, sets,
//! Kleene logic, load errors and messages.

use vakt_syntax::Severity;

use super::{ALL_PACKS, on, own, run, run_raw, truth};

// ------------------------------------------------------ name resolution

#[test]
fn a_bare_name_is_first_an_attribute_of_the_entity() {
    // `kontakt` is a custom attribute of systems and a declared category: it
    // is read as the attribute (as a category, `kontakt == true` would be a
    // type clash), with the ambiguity warning.
    let model = "zone z { trust = internal }\ncategory kontakt\n\
        system a { zone = z, kontakt = true }\nsystem b { zone = z, kontakt = false }\nsystem c { zone = z }\n\
        rule r { forbid system where kontakt == true }\n";
    let run = run(model, &[], None);
    assert_eq!(super::summarize(&run.evaluation.findings), ["r a"]);
    assert!(
        run.warning_codes().contains(&"vakt::ambiguous-name"),
        "{:?}",
        run.warning_codes()
    );
    assert_eq!(
        on(
            "zone z { trust = internal }\ncategory kontakt\nsystem a { zone = z, kontakt = true }\nsystem b { zone = z, kontakt = false }\nsystem c { zone = z }\n",
            "system",
            "kontakt == true"
        ),
        ["a=true", "b=false", "c=unknown"]
    );
}

#[test]
fn a_known_attribute_wins_over_a_declared_id_even_when_unset() {
    // `purpose` is a known attribute of systems; a subject is named
    // `purpose` too.
    let model = "zone z { trust = internal }\nsubject purpose\n\
        system a { zone = z, purpose = \"lønn\" }\nsystem b { zone = z }\n";
    assert_eq!(
        on(model, "system", "purpose == \"lønn\""),
        ["a=true", "b=unknown"]
    );
    let run = run(
        &format!("{model}rule r {{ forbid system where purpose == \"lønn\" }}\n"),
        &[],
        None,
    );
    assert!(run.warning_codes().contains(&"vakt::ambiguous-name"));
}

#[test]
fn a_bare_name_that_is_no_attribute_is_a_declared_id() {
    // As the category id, `helse` matches `helse.journal` hierarchically; a
    // mere symbol would not.
    let model = "zone z { trust = internal }\nzone y { trust = internal }\n\
        category helse\ncategory helse.journal { parent = helse }\n\
        system a { zone = z, stores = [helse.journal] }\nsystem b { zone = y, stores = [helse] }\n";
    assert_eq!(
        on(model, "system", "stores.any(helse)"),
        ["a=true", "b=true"]
    );
    assert_eq!(on(model, "system", "zone == y"), ["a=false", "b=true"]);
    let run = run(
        &format!("{model}rule r {{ forbid system where stores.any(helse) }}\n"),
        &[],
        None,
    );
    assert!(run.warning_codes().is_empty(), "{:?}", run.warning_codes());
}

#[test]
fn a_bare_name_that_is_neither_is_a_symbol() {
    let model = "zone z { trust = internal }\n\
        system a { zone = z, tier = gold }\nsystem b { zone = z, tier = silver }\nsystem c { zone = z }\n";
    assert_eq!(
        on(model, "system", "tier == gold"),
        ["a=true", "b=false", "c=unknown"]
    );
    assert_eq!(
        on(model, "system", "tier in [silver, bronze]"),
        ["a=false", "b=true", "c=unknown"]
    );
}

#[test]
fn inside_a_set_a_name_the_element_lacks_is_read_on_the_enclosing_entity() {
    // Categories have no `owner`: it is the system's.
    let model = "zone z { trust = internal }\ncategory k\n\
        system a { zone = z, owner = \"IT\", stores = [k] }\nsystem b { zone = z, owner = \"HR\", stores = [k] }\n";
    assert_eq!(
        on(model, "system", "stores.any(owner == \"IT\")"),
        ["a=true", "b=false"]
    );
    // Once some category has a custom `owner`, the name is the element's
    // ("A name the element … lacks is one its kind does not have").
    let model = "zone z { trust = internal }\ncategory k\ncategory m { owner = \"IT\" }\n\
        system a { zone = z, owner = \"IT\", stores = [k] }\nsystem b { zone = z, owner = \"HR\", stores = [m] }\n";
    assert_eq!(
        on(model, "system", "stores.any(owner == \"IT\")"),
        ["a=unknown", "b=true"]
    );
}

#[test]
fn an_attribute_of_the_enclosing_entity_is_also_ambiguous_with_an_id() {
    // Categories lack `kontakt`; systems have it as a custom attribute; a
    // category is named `kontakt`. Inside `stores.any(…)` the name is the
    // system's attribute (attributes come before ids), with the warning.
    let model = "zone z { trust = internal }\ncategory kontakt\ncategory annet\n\
        system a { zone = z, kontakt = true, stores = [annet] }\nsystem b { zone = z, kontakt = false, stores = [kontakt] }\n";
    assert_eq!(
        on(model, "system", "stores.any(kontakt)"),
        ["a=true", "b=false"]
    );
    let run = run(
        &format!("{model}rule r {{ forbid system where stores.any(kontakt) }}\n"),
        &[],
        None,
    );
    assert!(run.warning_codes().contains(&"vakt::ambiguous-name"));
}

#[test]
fn a_custom_attribute_named_like_a_trust_level_is_still_the_symbol() {
    // The other side of `==` is `zone.trust`, so `public` is a symbol even
    // though systems have a custom attribute `public`.
    let model = "zone i { trust = internal }\nzone p { trust = public }\n\
        system a { zone = i, public = true }\nsystem b { zone = p, public = false }\n";
    assert_eq!(
        on(model, "system", "zone.trust == public"),
        ["a=false", "b=true"]
    );
    assert_eq!(on(model, "system", "public == true"), ["a=true", "b=false"]);
}

#[test]
fn a_zone_named_public_cannot_change_the_trust_symbol() {
    // "Where the other side of `==`, `!=` or `in` is a known attribute of
    // symbol type … bare identifiers are symbols"
    let model = "zone public { trust = internal }\nzone nett { trust = public }\nzone closed { trust = external }\n\
        system a { zone = public }\nsystem b { zone = nett }\nsystem c { zone = closed }\n";
    assert_eq!(
        on(model, "system", "zone.trust == public"),
        ["a=false", "b=true", "c=false"]
    );
    assert_eq!(
        on(model, "system", "public == zone.trust"),
        ["a=false", "b=true", "c=false"]
    );
    assert_eq!(
        on(model, "system", "zone.trust != public"),
        ["a=true", "b=false", "c=true"]
    );
    assert_eq!(
        on(model, "system", "zone.trust in [external, public]"),
        ["a=false", "b=true", "c=true"]
    );
    assert_eq!(
        on(model, "system", "zone.trust == closed"),
        ["a=false", "b=false", "c=false"]
    );
}

#[test]
fn the_kommune_pack_is_not_fooled_by_a_zone_named_public() {
    let model = "zone lukket { trust = closed }\nzone public { trust = internal }\n\
        category helse { sensitive = true, retention = 1y }\n\
        system epj { zone = lukket, owner = \"RO\", basis = public_task, law = \"lov\", access_logging = true, stores = [helse] }\n\
        system web { zone = public, owner = \"RO\", basis = public_task, law = \"lov\", access_logging = true }\n\
        flow epj -> web { carries = [helse], encrypted = true }\n";
    let all = super::findings(model);
    assert_eq!(all, ["sensitive-in-closed-zone web"]);
}

#[test]
fn symbols_on_channel_basis_transfer_and_auth() {
    let model = "zone z { trust = internal }\n\
        system email { zone = z, basis = consent, auth = idporten }\nsystem consent { zone = z, auth = password }\n\
        processor scc { transfer = scc }\n\
        flow email -> consent { channel = email }\nflow consent -> email { channel = sms }\n";
    assert_eq!(
        on(model, "flow", "channel == email"),
        ["consent->email=false", "email->consent=true"]
    );
    assert_eq!(
        on(model, "system", "basis == consent"),
        ["consent=unknown", "email=true"]
    );
    assert_eq!(
        on(model, "system", "auth in [idporten]"),
        ["consent=false", "email=true"]
    );
    assert_eq!(on(model, "processor", "transfer == scc"), ["scc=true"]);
}

// ------------------------------------------------------------ operators

const NUMBERS: &str = "zone z { trust = internal }\n\
    system a { zone = z, users = 150, reviewed = 2026-01-15 }\n\
    system b { zone = z, users = 99, reviewed = 2025-12-31 }\n\
    system c { zone = z }\n";

#[test]
fn comparisons_over_numbers() {
    let cases = [
        ("users > 100", ["a=true", "b=false", "c=unknown"]),
        ("users >= 150", ["a=true", "b=false", "c=unknown"]),
        ("users < 150", ["a=false", "b=true", "c=unknown"]),
        ("users <= 99", ["a=false", "b=true", "c=unknown"]),
        ("users == 150", ["a=true", "b=false", "c=unknown"]),
        ("users != 150", ["a=false", "b=true", "c=unknown"]),
        ("users in [99, 100]", ["a=false", "b=true", "c=unknown"]),
    ];
    for (condition, expected) in cases {
        assert_eq!(on(NUMBERS, "system", condition), expected, "{condition}");
    }
}

#[test]
fn comparisons_over_dates() {
    let cases = [
        ("reviewed < 2026-01-01", ["a=false", "b=true", "c=unknown"]),
        ("reviewed >= 2026-01-15", ["a=true", "b=false", "c=unknown"]),
        ("reviewed > 2026-01-15", ["a=false", "b=false", "c=unknown"]),
        ("reviewed == 2025-12-31", ["a=false", "b=true", "c=unknown"]),
        ("reviewed != 2025-12-31", ["a=true", "b=false", "c=unknown"]),
        ("reviewed <= 2026-01-15", ["a=true", "b=true", "c=unknown"]),
    ];
    for (condition, expected) in cases {
        assert_eq!(on(NUMBERS, "system", condition), expected, "{condition}");
    }
}

#[test]
fn comparisons_between_different_types_are_unknown() {
    // "a comparison … between values of different types, is unknown"
    assert_eq!(
        on(NUMBERS, "system", "users == \"150\""),
        ["a=unknown", "b=unknown", "c=unknown"]
    );
    assert_eq!(
        on(NUMBERS, "system", "reviewed < 7d"),
        ["a=unknown", "b=unknown", "c=unknown"]
    );
}

const RETENTIONS: &str = "zone z { trust = internal }\n\
    system d7 { zone = z, retention = 7d }\n\
    system w1 { zone = z, retention = 1w }\n\
    system h168 { zone = z, retention = 168h }\n\
    system d8 { zone = z, retention = 8d }\n\
    system d30 { zone = z, retention = 30d }\n\
    system mo1 { zone = z, retention = 1mo }\n\
    system d365 { zone = z, retention = 365d }\n\
    system y1 { zone = z, retention = 1y }\n\
    system mo12 { zone = z, retention = 12mo }\n\
    system perm { zone = z, retention = permanent }\n\
    system text { zone = z, retention = \"se arkivplan\" }\n\
    system none { zone = z }\n";

/// The systems of [`RETENTIONS`] for which `condition` holds, and those
/// for which it is unknown.
fn retention(condition: &str) -> (Vec<String>, Vec<String>) {
    let map = truth(RETENTIONS, "system", condition);
    let pick = |want: Option<bool>| -> Vec<String> {
        map.iter()
            .filter(|(_, t)| **t == want)
            .map(|(id, _)| id.clone())
            .collect()
    };
    (pick(Some(true)), pick(None))
}

#[test]
fn durations_compare_by_length() {
    // `1w` = `7d` = `168h`, `1mo` = `30d`, `1y` = `365d`; a string
    // retention compared with a duration is unknown, a missing one too.
    let unknown = ["none", "text"];
    assert_eq!(
        retention("retention == 1w"),
        (
            vec!["d7".into(), "h168".into(), "w1".into()],
            unknown.map(String::from).to_vec()
        )
    );
    assert_eq!(retention("retention == 168h").0, ["d7", "h168", "w1"]);
    assert_eq!(retention("retention <= 7d").0, ["d7", "h168", "w1"]);
    assert_eq!(
        retention("retention > 1w").0,
        ["d30", "d365", "d8", "mo1", "mo12", "perm", "y1"]
    );
    assert_eq!(retention("retention == 30d").0, ["d30", "mo1"]);
    assert_eq!(retention("retention == 1mo").0, ["d30", "mo1"]);
    assert_eq!(retention("retention == 365d").0, ["d365", "y1"]);
    // 12mo is 360d: less than a year.
    assert_eq!(
        retention("retention < 1y").0,
        ["d30", "d7", "d8", "h168", "mo1", "mo12", "w1"]
    );
    assert_eq!(retention("retention != 1y").1, unknown);
}

#[test]
fn permanent_is_longer_than_every_duration() {
    assert_eq!(retention("retention > 1000y").0, ["perm"]);
    assert_eq!(retention("retention >= 99999y").0, ["perm"]);
    assert_eq!(
        retention("retention < permanent").0,
        ["d30", "d365", "d7", "d8", "h168", "mo1", "mo12", "w1", "y1"]
    );
    assert_eq!(retention("retention == permanent").0, ["perm"]);
    assert_eq!(retention("retention == permanent").1, ["none", "text"]);
}

#[test]
fn membership_in_lists_and_sets() {
    let model = "zone z { trust = internal }\nzone y { trust = closed }\n\
        subject pasient\nsubject ansatt\n\
        processor us { country = \"US\" }\nprocessor no { country = \"NO\" }\n\
        system a { zone = z, operator = us, subjects = [pasient] }\n\
        system b { zone = y, operator = no, subjects = [ansatt] }\n\
        system c { zone = y }\n";
    assert_eq!(
        on(model, "system", "operator.country in [\"US\", \"CN\"]"),
        ["a=true", "b=false", "c=unknown"]
    );
    assert_eq!(
        on(model, "system", "zone in [y]"),
        ["a=false", "b=true", "c=true"]
    );
    assert_eq!(
        on(model, "system", "pasient in subjects"),
        ["a=true", "b=false", "c=unknown"]
    );
}

#[test]
fn category_membership_in_a_set_is_the_delivery_test() {
    // "for a category it is the delivery test of §3 (S has `x`, an ancestor
    // or a descendant of it)"
    let model = "zone z { trust = internal }\ncategory h\ncategory h.j { parent = h }\ncategory h.r { parent = h }\n\
        system a { zone = z, stores = [h.j] }\nsystem b { zone = z, stores = [h] }\nsystem c { zone = z, stores = [h.r] }\n\
        flow a -> b { carries = [h.j] }\n";
    assert_eq!(
        on(model, "system", "h in stores"),
        ["a=true", "b=true", "c=true"]
    );
    assert_eq!(
        on(model, "system", "h.j in stores"),
        ["a=true", "b=true", "c=false"]
    );
    assert_eq!(on(model, "flow", "h in carries"), ["a->b=true"]);
    assert_eq!(on(model, "flow", "h.r in carries"), ["a->b=false"]);
}

#[test]
fn category_membership_in_a_list_is_the_delivery_test() {
    // "`x in S` tests membership in a set or list; for a category it is the
    // delivery test of §3 (S has `x`, an ancestor or a descendant of it)"
    let model = "zone z { trust = internal }\ncategory h\ncategory h.j { parent = h }\ncategory h.r { parent = h }\n\
        system a { zone = z, stores = [h.j] }\nsystem b { zone = z, stores = [h] }\nsystem c { zone = z, stores = [h.r] }\n";
    assert_eq!(
        on(model, "system", "stores.any(it in [h])"),
        ["a=true", "b=true", "c=true"]
    );
    assert_eq!(
        on(model, "system", "stores.any(it in [h.j])"),
        ["a=true", "b=true", "c=false"]
    );
}

// --------------------------------------------------------------- `has`

#[test]
fn has_is_never_unknown() {
    let model = "zone z { trust = internal }\nprocessor p { country = \"NO\" }\n\
        system a { zone = z, operator = p, users = 3 }\nsystem b { zone = z }\n";
    assert_eq!(on(model, "system", "has users"), ["a=true", "b=false"]);
    assert_eq!(on(model, "system", "not has users"), ["a=false", "b=true"]);
    assert_eq!(
        on(model, "system", "has operator.agreement"),
        ["a=false", "b=false"]
    );
    assert_eq!(
        on(model, "system", "has operator.country"),
        ["a=true", "b=false"]
    );
    // A name nobody declares is simply missing.
    assert_eq!(on(model, "system", "has dpia"), ["a=false", "b=false"]);
}

#[test]
fn has_is_true_for_defaulted_and_inherited_attributes() {
    let model = "category a\ncategory b { sensitive = true, retention = 1y }\ncategory b.c { parent = b }\n";
    assert_eq!(
        on(model, "category", "has sensitive and has personal"),
        ["a=true", "b.c=true", "b=true"]
    );
    assert_eq!(
        on(model, "category", "has retention"),
        ["a=false", "b.c=true", "b=true"]
    );
}

// ---------------------------------------------------------------- sets

const SETS: &str = "zone z { trust = internal }\n\
    category v { video = true }\ncategory n { video = false }\ncategory u\n\
    category kontakt\n\
    system su { zone = z, stores = [u] }\n\
    system suv { zone = z, stores = [u, v] }\n\
    system sun { zone = z, stores = [u, n] }\n\
    system sn { zone = z, stores = [n] }\n\
    system sv { zone = z, stores = [v, kontakt] }\n";

#[test]
fn any_all_none_follow_kleene_logic() {
    assert_eq!(
        on(SETS, "system", "stores.any(video == true)"),
        [
            "sn=false",
            "su=unknown",
            "sun=unknown",
            "suv=true",
            "sv=true"
        ]
    );
    assert_eq!(
        on(SETS, "system", "stores.all(video == true)"),
        [
            "sn=false",
            "su=unknown",
            "sun=false",
            "suv=unknown",
            "sv=unknown"
        ]
    );
    assert_eq!(
        on(SETS, "system", "stores.none(video == true)"),
        [
            "sn=true",
            "su=unknown",
            "sun=unknown",
            "suv=false",
            "sv=false"
        ]
    );
}

#[test]
fn a_non_boolean_argument_means_the_element_matches_it() {
    assert_eq!(
        on(SETS, "system", "stores.any(kontakt)"),
        ["sn=false", "su=false", "sun=false", "suv=false", "sv=true"]
    );
    assert_eq!(
        on(SETS, "system", "stores.any(it == kontakt)"),
        ["sn=false", "su=false", "sun=false", "suv=false", "sv=true"]
    );
    assert_eq!(
        on(SETS, "system", "stores.all(n)"),
        ["sn=true", "su=false", "sun=false", "suv=false", "sv=false"]
    );
    let model = "zone z { trust = internal }\nsubject pasient\nsubject elev\n\
        system a { zone = z, subjects = [pasient, elev] }\nsystem b { zone = z, subjects = [elev] }\n";
    assert_eq!(
        on(model, "system", "subjects.any(pasient)"),
        ["a=true", "b=false"]
    );
    assert_eq!(
        on(model, "system", "subjects.none(pasient)"),
        ["a=false", "b=true"]
    );
}

#[test]
fn set_operations_without_argument() {
    // `S.any()` is "not empty", `S.none()` is "empty", `S.all()` of an empty
    // set is true. `receives` is derived, so it is always a set.
    let model = "zone z { trust = internal }\ncategory k\n\
        system a { zone = z, stores = [k] }\nsystem b { zone = z }\nflow a -> b { carries = [k] }\n";
    assert_eq!(on(model, "system", "receives.any()"), ["a=false", "b=true"]);
    assert_eq!(
        on(model, "system", "receives.none()"),
        ["a=true", "b=false"]
    );
    assert_eq!(on(model, "system", "receives.all()"), ["a=true", "b=true"]);
    assert_eq!(
        on(model, "system", "receives.all(sensitive)"),
        ["a=true", "b=false"]
    );
    assert_eq!(
        on(model, "system", "receives.any(sensitive)"),
        ["a=false", "b=false"]
    );
}

#[test]
fn explicitly_empty_sets() {
    let model = "zone z { trust = internal }\ncategory k\n\
        system a { zone = z, stores = [] }\nsystem b { zone = z, stores = [k] }\n\
        flow a -> b { carries = [] }\n";
    assert_eq!(on(model, "system", "stores.none()"), ["a=true", "b=false"]);
    assert_eq!(
        on(model, "system", "stores.all(sensitive)"),
        ["a=true", "b=false"]
    );
    assert_eq!(
        on(model, "flow", "carries.all(it in from.holds)"),
        ["a->b=true"]
    );
}

#[test]
fn a_flow_without_carries_carries_nothing() {
    // §2: "A flow without `carries` carries nothing"; §4: "`S.any()` is
    // 'not empty', `S.none()` is 'empty' … `S.all()` of an empty set is true".
    let model = "zone z { trust = internal }\ncategory k\n\
        system a { zone = z, stores = [k] }\nsystem b { zone = z }\n\
        flow a -> b\n";
    assert_eq!(on(model, "flow", "carries.any()"), ["a->b=false"]);
    assert_eq!(on(model, "flow", "carries.none()"), ["a->b=true"]);
    assert_eq!(
        on(model, "flow", "carries.all(it in from.holds)"),
        ["a->b=true"]
    );
}

#[test]
fn nested_sets_and_it() {
    let model = "zone z { trust = internal }\ncategory h { sensitive = true }\ncategory k\n\
        system a { zone = z, stores = [h, k] }\nsystem b { zone = z, stores = [k] }\nsystem c { zone = z, stores = [k] }\n\
        flow a -> b { carries = [h] }\nflow b -> c { carries = [k] }\n";
    assert_eq!(
        on(model, "system", "outflows.any(carries.any(sensitive))"),
        ["a=true", "b=false", "c=false"]
    );
    assert_eq!(
        on(model, "system", "inflows.any(from.stores.any(it == h))"),
        ["a=false", "b=true", "c=false"]
    );
    assert_eq!(
        on(model, "flow", "carries.all(it in to.holds)"),
        ["a->b=true", "b->c=true"]
    );
}

// -------------------------------------------------------- Kleene logic

#[test]
fn kleene_and_or_not() {
    let cases = [
        ("users > 100 or true", ["a=true", "b=true", "c=true"]),
        ("users > 100 or false", ["a=true", "b=false", "c=unknown"]),
        ("users > 100 and false", ["a=false", "b=false", "c=false"]),
        ("users > 100 and true", ["a=true", "b=false", "c=unknown"]),
        ("not (users > 100)", ["a=false", "b=true", "c=unknown"]),
        (
            "users > 100 or reviewed > 2026-01-01",
            ["a=true", "b=false", "c=unknown"],
        ),
        (
            "(users > 100 or true) and not false",
            ["a=true", "b=true", "c=true"],
        ),
    ];
    for (condition, expected) in cases {
        assert_eq!(on(NUMBERS, "system", condition), expected, "{condition}");
    }
}

#[test]
fn unknown_selects_nothing_in_where_and_violates_must() {
    let model = format!(
        "{NUMBERS}rule big {{ each system where users > 100 must false }}\n\
         rule small {{ each system where not (users > 100) must false }}\n\
         rule counted {{ each system must users >= 0 }}\n"
    );
    let evaluation = run(&model, &[], None).evaluation;
    assert_eq!(
        super::summarize(&evaluation.findings),
        ["big a", "counted c", "small b"]
    );
    let counted = evaluation
        .findings
        .iter()
        .find(|f| f.rule == "counted")
        .expect("counted");
    assert!(counted.message.contains("`users`"), "{}", counted.message);
}

#[test]
fn a_must_template_still_names_the_missing_attribute() {
    let model = "zone z { trust = internal }\nsystem a { zone = z }\n\
        rule logg { message = \"{subject} må logge\"\n each system must access_logging == true }\n";
    let evaluation = run(model, &[], None).evaluation;
    assert_eq!(evaluation.findings.len(), 1);
    let message = &evaluation.findings[0].message;
    assert!(message.starts_with("a må logge"), "{message}");
    assert!(message.contains("access_logging"), "{message}");
}

#[test]
fn attributes_nobody_declares_are_missing_not_errors() {
    let model = "zone z { trust = internal }\nprocessor p\n\
        system a { zone = z, operator = p }\nsystem b { zone = z }\n\
        rule dpia-has { each system must has dpia }\n\
        rule dpia-eq { each system must dpia == true }\n\
        rule dpia-op { each system where has operator must operator.dpia == true }\n\
        rule dpia-where { forbid system where dpia == true }\n\
        rule dpia-not { forbid system where not (dpia == true) }\n";
    let run = run(model, &[], None);
    assert_eq!(
        super::summarize(&run.evaluation.findings),
        [
            "dpia-eq a",
            "dpia-eq b",
            "dpia-has a",
            "dpia-has b",
            "dpia-op a"
        ]
    );
    for f in &run.evaluation.findings {
        assert!(f.message.contains("dpia"), "{}: {}", f.rule, f.message);
    }
}

#[test]
fn an_attribute_nobody_declares_is_missing_on_the_left_of_in() {
    // §4: "Rules may name attributes no entity declares (custom attributes
    // are open): such a name is simply missing" and "a comparison with a
    // missing attribute … is unknown"; "In `where`, unknown selects nothing".
    // System `a` sets no `tier` in either model; its verdict must not depend
    // on whether `b` declares one.
    let without = "zone z { trust = internal }\nsystem a { zone = z }\nsystem b { zone = z }\n";
    let with =
        "zone z { trust = internal }\nsystem a { zone = z }\nsystem b { zone = z, tier = gold }\n";
    let condition = "not (tier in [gold, silver])";
    assert_eq!(on(with, "system", condition), ["a=unknown", "b=false"]);
    assert_eq!(on(without, "system", condition), ["a=unknown", "b=unknown"]);
}

// --------------------------------------------------------- load errors

#[test]
fn an_unknown_kind_is_a_load_error() {
    let run = run_raw(
        "zone z { trust = internal }\nrule r { each sytem must has owner }\n",
        &[],
        None,
    );
    assert_eq!(run.error_codes(), ["vakt::unknown-kind"]);
    assert!(run.evaluation.findings.is_empty());
}

#[test]
fn a_duplicate_rule_id_is_a_load_error() {
    // Across a pack and the model …
    let run = run_raw(
        "zone z { trust = internal }\nrule legal-basis { forbid system where true }\n",
        ALL_PACKS,
        None,
    );
    assert_eq!(run.error_codes(), ["vakt::duplicate-rule"]);
    assert!(run.evaluation.findings.is_empty());
    // … and within the model.
    let run = run_raw(
        "zone z { trust = internal }\nsystem a { zone = z }\nrule r { forbid system where true }\nrule r { forbid system where false }\n",
        &[],
        None,
    );
    assert_eq!(run.error_codes(), ["vakt::duplicate-rule"]);
    assert!(run.evaluation.findings.is_empty());
}

#[test]
fn a_type_clash_between_known_attributes_is_a_load_error() {
    // A category (`parent`, `it` over `stores`) compared with a duration.
    for statement in [
        "each category must parent == retention",
        "each category where retention > parent must true",
        "each system must stores.any(it == retention)",
        "each system must stores.any(it == 7d)",
    ] {
        let run = run_raw(
            &format!(
                "zone z {{ trust = internal }}\ncategory a\nsystem s {{ zone = z, stores = [a] }}\nrule r {{ {statement} }}\n"
            ),
            &[],
            None,
        );
        assert_eq!(run.error_codes(), ["vakt::type-mismatch"], "{statement}");
        assert!(run.evaluation.findings.is_empty());
    }
}

#[test]
fn custom_attributes_compare_with_anything_without_load_errors() {
    let model = "zone z { trust = internal }\nsystem a { zone = z, users = 3 }\n\
        rule r { forbid system where users == 7d or users == \"x\" or users < 2026-01-01 }\n";
    assert_eq!(own(model), Vec::<String>::new());
}

// ------------------------------------------------------------ messages

#[test]
fn message_templates_fill_subject_category_and_path() {
    let model = "zone z { trust = internal }\n\
        category helse { sensitive = true }\n\
        system s { zone = z, src = true, stores = [helse] }\nsystem m { zone = z }\nsystem t { zone = z, dst = true }\n\
        flow s -> m { carries = [helse] }\nflow m -> t { carries = [helse] }\n\
        rule p { message = \"{subject}|{category}|{path}\"\n forbid path from system where src == true to system where dst == true carrying sensitive }\n\
        rule e { message = \"{subject} har ingen eier\"\n each system where has dst must has owner }\n\
        rule f { message = \"flyt {subject}\"\n forbid flow where carries.any(helse) and to == t }\n";
    let evaluation = run(model, &[], None).evaluation;
    let message = |rule: &str| -> String {
        evaluation
            .findings
            .iter()
            .find(|f| f.rule == rule)
            .map(|f| f.message.clone())
            .expect("a finding")
    };
    assert_eq!(message("e"), "t har ingen eier");
    assert_eq!(message("f"), "flyt m->t");
    let p = message("p");
    assert!(p.starts_with("t|helse|"), "{p}");
    let path = p.trim_start_matches("t|helse|");
    let (s, m, t) = (
        path.find('s').expect("s"),
        path.find('m').expect("m"),
        path.rfind('t').expect("t"),
    );
    assert!(s < m && m < t, "{path}");
}

#[test]
fn severity_defaults_to_error_and_rule_metadata_is_kept() {
    let model = "zone z { trust = internal }\nsystem a { zone = z }\n\
        rule plain { forbid system where true }\n\
        rule soft \"Myk\" { severity = warning\n cite = \"art. 1\"\n help = \"gjør noe\"\n forbid system where true }\n\
        rule note { severity = info\n forbid system where true }\n";
    let evaluation = run(model, &[], None).evaluation;
    let severity = |rule: &str| {
        evaluation
            .findings
            .iter()
            .find(|f| f.rule == rule)
            .map(|f| f.severity)
    };
    assert_eq!(severity("plain"), Some(Severity::Error));
    assert_eq!(severity("soft"), Some(Severity::Warning));
    assert_eq!(severity("note"), Some(Severity::Info));
    let soft = evaluation
        .rules
        .iter()
        .find(|r| r.id == "soft")
        .expect("soft");
    assert_eq!(soft.title.as_deref(), Some("Myk"));
    assert_eq!(soft.cite.as_deref(), Some("art. 1"));
    assert_eq!(soft.help.as_deref(), Some("gjør noe"));
}

#[test]
fn unnamed_flows_are_numbered_per_direction() {
    // §2: "A flow without an id gets `A->B` (with `#2`, `#3`… for further
    // unnamed flows between the same endpoints, in declaration order)";
    // `A <-> B` declares A→B and B→A.
    let model = "zone z { trust = internal }\nsystem a { zone = z }\nsystem b { zone = z }\n\
        flow a <-> b\nflow b -> a\nflow a -> b { channel = email }\nflow x: a <-> b\n";
    assert_eq!(
        on(model, "flow", "channel == email"),
        [
            "a->b#2=true",
            "a->b=unknown",
            "b->a#2=unknown",
            "b->a=unknown",
            "x-back=unknown",
            "x=unknown"
        ]
    );
    assert_eq!(
        on(model, "flow", "from == b"),
        [
            "a->b#2=false",
            "a->b=false",
            "b->a#2=true",
            "b->a=true",
            "x-back=true",
            "x=false"
        ]
    );
}

#[test]
fn the_subject_is_the_entity_the_rule_quantifies_over() {
    let model = "zone z { trust = internal }\ncategory k\nsubject folk\nprocessor p\nparty q\n\
        system a { zone = z }\nflow a -> a\norganization o\n\
        rule rz { forbid zone where true }\nrule rc { forbid category where true }\nrule rs { forbid subject where true }\n\
        rule rp { forbid processor where true }\nrule rq { forbid party where true }\nrule ry { forbid system where true }\n\
        rule rf { forbid flow where true }\nrule ro { forbid organization where true }\n";
    let evaluation = run(model, &[], None).evaluation;
    let mut subjects: Vec<String> = evaluation
        .findings
        .iter()
        .map(|f| format!("{} {}:{}", f.rule, f.subject.kind, f.subject.id))
        .collect();
    subjects.sort();
    assert_eq!(
        subjects,
        [
            "rc category:k",
            "rf flow:a->a",
            "ro organization:o",
            "rp processor:p",
            "rq party:q",
            "rs subject:folk",
            "ry system:a",
            "rz zone:z"
        ]
    );
}
