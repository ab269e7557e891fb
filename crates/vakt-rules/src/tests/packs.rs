//! SPEC §5: every built-in rule fires on a minimal model and stays quiet on
//! its near misses.
//!
//! Each model is [`BASE`] (which passes every rule) plus a few lines, and the
//! assertions list *all* unsuppressed findings of the three packs, so each
//! model shows one rule clearly.

use vakt_syntax::Severity;

use super::{findings, findings_of, fired, hops};

/// A model that passes every built-in rule.
const BASE: &str = r#"
zone lukket "Lukket sone" { trust = closed }
zone intern "Kommunens nett" { trust = internal }
zone sky "Leverandørsky" { trust = external }
zone nett "Internett" { trust = public }
category kontakt { retention = 1y }
category helse { sensitive = true, retention = 10y }
category helse.journal { parent = helse }
category statistikk { personal = false }
processor atea { agreement = "DBA 2019-03-01", country = "NO" }
party politiet { country = "NO" }
system epj { zone = lukket, owner = "RO", basis = legal_obligation, law = "pjl § 22", access_logging = true, stores = [helse.journal] }
system crm { zone = intern, owner = "IT", basis = public_task, operator = atea, stores = [kontakt, statistikk] }
"#;

/// `BASE` with `extra` appended.
fn with(extra: &str) -> Vec<String> {
    findings(&format!("{BASE}{extra}"))
}

/// Attributes that make an own system in any zone pass the gdpr and
/// kommune system rules (except the zone rule).
const OWN: &str =
    r#"owner = "IT", basis = public_task, law = "lov", retention = 5y, access_logging = true"#;

fn own_system(id: &str, zone: &str, rest: &str) -> String {
    format!("system {id} {{ zone = {zone}, {OWN}, {rest} }}\n")
}

#[test]
fn the_base_model_passes_every_rule() {
    assert_eq!(with(""), Vec::<String>::new());
}

// ---------------------------------------------------------------- core

#[test]
fn flow_source_holds_fires_when_the_source_lacks_the_category() {
    let extra = format!(
        "{}flow crm -> arkiv {{ carries = [helse], encrypted = true }}\n",
        own_system("arkiv", "lukket", "")
    );
    // crm stores kontakt and statistikk, not helse: the flow carries data its
    // source does not hold (nor an ancestor or descendant of it).
    assert_eq!(with(&extra), ["flow-source-holds crm->arkiv"]);
    let f = findings_of(&format!("{BASE}{extra}"), "flow-source-holds");
    assert_eq!(f[0].subject.kind, "flow");
    assert_eq!(f[0].severity, Severity::Error);
    assert!(f[0].category.is_none() && f[0].path.is_none());
}

#[test]
fn flow_source_holds_accepts_ancestor_descendant_and_relayed_data() {
    // epj stores helse.journal: carrying helse (an ancestor) and
    // helse.journal itself are fine; arkiv only received helse.journal and
    // passes it on (§3: "a flow carrying c out of a system that itself only
    // received c still passes it on").
    let extra = format!(
        "{}{}flow epj -> arkiv {{ carries = [helse] }}\nflow epj -> arkiv {{ carries = [helse.journal] }}\nflow arkiv -> kopi {{ carries = [helse.journal] }}\n",
        own_system("arkiv", "lukket", ""),
        own_system("kopi", "lukket", "")
    );
    assert_eq!(with(&extra), Vec::<String>::new());
    // A source that stores the parent may send the child.
    let extra = format!(
        "category oppvekst {{ sensitive = true, retention = 5y }}\ncategory oppvekst.pp {{ parent = oppvekst }}\n{}{}flow skole -> ppt {{ carries = [oppvekst.pp] }}\n",
        own_system("skole", "lukket", "stores = [oppvekst]"),
        own_system("ppt", "lukket", "")
    );
    assert_eq!(with(&extra), Vec::<String>::new());
}

