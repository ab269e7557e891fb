use vakt::Hop;
use vakt::samples;
use vakt_syntax::Span;

use super::*;

fn plain() -> Style {
    Style::plain()
}

#[test]
fn findings_snapshot() {
    insta::assert_snapshot!(findings(&samples::findings(), plain()));
}

#[test]
fn diagnostics_snapshot() {
    let outcome = samples::syntax_error();
    insta::assert_snapshot!(diagnostics(&outcome.diagnostics, &outcome.sources, plain()));
}

#[test]
fn missing_file_snapshot() {
    let outcome = samples::missing_file();
    insta::assert_snapshot!(diagnostics(&outcome.diagnostics, &outcome.sources, plain()));
}

#[test]
fn suppressed_findings_are_only_counted() {
    let text = findings(&samples::findings(), plain());
    assert!(!text.contains("analyse holds personal data"));
    assert!(text.ends_with("2 errors, 1 warning, 1 info (1 suppressed) in 1 file\n"));
}

#[test]
fn expired_exceptions_are_noted() {
    let text = findings(&samples::findings(), plain());
    assert!(text.contains(
        "note: exception expired on 2026-01-31 (because \"Kryptering: 100% innen mars\")"
    ));
}

#[test]
fn path_hops_are_numbered_in_order() {
    let text = findings(&samples::findings(), plain());
    let first = text.find("1: `helse.journal` leaves `epj`").unwrap();
    let second = text.find("2: … reaches `backup`").unwrap();
    assert!(first < second);
    assert!(text.contains("`helse.journal` reaches `backup`"));
    // the rule is in a built-in pack: shown as a related report
    assert!(text.contains("[builtin/kommune.vakt:19:1]"));
}

#[test]
fn hops_sharing_a_declaration_share_a_label() {
    let outcome = samples::findings();
    let mut finding = outcome.findings[1].clone();
    let span = finding.hops[0].span;
    finding.hops = vec![
        hop("a->b", "a", "b", span),
        hop("b->c", "b", "c", Span::default()),
        hop("c->d", "c", "d", span),
    ];
    let labels = hop_labels(&finding);
    assert_eq!(labels.len(), 2);
    assert_eq!(
        labels[0].message.as_deref(),
        Some("1: `helse.journal` leaves `a`; 3: … reaches `d`")
    );
    assert_eq!(labels[1].message.as_deref(), Some("2: … `b` → `c`"));
}

#[test]
fn a_single_hop_names_both_ends() {
    let outcome = samples::findings();
    let mut finding = outcome.findings[1].clone();
    finding.category = None;
    finding.hops.truncate(1);
    let labels = hop_labels(&finding);
    assert_eq!(
        labels[0].message.as_deref(),
        Some("1: the path goes from `epj` to `arkiv`")
    );
}

#[test]
fn a_long_path_labels_its_first_and_last_flows() {
    // Regression (hostile corpus `long-flow-chain`): a path of 20,000 flows
    // got 20,000 labels and took minutes to render.
    let outcome = samples::findings();
    let mut finding = outcome.findings[1].clone();
    let span = finding.hops[0].span;
    finding.hops = (0..20_000)
        .map(|i| {
            hop(
                &format!("f{i}"),
                &format!("s{i}"),
                &format!("s{}", i + 1),
                Span::new(span.file, span.start + i, span.start + i),
            )
        })
        .collect();
    let labels = hop_labels(&finding);
    assert_eq!(labels.len(), MAX_HOP_LABELS);
    assert_eq!(
        labels[0].message.as_deref(),
        Some("1: `helse.journal` leaves `s0`")
    );
    assert_eq!(labels[7].message.as_deref(), Some("8: … `s7` → `s8`"));
    assert_eq!(
        labels[8].message.as_deref(),
        Some("19993: … `s19992` → `s19993`")
    );
    assert_eq!(
        labels[15].message.as_deref(),
        Some("20000: … reaches `s20000`")
    );
    let help = help(&finding, None).unwrap();
    assert!(
        help.contains("the path has 20000 flows; the first 8 and the last 8 are labelled"),
        "{help}"
    );
}

fn hop(flow: &str, from: &str, to: &str, span: Span) -> Hop {
    Hop {
        flow: flow.into(),
        from: from.into(),
        to: to.into(),
        span,
    }
}

#[test]
fn summary_lines() {
    let mut outcome = samples::findings();
    assert_eq!(
        summary(&outcome),
        "2 errors, 1 warning, 1 info (1 suppressed) in 1 file"
    );
    outcome.findings.retain(|f| f.suppressed.is_some());
    assert_eq!(summary(&outcome), "no findings (1 suppressed) in 1 file");
    outcome.findings.clear();
    assert_eq!(summary(&outcome), "no findings in 1 file");
}

#[test]
fn colour_only_when_asked() {
    let outcome = samples::findings();
    assert!(!findings(&outcome, plain()).contains('\u{1b}'));
    let colour = Style {
        color: true,
        width: 100,
    };
    assert!(findings(&outcome, colour).contains('\u{1b}'));
}

#[test]
fn a_failed_load_is_summed_up() {
    let outcome = samples::syntax_error();
    assert_eq!(
        load_failed(&outcome),
        "the model could not be checked: 2 errors, 1 warning\n"
    );
}

#[test]
fn header_columns_count_characters_like_the_json() {
    // `system bø { zone = lukkt }`: `lukkt` is the 20th character, 21st byte
    let outcome = samples::syntax_error();
    let text = diagnostics(&outcome.diagnostics, &outcome.sources, plain());
    assert!(text.contains("[broken.vakt:2:20]"), "{text}");
    let json = vakt::output::json::render_value(&outcome);
    assert_eq!(json["diagnostics"][0]["location"]["column"], 20);
}
