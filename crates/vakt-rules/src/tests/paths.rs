//! SPEC §4, statement form 3: `forbid path from system where A to system
//! where B [carrying CAT] [avoiding system where C]`.
//!
//! The models use custom attributes (`src`, `dst`, `gate`) so each system's
//! role is explicit; only the model's own rule runs.

use super::{hops, own, run};

/// Internal zone, and the rule `p` from `src == true` to `dst == true`
/// with the given extra clauses.
fn rule(clauses: &str) -> String {
    format!(
        "zone z {{ trust = internal }}\n\
         rule p {{ forbid path from system where src == true to system where dst == true {clauses} }}\n"
    )
}

fn paths(clauses: &str, model: &str) -> Vec<String> {
    own(&format!("{}{model}", rule(clauses)))
}

#[test]
fn the_witness_is_a_shortest_path() {
    // The longer route is declared first.
    let model = "system s { zone = z, src = true }\n\
        system a { zone = z }\nsystem b { zone = z }\nsystem c { zone = z }\n\
        system t { zone = z, dst = true }\n\
        flow s -> a\nflow a -> b\nflow b -> t\nflow s -> c\nflow c -> t\n";
    assert_eq!(paths("", model), ["p t s>c>t"]);
}

#[test]
fn ties_go_to_the_first_start_in_declaration_order() {
    // "ties: the path a breadth-first search finds first, taking start
    // systems and each system's outflows in declaration order"
    let flows = "flow s2 -> t\nflow s1 -> t\n";
    let model = format!(
        "system s1 {{ zone = z, src = true }}\nsystem s2 {{ zone = z, src = true }}\nsystem t {{ zone = z, dst = true }}\n{flows}"
    );
    assert_eq!(paths("", &model), ["p t s1>t"]);
    let model = format!(
        "system s2 {{ zone = z, src = true }}\nsystem s1 {{ zone = z, src = true }}\nsystem t {{ zone = z, dst = true }}\n{flows}"
    );
    assert_eq!(paths("", &model), ["p t s2>t"]);
}

#[test]
fn ties_then_go_to_the_first_outflow_in_declaration_order() {
    let systems = "system s { zone = z, src = true }\nsystem a { zone = z }\nsystem b { zone = z }\nsystem t { zone = z, dst = true }\n";
    let model = format!("{systems}flow s -> b\nflow s -> a\nflow a -> t\nflow b -> t\n");
    assert_eq!(paths("", &model), ["p t s>b>t"]);
    let model = format!("{systems}flow s -> a\nflow s -> b\nflow b -> t\nflow a -> t\n");
    assert_eq!(paths("", &model), ["p t s>a>t"]);
    // Between two parallel flows, the first declared is the hop.
    let model = format!("{systems}flow second: s -> t\nflow first: s -> t\n");
    let f = &run(&format!("{}{model}", rule("")), &[], None)
        .evaluation
        .findings;
    assert_eq!(hops(&f[0]), ["second:s>t"]);
}

#[test]
fn a_shorter_path_from_a_later_start_beats_an_earlier_start() {
    let model = "system s1 { zone = z, src = true }\nsystem m { zone = z }\n\
        system s2 { zone = z, src = true }\nsystem t { zone = z, dst = true }\n\
        flow s1 -> m\nflow m -> t\nflow s2 -> t\n";
    assert_eq!(paths("", model), ["p t s2>t"]);
}

#[test]
fn one_finding_per_target_without_carrying() {
    let model = "system s1 { zone = z, src = true }\nsystem s2 { zone = z, src = true }\n\
        system t { zone = z, dst = true }\nsystem u { zone = z, dst = true }\n\
        flow s1 -> t\nflow s2 -> t\nflow t -> u\nflow s2 -> u\n";
    assert_eq!(paths("", model), ["p t s1>t", "p u s2>u"]);
}

#[test]
fn a_path_is_never_empty() {
    // A system meeting both A and B is not a target of itself: not alone,
    // not by a self-loop, not by a cycle back to itself.
    let model = "system s { zone = z, src = true, dst = true }\nsystem x { zone = z }\n\
        flow s -> s\nflow s -> x\nflow x -> s\n";
    assert_eq!(paths("", model), Vec::<String>::new());
}

#[test]
fn a_start_that_meets_b_is_a_target_when_reached_from_another_start() {
    let model = "system s1 { zone = z, src = true, dst = true }\nsystem s2 { zone = z, src = true }\n\
        flow s2 -> s1\n";
    assert_eq!(paths("", model), ["p s1 s2>s1"]);
    // Two such starts reach each other.
    let model = "system s1 { zone = z, src = true, dst = true }\nsystem s2 { zone = z, src = true, dst = true }\n\
        flow s1 <-> s2\n";
    assert_eq!(paths("", model), ["p s1 s2>s1", "p s2 s1>s2"]);
}