#[test]
fn flow_source_holds_fires_for_a_sibling_and_for_a_cycle_nobody_feeds() {
    // helse.resept is a sibling of helse.journal: neither ancestor nor
    // descendant.
    let extra = format!(
        "category helse.resept {{ parent = helse }}\n{}flow epj -> apotek {{ carries = [helse.resept] }}\n",
        own_system("apotek", "lukket", "stores = [helse.resept]")
    );
    assert_eq!(with(&extra), ["flow-source-holds epj->apotek"]);
    // A cycle of flows that carries data nobody stores invents nothing
    // (§3, least fixed point): both flows carry what their source lacks.
    let extra = format!(
        "category rykte\n{}{}flow a <-> b {{ carries = [rykte] }}\n",
        own_system("a", "intern", ""),
        own_system("b", "intern", "")
    );
    assert_eq!(
        with(&extra),
        [
            "flow-source-holds a->b",
            "flow-source-holds b->a",
            "unused-category rykte"
        ]
    );
}

#[test]
fn flow_source_holds_ignores_a_flow_that_carries_nothing() {
    // §2: "A flow without `carries` carries nothing"; §4: "`S.all()` of an
    // empty set is true"; §5: flow-source-holds fires when "it carries a
    // category its source does not hold".
    let extra = format!(
        "{}flow crm -> tom {{ channel = api }}\n",
        own_system("tom", "intern", "")
    );
    assert_eq!(with(&extra), Vec::<String>::new());
}

#[test]
fn unused_category_is_an_info_on_a_category_nobody_holds() {
    let text = format!("{BASE}category fiske \"Fiskekort\"\n");
    assert_eq!(findings(&text), ["unused-category fiske"]);
    let f = findings_of(&text, "unused-category");
    assert_eq!(f[0].severity, Severity::Info);
    assert_eq!(f[0].subject.kind, "category");
}

#[test]
fn unused_category_counts_descendants_and_received_data_but_not_ancestors() {
    // held_by (§3): "the systems that hold it or a descendant of it".
    // BASE: epj stores helse.journal, so helse (its parent) is held.
    // helse.notat is a child of helse that nobody holds: storing the parent
    // does not hold the child.
    let extra = "category helse.notat { parent = helse }\n";
    assert_eq!(with(extra), ["unused-category helse.notat"]);
    // Held only because a flow delivers it.
    let extra = format!(
        "category logg {{ retention = 1y }}\nsystem kilde {{ zone = intern, owner = \"IT\", basis = public_task, stores = [kontakt, logg] }}\n{}flow kilde -> mottak {{ carries = [logg] }}\n",
        own_system("mottak", "intern", "")
    );
    assert_eq!(with(&extra), Vec::<String>::new());
}

// ---------------------------------------------------------------- gdpr

#[test]
fn processor_agreement_fires_when_the_operator_has_no_agreement() {
    let extra = "processor google { country = \"NO\" }\nsystem web { zone = intern, owner = \"IT\", basis = consent, operator = google, stores = [kontakt] }\n";
    assert_eq!(with(extra), ["processor-agreement web"]);
    let f = findings_of(&format!("{BASE}{extra}"), "processor-agreement");
    assert_eq!(f[0].subject.kind, "system");
}

#[test]
fn processor_agreement_near_misses() {
    // In-house (no operator), an operator with an agreement, and only
    // non-personal data.
    let extra = "processor google { country = \"NO\" }\n\
        system a { zone = intern, owner = \"IT\", basis = consent, stores = [kontakt] }\n\
        system b { zone = intern, owner = \"IT\", basis = consent, operator = atea, stores = [kontakt] }\n\
        system c { zone = intern, operator = google, stores = [statistikk] }\n\
        system d { zone = intern, operator = google }\n";
    assert_eq!(with(extra), Vec::<String>::new());
}

#[test]
fn processor_agreement_also_applies_to_systems_of_another_controller() {
    // §5 lists its subject as "system", not "own system"; data it receives
    // is held, too.
    let extra = "processor google { country = \"NO\" }\n\
        system depot { zone = sky, controller = politiet, operator = google }\n\
        flow crm -> depot { carries = [kontakt], encrypted = true, law = \"politiloven\" }\n";
    assert_eq!(with(extra), ["processor-agreement depot"]);
}

