use super::*;
use crate::samples;

#[test]
fn findings_snapshot() {
    insta::assert_snapshot!(render(&samples::findings()));
}

#[test]
fn syntax_error_snapshot() {
    insta::assert_snapshot!(render(&samples::syntax_error()));
}

#[test]
fn missing_file_snapshot() {
    insta::assert_snapshot!(render(&samples::missing_file()));
}

#[test]
fn one_command_per_unsuppressed_finding_with_severity_names() {
    let text = render(&samples::findings());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[0].starts_with("::notice file=vestby.vakt,line=9,col=1,"));
    assert!(lines[1].starts_with("::error "));
    assert!(lines[1].contains(",title=closed-zone-egress::helse.journal leaves"));
    assert!(!text.contains("processor-agreement"));
    assert!(lines[2].contains("%0Anote: the exception for this finding expired on 2026-01-31"));
    assert!(lines[3].starts_with("::warning "));
}

#[test]
fn end_positions_are_just_past_the_span() {
    let text = render(&samples::findings());
    let first = text.lines().next().unwrap();
    let header = "category statistikk \"Anonym statistikk\"";
    let end = 1 + header.chars().count();
    assert!(
        first.contains(&format!("line=9,col=1,endLine=9,endColumn={end},")),
        "{first}"
    );
}

#[test]
fn escaping_follows_the_actions_toolkit() {
    assert_eq!(escape_data("100%\r\na: b, c"), "100%25%0D%0Aa: b, c");
    assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
}

#[test]
fn diagnostics_without_a_span_have_only_a_title() {
    let mut outcome = samples::missing_file();
    outcome.diagnostics = vec![Diagnostic::error(
        "vakt::missing-file",
        "cannot read `a,b.vakt`",
    )];
    assert_eq!(
        render(&outcome),
        "::error title=vakt%3A%3Amissing-file::cannot read `a,b.vakt`\n"
    );
}
