//! `vakt rules`: the active rules, one per line.

use vakt::output::catalog::origin as rule_origin;
use vakt::{CheckOptions, RuleInfo};
use vakt_syntax::Sources;

use super::load_failed;
use crate::args::RulesArgs;
use crate::loader::FsLoader;
use crate::write::{self, Stop};
use crate::{ExitStatus, Io};

pub(super) fn run(args: &RulesArgs, io: &mut Io<'_>) -> Result<ExitStatus, Stop> {
    let options = CheckOptions {
        rules: args.selection.rules.clone(),
        default_rules: !args.selection.no_default_rules,
        ..CheckOptions::default()
    };
    let outcome = vakt::check(
        Vec::new(),
        &FsLoader::new(&io.context.cwd, vakt::Threads::One),
        &options,
    );
    if outcome.load_failed() {
        return load_failed(&outcome, io);
    }
    let warnings =
        crate::human::diagnostics(&outcome.diagnostics, &outcome.sources, io.context.stderr);
    write::stream(io.stderr, &warnings)?;
    write::stream(io.stdout, &table(&outcome.rules, &outcome.sources))?;
    Ok(ExitStatus::Success)
}

/// One line per rule: id, severity, title, and the pack or file it comes
/// from, in aligned columns.
pub(crate) fn table(rules: &[RuleInfo], sources: &Sources) -> String {
    if rules.is_empty() {
        return "no rules are active\n".to_owned();
    }
    let rows: Vec<[String; 4]> = rules
        .iter()
        .map(|r| {
            [
                r.id.to_string(),
                r.severity.to_string(),
                r.title.clone().unwrap_or_default(),
                rule_origin(sources, r.header),
            ]
        })
        .collect();
    let width = |column: usize| {
        rows.iter()
            .filter_map(|row| row.get(column))
            .map(|cell| cell.chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2)];
    let mut out = String::new();
    for [id, severity, title, origin] in &rows {
        let line = format!(
            "{id:<w0$}  {severity:<w1$}  {title:<w2$}  {origin}",
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_listed_in_aligned_columns() {
        let outcome = vakt::samples::findings();
        insta::assert_snapshot!(table(&outcome.rules, &outcome.sources), @r"
        unused-category          info   Kategorien behandles ikke i noe system      core
        processor-agreement      error  Databehandlere har databehandleravtale      gdpr
        closed-zone-egress       error  Data fra lukket sone transporteres ikke ut  kommune
        encrypted-zone-crossing  error  Personopplysninger krypteres mellom soner   kommune
        ");
    }

    #[test]
    fn no_rules_is_said_plainly() {
        assert_eq!(table(&[], &Sources::new()), "no rules are active\n");
    }
}
