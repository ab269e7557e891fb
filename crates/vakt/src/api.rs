//! A JSON API over the pipeline: a model as a map of file name → text in,
//! JSON out. The WebAssembly build is a thin shell over it (STYLE item 9),
//! and it is tested natively.
//!
//! Every function returns JSON and never fails: a bad request (options that
//! are not what they should be, files that are not a map of strings) is
//! reported as a `vakt::invalid-options` or `vakt::invalid-request`
//! diagnostic in the answer's `diagnostics`, beside any problems of the model
//! itself. [`Request::check_json`] answers with exactly the object that
//! `vakt check --format json` prints for the same files (SPEC §6).
//!
//! Options are a JSON object; every key is optional:
//!
//! ```json
//! { "inputs": ["vestby.vakt"], "rules": ["kommune"], "no_default_rules": false,
//!   "today": "2026-11-30", "fail_on": "error", "category": "helse" }
//! ```
//!
//! `inputs` are the files to check, like the PATHs of `vakt check` (by
//! default every file, in name order, as if their directory were checked);
//! the other files are there to be `use`d or named in `rules`. `rules` and `no_default_rules` are `--rules` and `--no-default-rules`;
//! `today` is `--today` (without it no exception expires: this crate has no
//! clock); `fail_on` is `--fail-on` and only affects the exit code of
//! [`Request::check_status_json`]; `category` is `vakt graph --category`.
//!
//! The answers: [`Request::check_json`] (`vakt check --format json`),
//! [`Request::check_status_json`] (the same with the exit code),
//! [`Request::rules_json`] (`vakt rules`), [`Request::explain_json`]
//! (`vakt explain`), [`Request::graph_json`] (`vakt graph`) and
//! [`Request::format_json`] (`vakt fmt`).

mod options;
mod outputs;
mod rules;

use std::collections::BTreeMap;

use vakt_model::{Input, Loader, normalize};
use vakt_syntax::Diagnostic;

use crate::check::{Outcome, check};
use crate::output::json;

pub use options::ApiOptions;
pub use outputs::GRAPH_FORMATS;

/// A model in memory: file name → source text.
pub type Files = BTreeMap<String, String>;

/// The code of diagnostics about the options of a request.
pub const INVALID_OPTIONS: &str = "vakt::invalid-options";
/// The code of diagnostics about the files of a request.
pub const INVALID_REQUEST: &str = "vakt::invalid-request";

/// The answer of [`Request::check_json`] for `files` and `options_json`:
/// the JSON object of SPEC §6, exactly as the CLI prints it.
pub fn check_json_str(files: &Files, options_json: &str) -> String {
    Request::new(files.clone(), options_json).check_json()
}

/// The answer of [`Request::rules_json`].
pub fn rules_json_str(files: &Files, options_json: &str) -> String {
    Request::new(files.clone(), options_json).rules_json()
}

/// The answer of [`Request::explain_json`].
pub fn explain_json_str(files: &Files, rule: &str, options_json: &str) -> String {
    Request::new(files.clone(), options_json).explain_json(rule)
}

/// The answer of [`Request::graph_json`].
pub fn graph_json_str(files: &Files, format: &str, options_json: &str) -> String {
    Request::new(files.clone(), options_json).graph_json(format)
}

/// The answer of [`Request::format_json`].
pub fn format_json_str(files: &Files, options_json: &str) -> String {
    Request::new(files.clone(), options_json).format_json()
}

/// Reads `use`d files and `rules` files from an in-memory model. Paths are
/// normalized as the loader normalizes them (`./a.vakt` is `a.vakt`).
#[derive(Debug, Default)]
pub struct MapLoader {
    files: BTreeMap<String, String>,
}

impl MapLoader {
    /// A loader over `files`.
    pub fn new(files: &Files) -> Self {
        let mut normalized = BTreeMap::new();
        for (name, text) in files {
            normalized
                .entry(normalize(name))
                .or_insert_with(|| text.clone());
        }
        MapLoader { files: normalized }
    }
}