#[test]
fn third_country_transfer_fires_for_an_operator_outside_the_eea() {
    let extra = "processor google { agreement = \"DPA\", country = \"US\" }\n\
        system analyse { zone = sky, owner = \"IT\", basis = consent, operator = google, stores = [kontakt] }\n";
    assert_eq!(with(extra), ["third-country-transfer analyse"]);
}

#[test]
fn third_country_transfer_fires_for_a_controller_outside_the_eea() {
    let extra = "party fbi { country = \"US\" }\n\
        system tips { zone = sky, controller = fbi }\n\
        flow crm -> tips { carries = [kontakt], encrypted = true, law = \"lov\" }\n";
    assert_eq!(with(extra), ["third-country-transfer tips"]);
}

#[test]
fn third_country_transfer_near_misses() {
    // A transfer basis, a country in the EEA, no country, non-personal data.
    let extra = "processor google { agreement = \"DPA\", country = \"US\", transfer = scc }\n\
        processor ms { agreement = \"DPA\", country = \"IE\" }\n\
        processor lokal { agreement = \"DPA\" }\n\
        processor kina { agreement = \"DPA\", country = \"CN\" }\n\
        party fbi { country = \"US\", transfer = adequacy }\n\
        system a { zone = sky, owner = \"IT\", basis = consent, operator = google, stores = [kontakt] }\n\
        system b { zone = sky, owner = \"IT\", basis = consent, operator = ms, stores = [kontakt] }\n\
        system c { zone = sky, owner = \"IT\", basis = consent, operator = lokal, stores = [kontakt] }\n\
        system d { zone = sky, operator = kina, stores = [statistikk] }\n\
        system e { zone = sky, controller = fbi }\n\
        flow crm -> e { carries = [kontakt], encrypted = true, law = \"lov\" }\n";
    assert_eq!(with(extra), Vec::<String>::new());
}

/// §5: "The EEA is the EU-27 plus IS, LI and NO."
const EEA: [&str; 30] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
];

#[test]
fn third_country_transfer_knows_the_whole_eea() {
    let outside = ["US", "GB", "CH", "CN", "IN", "RU", "TR", "UA", "CA", "JP"];
    let mut extra = String::new();
    for code in EEA.iter().chain(&outside) {
        extra.push_str(&format!(
            "processor p{code} {{ agreement = \"DPA\", country = \"{code}\" }}\n\
             system s{code} {{ zone = sky, owner = \"IT\", basis = consent, operator = p{code}, stores = [kontakt] }}\n"
        ));
    }
    let mut expected: Vec<String> = outside
        .iter()
        .map(|c| format!("third-country-transfer s{c}"))
        .collect();
    expected.sort();
    assert_eq!(with(&extra), expected);
}

#[test]
fn legal_basis_fires_on_an_own_system_without_basis() {
    let extra = "system kart { zone = intern, owner = \"IT\", stores = [kontakt] }\n";
    assert_eq!(with(extra), ["legal-basis kart"]);
    // Personal data it only receives counts as well (holds = stores ∪ receives).
    let extra =
        "system kart { zone = intern, owner = \"IT\" }\nflow crm -> kart { carries = [kontakt] }\n";
    assert_eq!(with(extra), ["legal-basis kart"]);
}

#[test]
fn legal_basis_near_misses() {
    // A system with a `controller` is skipped by own-system rules; data that
    // is not personal needs no basis; a system holding nothing neither.
    let extra = "system politi { zone = sky, controller = politiet, stores = [kontakt] }\n\
        system telling { zone = intern, stores = [statistikk] }\n\
        system tom { zone = intern }\n";
    assert_eq!(with(extra), Vec::<String>::new());
}

#[test]
fn special_category_law_fires_on_sensitive_data_without_law() {
    let extra = "system pleie { zone = lukket, owner = \"RO\", basis = public_task, access_logging = true, stores = [helse] }\n";
    assert_eq!(with(extra), ["special-category-law pleie"]);
    // A child inherits `sensitive` from its parent.
    let extra = "system pleie { zone = lukket, owner = \"RO\", basis = public_task, access_logging = true, stores = [helse.journal] }\n";
    assert_eq!(with(extra), ["special-category-law pleie"]);
}

