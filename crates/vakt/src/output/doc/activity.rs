//! The record's main part: each of the organisation's own systems as a
//! processing activity.

use std::fmt::Write;

use vakt_model::{Entity, Value};
use vakt_syntax::ast::Kind;

use super::{Doc, text};

impl<'a> Doc<'a> {
    pub(super) fn activities(&self, out: &mut String) {
        let w = self.w;
        let _ = writeln!(out, "## {}\n", w.activities_heading);
        let own: Vec<(usize, &Entity)> = self.systems(false);
        if own.is_empty() {
            let _ = writeln!(out, "{}\n", w.no_activities);
            return;
        }
        let _ = writeln!(out, "{}\n", w.activities_intro);
        for (s, system) in own {
            self.activity(out, s, system);
        }
    }

    /// Systems with (`true`) or without a `controller`, with their indexes.
    pub(super) fn systems(&self, others: bool) -> Vec<(usize, &'a Entity)> {
        self.view
            .all(Kind::System)
            .iter()
            .enumerate()
            .filter(|(_, s)| self.view.reference(s, "controller").is_some() == others)
            .collect()
    }

    fn activity(&self, out: &mut String, s: usize, system: &'a Entity) {
        let (w, view) = (self.w, &self.view);
        let _ = writeln!(out, "### {}\n", text(system.display_name()));
        let field = |out: &mut String, name: &str, value: &str| {
            let _ = writeln!(out, "- **{name}:** {}", text(value));
        };
        field(
            out,
            w.purpose,
            view.string(system, "purpose").unwrap_or(w.not_stated),
        );
        field(
            out,
            w.owner,
            view.string(system, "owner").unwrap_or(w.not_stated),
        );
        let personal = self.personal_categories(s);
        let categories = if personal.is_empty() {
            w.no_personal_data.to_owned()
        } else {
            personal.join("; ")
        };
        field(out, w.categories, &categories);
        let subjects: Vec<&str> = view
            .references(system, "subjects")
            .iter()
            .map(|e| e.display_name())
            .collect();
        let subjects = if subjects.is_empty() {
            w.not_stated.to_owned()
        } else {
            subjects.join(", ")
        };
        field(out, w.subjects, &subjects);
        let basis = view
            .symbol(system, "basis")
            .map_or_else(|| w.not_stated.to_owned(), |b| self.lang.basis(b));
        field(out, w.basis, &basis);
        let sensitive = view.holds(s).iter().any(|(c, _)| view.sensitive(*c));
        match view.string(system, "law") {
            Some(law) => field(out, w.law, law),
            None if sensitive => field(out, w.law, w.not_stated),
            None => {}
        }
        field(out, w.retention, &self.retention(s, system));
        field(out, w.operator, &self.operator(system));
        self.recipients(out, s);
        let transfers = self.transfers(s, system);
        if !transfers.is_empty() {
            field(out, w.transfers, &transfers.join("; "));
        }
        field(out, w.security, &self.security(system));
        out.push('\n');
    }

    /// The personal categories a system holds, special ones marked.
    fn personal_categories(&self, s: usize) -> Vec<String> {
        self.view
            .holds(s)
            .into_iter()
            .filter(|(c, _)| self.view.personal(*c))
            .map(|(c, e)| {
                if self.view.sensitive(c) {
                    format!("{} ({})", e.display_name(), self.w.special)
                } else {
                    e.display_name().to_owned()
                }
            })
            .collect()
    }

    fn retention(&self, s: usize, system: &'a Entity) -> String {
        if let Some(value) = self.view.attr(system, "retention") {
            return self.retention_words(value);
        }
        let per_category: Vec<String> = self
            .view
            .holds(s)
            .into_iter()
            .filter(|(c, _)| self.view.personal(*c))
            .filter_map(|(c, e)| {
                let value = self.view.category_attr(c, "retention")?;
                Some(format!(
                    "{}: {}",
                    e.display_name(),
                    self.retention_words(value)
                ))
            })
            .collect();
        if per_category.is_empty() {
            self.w.not_set.to_owned()
        } else {
            per_category.join("; ")
        }
    }

    fn retention_words(&self, value: &Value) -> String {
        match value {
            Value::Duration(d) => self.lang.duration(*d),
            Value::Permanent => self.w.permanent.to_owned(),
            Value::Str(s) => s.to_string(),
            _ => self.w.not_set.to_owned(),
        }
    }

