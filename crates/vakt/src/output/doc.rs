//! A record of processing activities (GDPR art. 30) in Markdown, from the
//! model (`vakt doc`).
//!
//! The record names the controller and the data protection officer, then
//! describes each of the organisation's own systems as a processing
//! activity — purpose, categories of personal data (special categories
//! marked), data subjects, legal basis and law, retention, processor and
//! agreement, recipients, transfers outside the EEA and security measures —
//! then the systems of other controllers, the zones, the open findings by
//! severity and the accepted exceptions. Headings and wording are
//! Norwegian (bokmål) by default, or English.

mod activity;
mod words;

use std::fmt::Write;

use vakt_model::Entity;
use vakt_syntax::ast::Kind;
use vakt_syntax::{Origin, Severity};

pub use words::Lang;
use words::Words;

use crate::output::catalog;
use crate::output::view::{View, open_findings};
use crate::{Finding, Outcome};

/// How to write the record.
#[derive(Clone, Copy, Debug, Default)]
pub struct DocOptions {
    /// The language.
    pub lang: Lang,
}

/// The record of processing activities of a checked model, in Markdown.
pub fn render(outcome: &Outcome, options: &DocOptions) -> String {
    let doc = Doc {
        view: View::new(outcome),
        outcome,
        lang: options.lang,
        w: options.lang.words(),
    };
    let mut out = String::new();
    doc.header(&mut out);
    doc.activities(&mut out);
    doc.other_controllers(&mut out);
    doc.zones(&mut out);
    doc.findings(&mut out);
    doc.exceptions(&mut out);
    out
}

struct Doc<'a> {
    view: View<'a>,
    outcome: &'a Outcome,
    lang: Lang,
    w: &'static Words,
}

impl<'a> Doc<'a> {
    fn header(&self, out: &mut String) {
        let w = self.w;
        let organizations = self.view.all(Kind::Organization);
        match organizations.first() {
            Some(org) => {
                let _ = writeln!(out, "# {} – {}\n", w.title, text(org.display_name()));
            }
            None => {
                let _ = writeln!(out, "# {}\n", w.title);
            }
        }
        let files: Vec<String> = self
            .outcome
            .sources
            .iter()
            .filter(|(_, f)| f.origin() == Origin::User)
            .map(|(_, f)| format!("`{}`", f.name().replace('`', "'")))
            .collect();
        let _ = writeln!(
            out,
            "{} {}. {}\n",
            w.intro_made,
            files.join(", "),
            w.intro_what
        );
        let _ = writeln!(out, "## {}\n", w.controller_heading);
        if organizations.is_empty() {
            let _ = writeln!(out, "- **{}:** {}", w.controller, w.not_stated);
        }
        for org in organizations {
            let name = match self.view.string(org, "controller") {
                Some(by) => format!("{}{}{by}", org.display_name(), w.controller_via),
                None => org.display_name().to_owned(),
            };
            let _ = writeln!(out, "- **{}:** {}", w.controller, text(&name));
            let dpo = self.view.string(org, "dpo").unwrap_or(w.not_stated);
            let _ = writeln!(out, "- **{}:** {}", w.dpo, text(dpo));
        }
        out.push('\n');
    }

    fn other_controllers(&self, out: &mut String) {
        let (w, view) = (self.w, &self.view);
        let others = self.systems(true);
        if others.is_empty() {
            return;
        }
        let _ = writeln!(out, "## {}\n\n{}\n", w.others_heading, w.others_intro);
        for (s, system) in others {
            let _ = writeln!(out, "### {}\n", text(system.display_name()));
            if let Some(party) = view.reference(system, "controller") {
                let name = match view.string(party, "country") {
                    Some(country) => format!("{} ({country})", party.display_name()),
                    None => party.display_name().to_owned(),
                };
                let _ = writeln!(out, "- **{}:** {}", w.controller, text(&name));
            }
            let index = u32::try_from(s).unwrap_or(u32::MAX);
            let received = self.flow_categories(view.model.facts.inflows(index));
            if !received.is_empty() {
                let _ = writeln!(
                    out,
                    "- **{}:** {}",
                    w.receives_from_us,
                    text(&received.join(", "))
                );
            }
            let sent = self.flow_categories(view.model.facts.outflows(index));
            if !sent.is_empty() {
                let _ = writeln!(out, "- **{}:** {}", w.sends_to_us, text(&sent.join(", ")));
            }
            out.push('\n');
        }
    }