#[test]
fn special_category_law_near_misses() {
    // A child that sets `sensitive = false` itself does not inherit it; a
    // system of another controller is skipped; personal, non-sensitive data
    // needs no law.
    let extra = "category helse.anonymt { parent = helse, sensitive = false }\n\
        system pleie { zone = intern, owner = \"RO\", basis = public_task, stores = [helse.anonymt] }\n\
        system sykehus { zone = sky, controller = politiet, stores = [helse] }\n\
        system liste { zone = intern, owner = \"RO\", basis = public_task, stores = [kontakt] }\n";
    assert_eq!(with(extra), Vec::<String>::new());
}

#[test]
fn retention_declared_fires_when_a_personal_category_has_none() {
    let extra = "category adresse\n\
        system folk { zone = intern, owner = \"IT\", basis = public_task, stores = [adresse] }\n";
    assert_eq!(with(extra), ["retention-declared folk"]);
    // One personal category with a retention does not cover another.
    let extra = "category adresse\n\
        system folk { zone = intern, owner = \"IT\", basis = public_task, stores = [kontakt, adresse] }\n";
    assert_eq!(with(extra), ["retention-declared folk"]);
}

#[test]
fn retention_declared_near_misses() {
    // The system's own retention (a duration, `permanent` or a string);
    // retention inherited from a parent category; a category without
    // retention that is not personal; a system of another controller.
    let extra = "category adresse\n\
        category kontakt.epost { parent = kontakt }\n\
        category logg { personal = false }\n\
        system a { zone = intern, owner = \"IT\", basis = public_task, retention = 3y, stores = [adresse] }\n\
        system b { zone = intern, owner = \"IT\", basis = public_task, retention = permanent, stores = [adresse] }\n\
        system c { zone = intern, owner = \"IT\", basis = public_task, retention = \"se arkivplan\", stores = [adresse] }\n\
        system d { zone = intern, owner = \"IT\", basis = public_task, stores = [kontakt.epost, logg] }\n\
        system e { zone = sky, controller = politiet, stores = [adresse] }\n";
    assert_eq!(with(extra), Vec::<String>::new());
}

#[test]
fn system_owner_fires_on_an_own_system_without_owner() {
    let extra = "system lonn { zone = intern, basis = contract, stores = [kontakt] }\n";
    assert_eq!(with(extra), ["system-owner lonn"]);
}

#[test]
fn system_owner_near_misses() {
    let extra = "system lonn { zone = intern, basis = contract, owner = \"HR\", stores = [kontakt] }\n\
        system politi { zone = sky, controller = politiet, stores = [kontakt] }\n\
        system telling { zone = intern, stores = [statistikk] }\n";
    assert_eq!(with(extra), Vec::<String>::new());
}

#[test]
fn disclosure_basis_fires_on_a_flow_to_another_controller_without_basis_or_law() {
    // The recipient's own basis and law do not cover our disclosure.
    let extra = "system politi { zone = sky, controller = politiet, basis = legal_obligation, law = \"politiloven\" }\n\
        flow utlevering: crm -> politi { carries = [kontakt], encrypted = true }\n";
    assert_eq!(with(extra), ["disclosure-basis utlevering"]);
    let f = findings_of(&format!("{BASE}{extra}"), "disclosure-basis");
    assert_eq!(f[0].subject.kind, "flow");
}

#[test]
fn disclosure_basis_near_misses() {
    // A law or a basis on the flow itself, non-personal data, a recipient
    // without a controller.
    let extra = "system politi { zone = sky, controller = politiet }\n\
        flow crm -> politi { carries = [kontakt], encrypted = true, law = \"politiloven § 30\" }\n\
        flow crm -> politi { carries = [kontakt], encrypted = true, basis = consent }\n\
        flow crm -> politi { carries = [statistikk] }\n\
        flow crm -> epj { carries = [kontakt], encrypted = true }\n";
    assert_eq!(with(extra), Vec::<String>::new());
}

// ---------------------------------------------------------------- kommune

