//! The options of an API request, read from JSON with a diagnostic for every
//! problem instead of an error.

use serde_json::Value;
use vakt_syntax::{Date, Diagnostic, did_you_mean};

use super::INVALID_OPTIONS;
use crate::check::{CheckOptions, FailOn};

/// The option keys, in the order they are documented.
const KEYS: &[&str] = &[
    "inputs",
    "rules",
    "no_default_rules",
    "today",
    "fail_on",
    "category",
];

/// The options of a request (see the [module docs](crate::api)).
#[derive(Clone, Debug, Default)]
pub struct ApiOptions {
    /// `inputs`: the files to check (the others are only there to be
    /// `use`d or named in `rules`); none means every file.
    pub inputs: Option<Vec<String>>,
    /// `rules`, `no_default_rules` and `today`.
    pub check: CheckOptions,
    /// `fail_on`: what makes the exit code 1.
    pub fail_on: FailOn,
    /// `category`: draw only the flows of this category (`vakt graph
    /// --category`).
    pub category: Option<String>,
}

impl ApiOptions {
    /// Reads options from JSON. Invalid options are left at their defaults
    /// and reported: a value of the wrong type or form is an error (as bad
    /// usage is for the CLI), an unknown key a warning.
    pub fn from_json(json: &str) -> (ApiOptions, Vec<Diagnostic>) {
        let mut options = ApiOptions::default();
        let mut diagnostics = Vec::new();
        if json.trim().is_empty() {
            return (options, diagnostics);
        }
        let map = match serde_json::from_str::<Value>(json) {
            Ok(Value::Object(map)) => map,
            Ok(Value::Null) => return (options, diagnostics),
            Ok(other) => {
                diagnostics.push(invalid(format!(
                    "the options are {}, not an object",
                    type_name(&other)
                )));
                return (options, diagnostics);
            }
            Err(e) => {
                diagnostics.push(invalid(format!("the options are not valid JSON: {e}")));
                return (options, diagnostics);
            }
        };
        for (key, value) in &map {
            if let Err(problem) = options.set(key, value) {
                diagnostics.push(problem);
            }
        }
        (options, diagnostics)
    }

    fn set(&mut self, key: &str, value: &Value) -> Result<(), Diagnostic> {
        match key {
            "inputs" => self.inputs = Some(strings(key, value)?),
            "rules" => self.check.rules = strings(key, value)?,
            "no_default_rules" => self.check.default_rules = !boolean(key, value)?,
            "today" => {
                let text = string(key, value)?;
                let date = Date::parse(text).ok_or_else(|| {
                    invalid(format!(
                        "`today` is `{text}`, not a date of the form YYYY-MM-DD"
                    ))
                })?;
                self.check.today = Some(date);
            }
            "category" => self.category = Some(string(key, value)?.to_owned()),
            "fail_on" => {
                let text = string(key, value)?;
                self.fail_on = FailOn::parse(text).ok_or_else(|| {
                    invalid(format!(
                        "`fail_on` is `{text}`, not `error`, `warning`, `info` or `never`"
                    ))
                })?;
            }
            _ => {
                let help = match did_you_mean(key, KEYS.iter().copied()) {
                    Some(known) => format!("did you mean `{known}`?"),
                    None => format!("the options are {}", list(KEYS)),
                };
                return Err(Diagnostic::warning(
                    INVALID_OPTIONS,
                    format!("unknown option `{key}` is ignored"),
                )
                .with_help(help));
            }
        }
        Ok(())
    }
}

fn invalid(message: String) -> Diagnostic {
    Diagnostic::error(INVALID_OPTIONS, message).with_help(format!(
        "options are a JSON object with the keys {}, each optional",
        list(KEYS)
    ))
}

fn wrong_type(key: &str, expected: &str, value: &Value) -> Diagnostic {
    invalid(format!("`{key}` is {}, not {expected}", type_name(value)))
}

fn string<'a>(key: &str, value: &'a Value) -> Result<&'a str, Diagnostic> {
    value
        .as_str()
        .ok_or_else(|| wrong_type(key, "a string", value))
}

fn boolean(key: &str, value: &Value) -> Result<bool, Diagnostic> {
    value
        .as_bool()
        .ok_or_else(|| wrong_type(key, "true or false", value))
}

fn strings(key: &str, value: &Value) -> Result<Vec<String>, Diagnostic> {
    let items = value
        .as_array()
        .ok_or_else(|| wrong_type(key, "a list of strings", value))?;
    items
        .iter()
        .map(|item| {
            item.as_str()
                .map(str::to_owned)
                .ok_or_else(|| wrong_type(key, "a list of strings", value))
        })
        .collect()
}

/// `a`, `b` and `c`.
fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// What kind of JSON value this is, for messages.
pub(super) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