    /// The personal categories some of these flows carry, without repeats.
    fn flow_categories(&self, flows: &[u32]) -> Vec<&'a str> {
        let mut names: Vec<&'a str> = Vec::new();
        for &f in flows {
            for name in self.personal_names(self.view.carries(f as usize)) {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names
    }

    fn zones(&self, out: &mut String) {
        let (w, view) = (self.w, &self.view);
        let zones = view.all(Kind::Zone);
        if zones.is_empty() {
            return;
        }
        let _ = writeln!(out, "## {}\n\n{}\n", w.zones_heading, w.zones_intro);
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            w.zone_column, w.trust_column, w.systems_column
        );
        out.push_str("|---|---|---|\n");
        for (z, zone) in zones.iter().enumerate() {
            let systems: Vec<&str> = view
                .all(Kind::System)
                .iter()
                .filter(|s| view.reference_index(s, "zone") == Some(z))
                .map(Entity::display_name)
                .collect();
            let trust = view
                .symbol(zone, "trust")
                .map(|t| self.lang.trust(t))
                .unwrap_or_default();
            let systems = if systems.is_empty() {
                "–".to_owned()
            } else {
                systems.join(", ")
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                text(zone.display_name()),
                text(&trust),
                text(&systems)
            );
        }
        out.push('\n');
    }

    fn findings(&self, out: &mut String) {
        let w = self.w;
        let _ = writeln!(out, "## {}\n", w.findings_heading);
        if open_findings(self.outcome).next().is_none() {
            let _ = writeln!(out, "{}\n", w.no_findings);
            return;
        }
        let _ = writeln!(out, "{}\n", w.findings_intro);
        for (severity, heading) in [
            (Severity::Error, w.errors),
            (Severity::Warning, w.warnings),
            (Severity::Info, w.infos),
        ] {
            let group: Vec<&Finding> = open_findings(self.outcome)
                .filter(|f| f.severity == severity)
                .collect();
            if group.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {heading} ({})\n", group.len());
            for finding in group {
                let mut line = format!(
                    "**{}** (`{}`): {}",
                    text(&self.title(finding)),
                    finding.rule,
                    text(&self.subject(finding))
                );
                if let Some(until) = finding.expired.as_ref().and_then(|e| e.until) {
                    let _ = write!(line, " ({} {})", w.expired, self.lang.date(until));
                }
                let _ = writeln!(out, "- {line}");
            }
            out.push('\n');
        }
    }

    fn exceptions(&self, out: &mut String) {
        let w = self.w;
        let suppressed: Vec<&Finding> = self
            .outcome
            .findings
            .iter()
            .filter(|f| f.suppressed.is_some())
            .collect();
        if suppressed.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "## {}\n\n{}\n",
            w.exceptions_heading, w.exceptions_intro
        );
        for finding in suppressed {
            let Some(allow) = &finding.suppressed else {
                continue;
            };
            let mut line = format!(
                "**{}** (`{}`): {} – {}",
                text(&self.title(finding)),
                finding.rule,
                text(&self.subject(finding)),
                text(&allow.because)
            );
            if let Some(until) = allow.until {
                let _ = write!(line, " ({} {})", w.until, self.lang.date(until));
            }
            let _ = writeln!(out, "- {line}");
        }
        out.push('\n');
    }

    fn title(&self, finding: &Finding) -> String {
        catalog::title(self.outcome, &finding.rule)
            .map_or_else(|| finding.rule.to_string(), str::to_owned)
    }

    /// A finding's subject by its display name; for a path finding, the
    /// category and the path too.
    fn subject(&self, finding: &Finding) -> String {
        let model = self.view.model;
        let name = |kind: Kind, id: &str| -> String {
            model
                .lookup(kind, id)
                .and_then(|r| model.entity(r))
                .map_or_else(|| id.to_owned(), |e| e.display_name().to_owned())
        };
        let subject = &finding.subject;
        if let Some((rule, entity)) = subject
            .id
            .split_once('@')
            .filter(|_| subject.kind == "allow")
        {
            let entity = model
                .kinds_declaring(entity)
                .next()
                .map_or_else(|| entity.to_owned(), |kind| name(kind, entity));
            return format!(
                "{} {rule} {} {entity}",
                self.w.exception_for, self.w.exception_on
            );
        }
        let display = match Kind::from_keyword(subject.kind) {
            Some(kind) => name(kind, &subject.id),
            None => subject.id.to_string(),
        };
        let kind = self.lang.kind(subject.kind);
        let mut line = if kind.is_empty() {
            display
        } else {
            format!("{kind} {display}")
        };
        if let Some(path) = &finding.path {
            let path: Vec<String> = path.iter().map(|s| name(Kind::System, s)).collect();
            let category = finding.category.as_deref().map(|c| name(Kind::Category, c));
            match category {
                Some(category) => {
                    let _ = write!(line, " ({category}: {})", path.join(" → "));
                }
                None => {
                    let _ = write!(line, " ({})", path.join(" → "));
                }
            }
        }
        line
    }
}

/// Text from the model in running Markdown or a table cell: characters
/// that Markdown would read as markup are escaped, and line breaks become
/// spaces.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