#[test]
fn sensitive_in_closed_zone_fires_outside_a_closed_zone() {
    let extra = own_system("pleie", "intern", "stores = [helse]");
    assert_eq!(with(&extra), ["sensitive-in-closed-zone pleie"]);
    // Received sensitive data counts: holds = stores ∪ receives.
    let extra = format!(
        "{}flow epj -> rapport {{ carries = [helse.journal], encrypted = true }}\n",
        own_system("rapport", "intern", "")
    );
    assert_eq!(with(&extra), ["sensitive-in-closed-zone rapport"]);
}

#[test]
fn sensitive_in_closed_zone_near_misses() {
    // A closed zone (of any id), a system of another controller, data that
    // is personal but not sensitive, and a zone *named* `closed` whose trust
    // is internal (which is a finding: `closed` is a symbol there).
    let extra = format!(
        "zone sikker {{ trust = closed }}\n{}system sykehus {{ zone = sky, controller = politiet, stores = [helse] }}\n{}",
        own_system("pleie", "sikker", "stores = [helse]"),
        own_system("liste", "intern", "stores = [kontakt]")
    );
    assert_eq!(with(&extra), Vec::<String>::new());
    let extra = format!(
        "zone closed {{ trust = internal }}\n{}",
        own_system("pleie", "closed", "stores = [helse]")
    );
    assert_eq!(with(&extra), ["sensitive-in-closed-zone pleie"]);
}

#[test]
fn closed_zone_egress_fires_with_target_category_and_path() {
    let extra = format!(
        "{}flow epj -> backup {{ carries = [helse.journal], encrypted = true }}\n",
        own_system("backup", "sky", "")
    );
    // backup holds sensitive data outside a closed zone, too.
    assert_eq!(
        with(&extra),
        [
            "closed-zone-egress backup [helse.journal] epj>backup",
            "sensitive-in-closed-zone backup"
        ]
    );
    let f = findings_of(&format!("{BASE}{extra}"), "closed-zone-egress");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].subject.kind, "system");
    assert_eq!(f[0].subject.id, "backup");
    assert_eq!(f[0].category.as_deref(), Some("helse.journal"));
    assert_eq!(hops(&f[0]), ["epj->backup:epj>backup"]);
}

#[test]
fn closed_zone_egress_reaches_public_zones_too() {
    let extra = "system nettside { zone = nett, controller = politiet }\n\
        flow epj -> nettside { carries = [helse.journal], encrypted = true, law = \"lov\" }\n";
    assert_eq!(
        with(extra),
        ["closed-zone-egress nettside [helse.journal] epj>nettside"]
    );
}

#[test]
fn closed_zone_egress_near_misses() {
    // Sensitive data to an internal zone (not egress by this rule, though
    // the zone rule fires), non-sensitive data to the cloud, and a cycle of
    // flows between a closed and an external system carrying sensitive data
    // that nobody stores.
    let systems = [
        own_system("arkiv", "intern", ""),
        own_system("sky1", "sky", ""),
        own_system("kontor", "lukket", "stores = [kontakt]"),
        own_system("lukket2", "lukket", ""),
        own_system("sky2", "sky", ""),
    ]
    .concat();
    let extra = format!(
        "category helse.rykte {{ parent = helse }}\n{systems}\
         flow epj -> arkiv {{ carries = [helse.journal], encrypted = true }}\n\
         flow kontor -> sky1 {{ carries = [kontakt], encrypted = true }}\n\
         flow lukket2 <-> sky2 {{ carries = [helse.rykte], encrypted = true }}\n"
    );
    assert_eq!(
        with(&extra),
        [
            "flow-source-holds lukket2->sky2",
            "flow-source-holds sky2->lukket2",
            "sensitive-in-closed-zone arkiv",
            "unused-category helse.rykte",
        ]
    );
}

