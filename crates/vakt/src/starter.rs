//! The starter model `vakt init` writes.

/// A small, commented model that passes `vakt check` with no findings:
/// zones, categories with a parent and a sensitive one, a processor, two
/// systems and a flow, with the `kommune` pack.
pub const STARTER_MODEL: &str = include_str!("starter.vakt");

/// The file name `vakt init` writes the starter model to.
pub const STARTER_FILE: &str = "model.vakt";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CheckOptions, FailOn, Input, NoFiles, Status, check};

    #[test]
    fn the_starter_model_passes_with_no_findings_and_no_diagnostics() {
        let input = Input {
            name: STARTER_FILE.to_owned(),
            bytes: STARTER_MODEL.as_bytes().to_vec(),
        };
        let outcome = check(vec![input], &NoFiles, &CheckOptions::default());
        assert!(outcome.diagnostics.is_empty(), "{:#?}", outcome.diagnostics);
        assert!(outcome.findings.is_empty(), "{:#?}", outcome.findings);
        assert_eq!(outcome.status(FailOn::Info), Status::Clean);
        // the kommune pack is loaded, so its rules were checked too
        assert!(outcome.rule("sensitive-in-closed-zone").is_some());
    }

    #[test]
    fn the_starter_model_is_formatted() {
        let formatted = vakt_syntax::format(vakt_syntax::FileId(0), STARTER_MODEL);
        assert_eq!(formatted.ok().as_deref(), Some(STARTER_MODEL));
    }
}