#[test]
fn a_start_is_reached_from_another_start_through_a_shared_system() {
    // m is first reached from s1 itself; the finding on s1 must still use
    // the path from s2.
    let model = "system s1 { zone = z, src = true, dst = true }\nsystem s2 { zone = z, src = true }\n\
        system m { zone = z }\n\
        flow s1 -> m\nflow s2 -> m\nflow m -> s1\n";
    assert_eq!(paths("", model), ["p s1 s2>m>s1"]);
    // Three starts that are all targets, through one hub: each is reached
    // from the first *other* start in declaration order.
    let model = "system s1 { zone = z, src = true, dst = true }\nsystem s2 { zone = z, src = true, dst = true }\n\
        system s3 { zone = z, src = true, dst = true }\nsystem m { zone = z }\n\
        flow s1 -> m\nflow s2 -> m\nflow s3 -> m\nflow m -> s1\nflow m -> s2\nflow m -> s3\n";
    assert_eq!(
        paths("", model),
        ["p s1 s2>m>s1", "p s2 s1>m>s2", "p s3 s1>m>s3"]
    );
}

#[test]
fn avoiding_blocks_systems_after_the_start() {
    let systems = "system s { zone = z, src = true }\nsystem g { zone = z, gate = true }\n\
        system m { zone = z }\nsystem t { zone = z, dst = true }\n";
    // Only through the gate: no path.
    let model = format!("{systems}flow s -> g\nflow g -> t\n");
    assert_eq!(
        paths("avoiding system where gate == true", &model),
        Vec::<String>::new()
    );
    // A longer way round the gate counts, and is the witness.
    let model = format!("{systems}flow s -> g\nflow g -> t\nflow s -> m\nflow m -> t\n");
    assert_eq!(
        paths("avoiding system where gate == true", &model),
        ["p t s>m>t"]
    );
}

#[test]
fn avoiding_includes_the_target() {
    // "a target that itself meets C is reached through it"
    let model = "system s { zone = z, src = true }\nsystem t { zone = z, dst = true, gate = true }\n\
        flow s -> t\n";
    assert_eq!(
        paths("avoiding system where gate == true", model),
        Vec::<String>::new()
    );
}

#[test]
fn avoiding_does_not_apply_to_the_start() {
    let model = "system s { zone = z, src = true, gate = true }\nsystem t { zone = z, dst = true }\n\
        flow s -> t\n";
    assert_eq!(
        paths("avoiding system where gate == true", model),
        ["p t s>t"]
    );
    // A start behind a gate still starts its own paths.
    let model = "system s1 { zone = z, src = true }\nsystem s2 { zone = z, src = true, gate = true }\n\
        system t { zone = z, dst = true }\nflow s1 -> s2\nflow s2 -> t\n";
    assert_eq!(
        paths("avoiding system where gate == true", model),
        ["p t s2>t"]
    );
}

/// Categories for `carrying` tests.
const CATS: &str = "category helse { sensitive = true }\n\
    category helse.journal { parent = helse }\n\
    category helse.resept { parent = helse }\n\
    category helse.anonym { parent = helse, sensitive = false }\n\
    category kontakt\n";

#[test]
fn carrying_starts_where_the_category_or_a_relative_is_held() {
    // The start holds helse (an ancestor of helse.journal); the flow carries
    // helse.journal itself: a finding for helse.journal, none for helse
    // (the flow does not carry helse itself).
    let model = format!(
        "{CATS}system s {{ zone = z, src = true, stores = [helse] }}\nsystem t {{ zone = z, dst = true }}\n\
         flow s -> t {{ carries = [helse.journal] }}\n"
    );
    assert_eq!(
        paths("carrying sensitive", &model),
        ["p t [helse.journal] s>t"]
    );
    // The start holds helse.journal (a descendant of helse); the flow
    // carries helse.
    let model = format!(
        "{CATS}system s {{ zone = z, src = true, stores = [helse.journal] }}\nsystem t {{ zone = z, dst = true }}\n\
         flow s -> t {{ carries = [helse] }}\n"
    );
    assert_eq!(paths("carrying sensitive", &model), ["p t [helse] s>t"]);
    // A sibling is not related: a start holding helse.resept does not start
    // a path for helse.journal.
    let model = format!(
        "{CATS}system s {{ zone = z, src = true, stores = [helse.resept] }}\nsystem t {{ zone = z, dst = true }}\n\
         flow s -> t {{ carries = [helse.journal] }}\n"
    );
    assert_eq!(paths("carrying sensitive", &model), Vec::<String>::new());
}

#[test]
fn carrying_requires_every_flow_to_carry_the_category_itself() {
    // The second flow carries the parent, not helse.journal.
    let model = format!(
        "{CATS}system s {{ zone = z, src = true, stores = [helse.journal] }}\nsystem m {{ zone = z }}\n\
         system t {{ zone = z, dst = true }}\n\
         flow s -> m {{ carries = [helse.journal] }}\nflow m -> t {{ carries = [helse, kontakt] }}\n"
    );
    // helse.journal stops at m; helse does not leave s.
    assert_eq!(paths("carrying sensitive", &model), Vec::<String>::new());
}