#[test]
fn closed_zone_egress_over_three_flows_names_the_shortest_path_and_its_hops() {
    // Sensitive data leaves the closed zone through two internal systems.
    // A shorter route exists but does not carry the category.
    let extra = format!(
        "{}{}{}\
         flow inn: epj -> mellom1 {{ carries = [helse.journal], encrypted = true }}\n\
         flow videre: mellom1 -> mellom2 {{ carries = [helse.journal] }}\n\
         flow ut: mellom2 -> backup {{ carries = [helse.journal], encrypted = true }}\n\
         flow snarvei: epj -> backup {{ encrypted = true }}\n",
        own_system("mellom1", "intern", ""),
        own_system("mellom2", "intern", ""),
        own_system("backup", "sky", "")
    );
    // (`snarvei` carries nothing; see
    // `flow_source_holds_ignores_a_flow_that_carries_nothing` for why only
    // this rule is listed.)
    assert_eq!(
        fired(&format!("{BASE}{extra}"), "closed-zone-egress"),
        ["closed-zone-egress backup [helse.journal] epj>mellom1>mellom2>backup"]
    );
    let f = findings_of(&format!("{BASE}{extra}"), "closed-zone-egress");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].subject.id, "backup");
    assert_eq!(f[0].category.as_deref(), Some("helse.journal"));
    assert_eq!(
        hops(&f[0]),
        [
            "inn:epj>mellom1",
            "videre:mellom1>mellom2",
            "ut:mellom2>backup"
        ]
    );
    // The built-in message fills in {category}, {subject} and {path}.
    assert!(
        f[0].message
            .starts_with("helse.journal leaves the closed zone and reaches backup, which is external or public, via "),
        "{}",
        f[0].message
    );
    let path = f[0].message.rsplit("via ").next().unwrap_or_default();
    let order: Vec<usize> = ["epj", "mellom1", "mellom2", "backup"]
        .iter()
        .map(|s| path.find(s).expect("the path names every system"))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{path}");
}

#[test]
fn no_sensitive_email_fires_on_sensitive_data_by_email() {
    let extra = format!(
        "{}flow epj -> saksbeh {{ carries = [helse.journal], channel = email, encrypted = true }}\n",
        own_system("saksbeh", "lukket", "")
    );
    assert_eq!(with(&extra), ["no-sensitive-email epj->saksbeh"]);
    let f = findings_of(&format!("{BASE}{extra}"), "no-sensitive-email");
    assert_eq!(f[0].subject.kind, "flow");
}

#[test]
fn no_sensitive_email_near_misses() {
    // Non-personal data by e-mail, personal non-sensitive data by e-mail,
    // sensitive data over sftp, and a flow without a channel.
    let extra = format!(
        "{}{}flow crm -> post {{ carries = [statistikk], channel = email }}\n\
         flow crm -> post {{ carries = [kontakt], channel = email }}\n\
         flow epj -> saksbeh {{ carries = [helse.journal], channel = sftp }}\n\
         flow epj -> saksbeh {{ carries = [helse.journal] }}\n",
        own_system("post", "intern", ""),
        own_system("saksbeh", "lukket", "")
    );
    assert_eq!(with(&extra), Vec::<String>::new());
}

#[test]
fn no_sensitive_email_names_the_second_unnamed_flow() {
    // §2: further unnamed flows between the same endpoints get `#2`, `#3`…
    let extra = format!(
        "{}flow epj -> saksbeh {{ carries = [helse.journal], channel = sftp }}\n\
         flow epj -> saksbeh {{ carries = [helse.journal], channel = email }}\n",
        own_system("saksbeh", "lukket", "")
    );
    assert_eq!(with(&extra), ["no-sensitive-email epj->saksbeh#2"]);
}

#[test]
fn encrypted_zone_crossing_fires_when_encrypted_is_false_or_missing() {
    let extra = format!(
        "{}flow a: crm -> ekstern {{ carries = [kontakt], encrypted = false }}\n\
         flow b: crm -> ekstern {{ carries = [kontakt] }}\n",
        own_system("ekstern", "sky", "")
    );
    assert_eq!(
        with(&extra),
        ["encrypted-zone-crossing a", "encrypted-zone-crossing b"]
    );
}

#[test]
fn encrypted_zone_crossing_compares_zones_by_id() {
    // Two zones with the same trust are still different zones.
    let extra = format!(
        "zone intern2 {{ trust = internal }}\n{}flow crm -> skole {{ carries = [kontakt] }}\n",
        own_system("skole", "intern2", "")
    );
    assert_eq!(with(&extra), ["encrypted-zone-crossing crm->skole"]);
}