    fn operator(&self, system: &'a Entity) -> String {
        let w = self.w;
        let Some(processor) = self.view.reference(system, "operator") else {
            return w.in_house.to_owned();
        };
        match self.view.string(processor, "agreement") {
            Some(agreement) => format!(
                "{} ({}: {agreement})",
                processor.display_name(),
                w.agreement
            ),
            None => format!("{} ({})", processor.display_name(), w.no_agreement),
        }
    }

    /// Flows of personal data from a system to systems of other controllers.
    fn recipients(&self, out: &mut String, s: usize) {
        let view = &self.view;
        let mut lines = Vec::new();
        for &f in view
            .model
            .facts
            .outflows(u32::try_from(s).unwrap_or(u32::MAX))
        {
            let f = f as usize;
            let Some(flow) = view.all(Kind::Flow).get(f) else {
                continue;
            };
            let Some(target) = view.endpoints(f).and_then(|(_, to)| view.system(to)) else {
                continue;
            };
            let Some(party) = view.reference(target, "controller") else {
                continue;
            };
            let carried = self.personal_names(view.carries(f));
            if carried.is_empty() {
                continue;
            }
            let mut line = format!(
                "{} ({}): {}",
                party.display_name(),
                target.display_name(),
                carried.join(", ")
            );
            let grounds: Vec<String> = [
                view.symbol(flow, "basis").map(|b| self.lang.basis(b)),
                view.string(flow, "law").map(str::to_owned),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !grounds.is_empty() {
                let _ = write!(
                    line,
                    " – {}: {}",
                    self.w.disclosure_basis,
                    grounds.join("; ")
                );
            }
            lines.push(line);
        }
        if lines.is_empty() {
            return;
        }
        let _ = writeln!(out, "- **{}:**", self.w.recipients);
        for line in lines {
            let _ = writeln!(out, "  - {}", text(&line));
        }
    }

    pub(super) fn personal_names(&self, categories: Vec<(u32, &'a Entity)>) -> Vec<&'a str> {
        categories
            .into_iter()
            .filter(|(c, _)| self.view.personal(*c))
            .map(|(_, e)| e.display_name())
            .collect()
    }

    /// Processors and recipients outside the EEA, for a system that holds
    /// personal data.
    fn transfers(&self, s: usize, system: &'a Entity) -> Vec<String> {
        let view = &self.view;
        if !view.holds(s).iter().any(|(c, _)| view.personal(*c)) {
            return Vec::new();
        }
        let mut parties: Vec<&Entity> = view.reference(system, "operator").into_iter().collect();
        for &f in view
            .model
            .facts
            .outflows(u32::try_from(s).unwrap_or(u32::MAX))
        {
            let f = f as usize;
            let personal = view.carries(f).iter().any(|(c, _)| view.personal(*c));
            let party = view
                .endpoints(f)
                .and_then(|(_, to)| view.system(to))
                .and_then(|t| view.reference(t, "controller"));
            if let (true, Some(party)) = (personal, party)
                && !parties.iter().any(|p| std::ptr::eq(*p, party))
            {
                parties.push(party);
            }
        }
        parties
            .into_iter()
            .filter_map(|party| {
                let country = view.string(party, "country")?;
                if vakt_model::schema::in_eea(country) {
                    return None;
                }
                let basis = view.symbol(party, "transfer").map_or_else(
                    || self.w.no_transfer_basis.to_owned(),
                    |t| self.lang.transfer(t),
                );
                Some(format!("{} ({country}): {basis}", party.display_name()))
            })
            .collect()
    }

    fn security(&self, system: &'a Entity) -> String {
        let (w, view) = (self.w, &self.view);
        let mut measures = Vec::new();
        if let Some(zone) = view.reference(system, "zone") {
            let trust = view
                .symbol(zone, "trust")
                .map(|t| self.lang.trust(t))
                .unwrap_or_default();
            measures.push(format!("{} ({}: {trust})", zone.display_name(), w.trust));
        }
        if view.boolean(system, "access_logging") == Some(true) {
            measures.push(w.access_logging.to_owned());
        }
        if view.boolean(system, "encrypted_at_rest") == Some(true) {
            measures.push(w.encrypted_at_rest.to_owned());
        }
        if let Some(auth) = view.symbol(system, "auth") {
            measures.push(format!("{} {}", w.login, self.lang.auth(auth)));
        }
        measures.join("; ")
    }
}