impl Loader for MapLoader {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        self.files
            .get(&normalize(path))
            .map(|text| text.as_bytes().to_vec())
            .ok_or_else(|| "no such file or directory".to_owned())
    }
}

/// One call of the API: the model's files, the options, and what was wrong
/// with either.
#[derive(Debug)]
pub struct Request {
    files: Files,
    options: ApiOptions,
    /// Problems with the request itself, reported before the model's own.
    diagnostics: Vec<Diagnostic>,
}

impl Request {
    /// A request for `files` with options given as JSON (an empty string or
    /// `null` means the defaults).
    pub fn new(files: Files, options_json: &str) -> Request {
        let (options, diagnostics) = ApiOptions::from_json(options_json);
        Request {
            files,
            options,
            diagnostics,
        }
    }

    /// A request whose files are a JSON object of file name → text.
    pub fn from_json(files_json: &str, options_json: &str) -> Request {
        let (files, mut diagnostics) = files_from_json(files_json);
        let mut request = Request::new(files, options_json);
        diagnostics.append(&mut request.diagnostics);
        request.diagnostics = diagnostics;
        request
    }

    /// A request that could not be read at all (the host could not turn its
    /// arguments into JSON): no files, default options, one error.
    pub fn invalid(message: &str) -> Request {
        Request {
            files: Files::new(),
            options: ApiOptions::default(),
            diagnostics: vec![Diagnostic::error(INVALID_REQUEST, message)],
        }
    }

    /// The same request with problems found in its files by the host (an
    /// entry whose text is not a string, say): `vakt::invalid-request`
    /// errors, reported first.
    #[must_use]
    pub fn with_file_problems(mut self, problems: Vec<String>) -> Request {
        let problems = problems.into_iter().map(invalid_files);
        self.diagnostics.splice(0..0, problems);
        self
    }

    /// The options in force (after dropping invalid ones).
    pub fn options(&self) -> &ApiOptions {
        &self.options
    }

    /// Checks the model: the `inputs` (by default every file, in name
    /// order, as if a directory holding them were checked), with `use`
    /// paths resolving among the files. Problems with the request come
    /// first among the diagnostics, and an error among them means nothing
    /// was checked (`findings: []`).
    pub fn check(&self) -> Outcome {
        let mut before = self.diagnostics.clone();
        let inputs = self.inputs(&mut before);
        let mut outcome = check(inputs, &MapLoader::new(&self.files), &self.options.check);
        prepend(&mut outcome, before);
        outcome
    }

    /// The files to check, and problems finding them.
    fn inputs(&self, diagnostics: &mut Vec<Diagnostic>) -> Vec<Input> {
        let input = |name: &str, text: &str| Input {
            name: name.to_owned(),
            bytes: text.as_bytes().to_vec(),
        };
        let Some(names) = &self.options.inputs else {
            if self.files.is_empty() && !diagnostics.iter().any(Diagnostic::is_error) {
                diagnostics.push(
                    Diagnostic::warning("vakt::no-inputs", "the model has no files")
                        .with_help("give the model as a map of file name to source text"),
                );
            }
            return self
                .files
                .iter()
                .map(|(name, text)| input(name, text))
                .collect();
        };
        let mut inputs = Vec::new();
        for name in names {
            match self.files.get(name) {
                Some(text) => inputs.push(input(name, text)),
                None => diagnostics.push(
                    Diagnostic::error(
                        "vakt::missing-file",
                        format!("cannot read `{name}`: no such file or directory"),
                    )
                    .with_help(
                        "`inputs` name files of the model, by the names they are given under",
                    ),
                ),
            }
        }
        inputs
    }

    /// The JSON object of SPEC §6 for [`Request::check`], pretty-printed with
    /// a trailing newline, as `vakt check --format json` prints it.
    pub fn check_json(&self) -> String {
        json::render(&self.check())
    }

