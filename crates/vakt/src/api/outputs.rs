//! The `graph` and `format` answers.

use serde::Serialize;
use vakt_syntax::{Diagnostic, FileId, Origin, Sources};

use super::{INVALID_REQUEST, Request, to_json};
use crate::check::Outcome;
use crate::output::graph::{self, GraphOptions};
use crate::output::json::{DiagnosticDto, VERSION};

/// The formats of [`Request::graph_json`], as `vakt graph --format` names them.
pub const GRAPH_FORMATS: &[&str] = &["dot", "mermaid", "json"];

/// The model's data-flow graph in `format`, as `vakt graph` prints it.
pub(super) fn graph(request: &Request, format: &str) -> String {
    let mut outcome = request.check();
    let options = GraphOptions {
        category: request.options.category.clone(),
    };
    let render: Option<fn(&Outcome, &GraphOptions) -> String> = match format {
        "dot" => Some(graph::dot),
        "mermaid" => Some(graph::mermaid),
        "json" => Some(graph::json),
        _ => None,
    };
    let mut problem = match render {
        Some(_) => None,
        None => Some(
            Diagnostic::error(
                INVALID_REQUEST,
                format!("there is no graph format `{format}`"),
            )
            .with_help("the graph formats are `dot`, `mermaid` and `json`"),
        ),
    };
    if problem.is_none() && !outcome.load_failed() {
        problem = graph::check_options(&outcome, &options);
    }
    let failed = problem.is_some() || outcome.load_failed();
    outcome.diagnostics.splice(0..0, problem);
    let text = match render {
        Some(render) if !failed => Some(render(&outcome, &options)),
        _ => None,
    };
    to_json(&GraphAnswer {
        version: VERSION,
        format,
        graph: text,
        diagnostics: outcome
            .diagnostics
            .iter()
            .map(|d| DiagnosticDto::new(d, &outcome.sources))
            .collect(),
    })
}

/// Every file of the model formatted, as `vakt fmt` would write it; a file
/// that does not parse is left out, with its syntax errors.
pub(super) fn format(request: &Request) -> String {
    let mut sources = Sources::new();
    let mut diagnostics = request.diagnostics.clone();
    let mut files = Vec::new();
    for (name, text) in &request.files {
        let file = FileId(u32::try_from(sources.len()).unwrap_or(u32::MAX));
        let formatted = vakt_syntax::format(file, text);
        sources.add(name.clone(), text.clone(), Origin::User);
        match formatted {
            Ok(formatted) => files.push(FormattedFile {
                name,
                changed: formatted != *text,
                text: formatted,
            }),
            Err(errors) => diagnostics.extend(errors),
        }
    }
    to_json(&FormatAnswer {
        version: VERSION,
        files,
        diagnostics: diagnostics
            .iter()
            .map(|d| DiagnosticDto::new(d, &sources))
            .collect(),
    })
}

#[derive(Serialize)]
struct GraphAnswer<'a> {
    version: u32,
    format: &'a str,
    /// The text `vakt graph --format FORMAT` prints; null if the model could
    /// not be loaded or the request is wrong.
    graph: Option<String>,
    diagnostics: Vec<DiagnosticDto<'a>>,
}

#[derive(Serialize)]
struct FormatAnswer<'a> {
    version: u32,
    files: Vec<FormattedFile<'a>>,
    diagnostics: Vec<DiagnosticDto<'a>>,
}

#[derive(Serialize)]
struct FormattedFile<'a> {
    name: &'a str,
    /// Whether formatting changed the text.
    changed: bool,
    text: String,
}