#[test]
fn encrypted_zone_crossing_near_misses() {
    // Encrypted, the same zone, non-personal data, and a `<->` pair whose
    // both directions are encrypted.
    let extra = format!(
        "{}{}flow crm -> ekstern {{ carries = [kontakt], encrypted = true }}\n\
         flow crm -> kopi {{ carries = [kontakt] }}\n\
         flow crm -> ekstern {{ carries = [statistikk] }}\n\
         flow synk: crm <-> ekstern {{ carries = [kontakt], encrypted = true }}\n",
        own_system("ekstern", "sky", "stores = [kontakt]"),
        own_system("kopi", "intern", "")
    );
    assert_eq!(with(&extra), Vec::<String>::new());
}

#[test]
fn encrypted_zone_crossing_reports_both_directions_of_a_pair() {
    let extra = format!(
        "{}flow synk: crm <-> ekstern {{ carries = [kontakt] }}\n",
        own_system("ekstern", "sky", "stores = [kontakt]")
    );
    assert_eq!(
        with(&extra),
        [
            "encrypted-zone-crossing synk",
            "encrypted-zone-crossing synk-back"
        ]
    );
}

#[test]
fn access_logging_fires_when_not_true() {
    let extra = "system a { zone = lukket, owner = \"RO\", basis = public_task, law = \"lov\", stores = [helse] }\n\
        system b { zone = lukket, owner = \"RO\", basis = public_task, law = \"lov\", access_logging = false, stores = [helse] }\n";
    assert_eq!(with(extra), ["access-logging a", "access-logging b"]);
    // Missing is a violation whose message names the attribute (§4: "In
    // `must`, unknown is a violation whose message names the missing
    // attribute").
    let f = findings_of(&format!("{BASE}{extra}"), "access-logging");
    let a = f.iter().find(|f| f.subject.id == "a").expect("a");
    assert!(a.message.contains("access_logging"), "{}", a.message);
}

#[test]
fn access_logging_near_misses() {
    let extra = "system sykehus { zone = sky, controller = politiet, stores = [helse] }\n\
        system liste { zone = intern, owner = \"RO\", basis = public_task, stores = [kontakt] }\n";
    assert_eq!(with(extra), Vec::<String>::new());
}

#[test]
fn idporten_public_access_fires_without_idporten_on_the_path() {
    // Flows that carry nothing still make a system reachable.
    // (Only this rule is listed: see
    // `flow_source_holds_ignores_a_flow_that_carries_nothing`.)
    let extra = "system skjema { zone = nett }\nflow skjema -> epj\n";
    assert_eq!(
        fired(&format!("{BASE}{extra}"), "idporten-public-access"),
        ["idporten-public-access epj skjema>epj"]
    );
    let f = findings_of(&format!("{BASE}{extra}"), "idporten-public-access");
    assert_eq!(f[0].subject.kind, "system");
    assert_eq!(f[0].category, None);
    assert_eq!(hops(&f[0]), ["skjema->epj:skjema>epj"]);
}

#[test]
fn idporten_public_access_near_misses() {
    // Through an ID-porten system; to a target that itself uses ID-porten
    // (it is on the path after the start); to a system holding nothing
    // sensitive.
    let extra = format!(
        "system skjema {{ zone = nett }}\n\
         system edialog {{ zone = intern, auth = idporten }}\n\
         {}\
         flow skjema -> edialog\nflow edialog -> epj\nflow skjema -> portal\nflow skjema -> crm\n",
        "system portal { zone = lukket, auth = idporten, owner = \"RO\", basis = legal_obligation, law = \"lov\", access_logging = true, stores = [helse] }\n"
    );
    assert_eq!(
        fired(&format!("{BASE}{extra}"), "idporten-public-access"),
        Vec::<String>::new()
    );
}