    /// `{"exit_code": N, "result": OBJECT}`: the exit code `vakt check`
    /// would end with (under the `fail_on` option) and the object of
    /// [`Request::check_json`].
    pub fn check_status_json(&self) -> String {
        let outcome = self.check();
        let code = outcome.status(self.options.fail_on).code();
        let result = json::render(&outcome);
        format!(
            "{{\n\"exit_code\": {code},\n\"result\": {}\n}}\n",
            result.trim_end()
        )
    }

    /// The active rules under the options, as `vakt rules` lists them:
    /// `{"version": 1, "rules": [...], "diagnostics": [...]}`. The model's
    /// files are not loaded; `rules` may name rule files among them.
    pub fn rules_json(&self) -> String {
        rules::list(self)
    }

    /// One rule, as `vakt explain` shows it, searched in every built-in pack
    /// and the `rules` files: `{"version": 1, "rule": {...} | null,
    /// "diagnostics": [...]}`, with an unknown rule as a `vakt::unknown-rule`
    /// diagnostic.
    pub fn explain_json(&self, rule: &str) -> String {
        rules::explain(self, rule)
    }

    /// The model's data-flow graph as `vakt graph --format FORMAT` prints it
    /// (`dot`, `mermaid` or `json`; the `category` option is `--category`):
    /// `{"version": 1, "format": FORMAT, "graph": TEXT | null,
    /// "diagnostics": [...]}`, with `graph` null when the model could not be
    /// loaded.
    pub fn graph_json(&self, format: &str) -> String {
        outputs::graph(self, format)
    }

    /// Every file formatted as `vakt fmt` would write it: `{"version": 1,
    /// "files": [{"name", "changed", "text"}], "diagnostics": [...]}`. A file
    /// that does not parse is left out of `files`, and its syntax errors are
    /// in `diagnostics`. Options are not used.
    pub fn format_json(&self) -> String {
        outputs::format(self)
    }
}

/// Adds diagnostics found before the check in front of the check's own; an
/// error among them means nothing was checked (as the CLI does for paths it
/// cannot read).
fn prepend(outcome: &mut Outcome, diagnostics: Vec<Diagnostic>) {
    if diagnostics.iter().any(Diagnostic::is_error) {
        outcome.findings.clear();
    }
    outcome.diagnostics.splice(0..0, diagnostics);
}

/// The files of a JSON object of file name → text; anything else is a
/// `vakt::invalid-request` error (entries that are not strings are left out).
pub fn files_from_json(files_json: &str) -> (Files, Vec<Diagnostic>) {
    let mut files = Files::new();
    let mut diagnostics = Vec::new();
    let invalid = invalid_files;
    match serde_json::from_str::<serde_json::Value>(files_json) {
        Ok(serde_json::Value::Object(map)) => {
            for (name, text) in map {
                match text {
                    serde_json::Value::String(text) => {
                        files.insert(name, text);
                    }
                    other => diagnostics.push(invalid(format!(
                        "the text of file `{name}` is {}, not a string",
                        options::type_name(&other)
                    ))),
                }
            }
        }
        Ok(other) => diagnostics.push(invalid(format!(
            "the files are {}, not an object of file name to text",
            options::type_name(&other)
        ))),
        Err(e) => diagnostics.push(invalid(format!("the files are not valid JSON: {e}"))),
    }
    (files, diagnostics)
}

/// Pretty-printed JSON with a trailing newline, as the CLI prints JSON.
fn to_json(value: &impl serde::Serialize) -> String {
    match serde_json::to_string_pretty(value) {
        Ok(mut text) => {
            text.push('\n');
            text
        }
        // Plain DTOs always serialize; if one ever did not, say so in JSON.
        Err(e) => format!(
            "{{\"version\": {}, \"error\": {}}}\n",
            json::VERSION,
            serde_json::Value::String(e.to_string())
        ),
    }
}

/// A `vakt::invalid-request` error about the files of a request.
fn invalid_files(message: String) -> Diagnostic {
    Diagnostic::error(INVALID_REQUEST, message).with_help(
        "give the model as a JSON object of file name to source text: {\"model.vakt\": \"zone …\"}",
    )
}

#[cfg(test)]
mod tests;
