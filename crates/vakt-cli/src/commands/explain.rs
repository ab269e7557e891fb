//! `vakt explain RULE-ID`: what a rule demands, why, and its source.

use vakt::output::catalog::origin as rule_origin;
use vakt::{CheckOptions, Diagnostic, PACKS, RuleInfo};
use vakt_syntax::{Sources, did_you_mean};

use super::load_failed;
use crate::args::ExplainArgs;
use crate::loader::FsLoader;
use crate::write::{self, Stop};
use crate::{ExitStatus, Io};

pub(super) fn run(args: ExplainArgs, io: &mut Io<'_>) -> Result<ExitStatus, Stop> {
    let mut rules: Vec<String> = PACKS.iter().map(|p| p.name.to_owned()).collect();
    rules.extend(args.rules);
    let options = CheckOptions {
        rules,
        default_rules: false,
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
    let Some(rule) = outcome.rule(&args.rule) else {
        let known = outcome.rules.iter().map(|r| r.id.as_str());
        let help = match did_you_mean(&args.rule, known) {
            Some(id) => format!("did you mean `{id}`?"),
            None => "`vakt rules --rules kommune` lists every built-in rule".to_owned(),
        };
        let diagnostic = Diagnostic::error(
            "vakt::unknown-rule",
            format!("there is no rule `{}`", args.rule),
        )
        .with_help(help);
        let text = crate::human::diagnostics(&[diagnostic], &outcome.sources, io.context.stderr);
        write::stream(io.stderr, &text)?;
        return Ok(ExitStatus::Error);
    };
    write::stream(io.stdout, &explain(rule, &outcome.sources))?;
    Ok(ExitStatus::Success)
}

/// A rule's title, severity, origin, cite, help and source text.
pub(crate) fn explain(rule: &RuleInfo, sources: &Sources) -> String {
    let mut out = match &rule.title {
        Some(title) => format!("{}: {title}\n\n", rule.id),
        None => format!("{}\n\n", rule.id),
    };
    out.push_str(&format!("severity  {}\n", rule.severity));
    let line = sources
        .get(rule.header.file)
        .map_or(0, |f| f.line_col(rule.header.start).line);
    let file = sources.name(rule.header.file);
    let origin = rule_origin(sources, rule.header);
    if origin == file {
        out.push_str(&format!("file      {file}, line {line}\n"));
    } else {
        out.push_str(&format!("pack      {origin} ({file}, line {line})\n"));
    }
    if let Some(cite) = &rule.cite {
        out.push_str(&format!("cite      {cite}\n"));
    }
    if let Some(help) = &rule.help {
        out.push_str(&format!("help      {help}\n"));
    }
    if let Some(source) = sources.slice(rule.span) {
        out.push('\n');
        out.push_str(source.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_is_explained_with_its_source() {
        let outcome = vakt::samples::findings();
        let rule = outcome.rule("closed-zone-egress").unwrap();
        insta::assert_snapshot!(explain(rule, &outcome.sources), @r#"
        closed-zone-egress: Data fra lukket sone transporteres ikke ut

        severity  error
        pack      kommune (builtin/kommune.vakt, line 19)
        cite      Vestby: 'Data fra lukket sone kan ikke transporteres ut av kommunens systemer.'
        help      Remove the sensitive category from `carries` on a flow of the path.

        rule closed-zone-egress "Data fra lukket sone transporteres ikke ut" {
          severity = error
          cite     = "Vestby: 'Data fra lukket sone kan ikke transporteres ut av kommunens systemer, og det finnes egne rutiner for opplæring, tilgangsstyring, og kontrolltiltak til det enkelte fagsystem i lukket sone.'"
          help     = "Remove the sensitive category from `carries` on a flow of the path, or end the path inside a zone with trust = closed or internal."
          message  = "{category} leaves the closed zone and reaches {subject}, which is external or public, via {path}"
          forbid path from system where zone.trust == closed
                      to system where zone.trust in [external, public]
                      carrying sensitive
        }
        "#);
    }
}