#[test]
fn carrying_follows_each_matching_category_separately() {
    // helse and helse.journal both meet `sensitive` (the child inherits it);
    // helse.anonym sets `sensitive = false`; kontakt is not sensitive.
    // Each category gets its own shortest path.
    let model = format!(
        "{CATS}system s {{ zone = z, src = true, stores = [helse, kontakt] }}\nsystem m {{ zone = z }}\n\
         system t {{ zone = z, dst = true }}\n\
         flow s -> t {{ carries = [helse.journal, helse.anonym, kontakt] }}\n\
         flow s -> m {{ carries = [helse] }}\nflow m -> t {{ carries = [helse] }}\n"
    );
    assert_eq!(
        paths("carrying sensitive", &model),
        ["p t [helse.journal] s>t", "p t [helse] s>m>t"]
    );
    // A category id as the pattern matches hierarchically: `carrying helse`
    // covers helse.anonym too.
    assert_eq!(
        paths("carrying helse", &model),
        [
            "p t [helse.anonym] s>t",
            "p t [helse.journal] s>t",
            "p t [helse] s>m>t"
        ]
    );
}

#[test]
fn carrying_starts_at_received_data_too() {
    // s meets A and only receives helse (holds = stores ∪ receives).
    let model = format!(
        "{CATS}system kilde {{ zone = z, stores = [helse] }}\nsystem s {{ zone = z, src = true }}\n\
         system t {{ zone = z, dst = true }}\n\
         flow kilde -> s {{ carries = [helse] }}\nflow s -> t {{ carries = [helse] }}\n"
    );
    assert_eq!(paths("carrying sensitive", &model), ["p t [helse] s>t"]);
}

#[test]
fn carrying_never_starts_from_data_a_cycle_invents() {
    // A cycle carries helse but nobody stores it.
    let model = format!(
        "{CATS}system s {{ zone = z, src = true }}\nsystem t {{ zone = z, dst = true }}\n\
         flow s <-> t {{ carries = [helse] }}\n"
    );
    assert_eq!(paths("carrying sensitive", &model), Vec::<String>::new());
}

#[test]
fn one_finding_per_target_and_category() {
    // Two starts reach t with the same category; two categories reach t.
    let model = format!(
        "{CATS}system s1 {{ zone = z, src = true, stores = [helse] }}\nsystem s2 {{ zone = z, src = true, stores = [helse] }}\n\
         system t {{ zone = z, dst = true }}\n\
         flow s2 -> t {{ carries = [helse, helse.resept] }}\nflow s1 -> t {{ carries = [helse, helse.resept] }}\n"
    );
    assert_eq!(
        paths("carrying sensitive", &model),
        ["p t [helse.resept] s1>t", "p t [helse] s1>t"]
    );
}

#[test]
fn carrying_with_a_start_that_is_also_a_target() {
    // s1 holds helse and meets B; it is a target only when helse reaches it
    // from another holder.
    let model = format!(
        "{CATS}system s1 {{ zone = z, src = true, dst = true, stores = [helse] }}\n\
         system s2 {{ zone = z, src = true, stores = [helse] }}\n\
         system s3 {{ zone = z, src = true }}\n\
         flow s1 -> s1 {{ carries = [helse] }}\nflow s3 -> s1 {{ carries = [helse] }}\n"
    );
    assert_eq!(paths("carrying sensitive", &model), Vec::<String>::new());
    let model = format!("{model}flow s2 -> s1 {{ carries = [helse] }}\n");
    assert_eq!(paths("carrying sensitive", &model), ["p s1 [helse] s2>s1"]);
}

#[test]
fn avoiding_and_carrying_together() {
    let model = format!(
        "{CATS}system s {{ zone = z, src = true, stores = [helse] }}\nsystem g {{ zone = z, gate = true }}\n\
         system m {{ zone = z }}\nsystem t {{ zone = z, dst = true }}\n\
         flow s -> g {{ carries = [helse] }}\nflow g -> t {{ carries = [helse] }}\n\
         flow s -> m {{ carries = [helse] }}\nflow m -> t {{ carries = [kontakt] }}\n"
    );
    assert_eq!(
        paths(
            "carrying sensitive avoiding system where gate == true",
            &model
        ),
        Vec::<String>::new()
    );
}

#[test]
fn the_hops_follow_the_path() {
    let model = format!(
        "{}system s {{ zone = z, src = true }}\nsystem a {{ zone = z }}\nsystem t {{ zone = z, dst = true }}\n\
         flow en: s -> a\nflow a -> t\nflow a -> t\n",
        rule("")
    );
    let evaluation = run(&model, &[], None).evaluation;
    let f = &evaluation.findings;
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].subject.kind, "system");
    assert_eq!(f[0].subject.id, "t");
    assert_eq!(f[0].category, None);
    assert_eq!(
        f[0].path.as_deref().map(|p| p.join(">")).as_deref(),
        Some("s>a>t")
    );
    assert_eq!(hops(&f[0]), ["en:s>a", "a->t:a>t"]);
}