#[test]
fn idporten_public_access_ignores_idporten_at_the_start() {
    // "no system on it after the start has `auth = idporten`"
    let extra = "system innbygger { zone = nett, auth = idporten }\nflow innbygger -> epj\n";
    assert_eq!(
        fired(&format!("{BASE}{extra}"), "idporten-public-access"),
        ["idporten-public-access epj innbygger>epj"]
    );
}

/// `system kamera` in the closed zone (so no other rule fires) storing a
/// `video = true` category, with the given retention attribute.
fn camera(retention: &str) -> Vec<String> {
    let extra = format!(
        "category video {{ video = true, retention = 7d }}\n\
         system kamera {{ zone = lukket, owner = \"Eiendom\", basis = legitimate_interest, stores = [video] {retention} }}\n"
    );
    with(&extra)
}

#[test]
fn video_retention_accepts_at_most_seven_days_in_any_unit() {
    for ok in [
        ", retention = 7d",
        ", retention = 1w",
        ", retention = 168h",
        ", retention = 1d",
        ", retention = 2h",
    ] {
        assert_eq!(camera(ok), Vec::<String>::new(), "{ok}");
    }
}

#[test]
fn video_retention_fires_on_longer_missing_permanent_or_text_retention() {
    for bad in [
        ", retention = 8d",
        ", retention = 169h",
        ", retention = 2w",
        ", retention = 1mo",
        ", retention = permanent",
        "",
        ", retention = \"7 dager\"",
    ] {
        assert_eq!(camera(bad), ["video-retention kamera"], "{bad:?}");
    }
    // A missing retention is named in the message; the category's own
    // retention does not count ("its own `retention`").
    let extra = "category video { video = true, retention = 7d }\n\
        system kamera { zone = lukket, owner = \"Eiendom\", basis = legitimate_interest, stores = [video] }\n";
    let f = findings_of(&format!("{BASE}{extra}"), "video-retention");
    assert!(f[0].message.contains("retention"), "{}", f[0].message);
}

#[test]
fn video_retention_follows_inheritance_and_skips_received_and_foreign_video() {
    // `video = true` is inherited by a child category.
    let extra = "category video { video = true, retention = 7d }\n\
        category video.inngang { parent = video }\n\
        system kamera { zone = lukket, owner = \"Eiendom\", basis = legitimate_interest, retention = 30d, stores = [video.inngang] }\n";
    assert_eq!(with(extra), ["video-retention kamera"]);
    // The rule reads `stores`: a system that only receives video is not
    // checked; nor is a system of another controller.
    let extra = "category video { video = true, retention = 7d }\n\
        system kamera { zone = lukket, owner = \"Eiendom\", basis = legitimate_interest, retention = 7d, stores = [video] }\n\
        system arkiv { zone = lukket, owner = \"Eiendom\", basis = legitimate_interest, retention = 1y }\n\
        system politi { zone = lukket, controller = politiet, stores = [video] }\n\
        flow kamera -> arkiv { carries = [video] }\n";
    assert_eq!(with(extra), Vec::<String>::new());
}

#[test]
fn no_social_media_processing_fires_on_personal_data_to_social_media() {
    let extra = format!(
        "{}flow crm -> facebook {{ carries = [kontakt], encrypted = true }}\n",
        own_system("facebook", "sky", "social_media = true")
    );
    assert_eq!(with(&extra), ["no-social-media-processing crm->facebook"]);
}

#[test]
fn no_social_media_processing_near_misses() {
    let extra = format!(
        "{}{}flow crm -> facebook {{ carries = [statistikk], encrypted = true }}\n\
         flow crm -> nyhetsbrev {{ carries = [kontakt], encrypted = true }}\n",
        own_system("facebook", "sky", "social_media = true"),
        own_system("nyhetsbrev", "sky", "social_media = false")
    );
    assert_eq!(with(&extra), Vec::<String>::new());
}

#[test]
fn no_social_media_processing_is_quiet_when_nobody_declares_social_media() {
    // §4: "Rules may name attributes no entity declares … such a name is
    // simply missing, never a load error."
    let extra = format!(
        "{}flow crm -> facebook {{ carries = [kontakt], encrypted = true }}\n",
        own_system("facebook", "sky", "")
    );
    assert_eq!(with(&extra), Vec::<String>::new());
}
