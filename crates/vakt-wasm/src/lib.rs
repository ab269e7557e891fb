//! vakt compiled to WebAssembly (SPEC §7): thin `#[wasm_bindgen]` shells
//! over the JSON API of [`vakt::api`], which is where the behaviour lives
//! and is tested (natively): `check`, `check_status`, `rules`, `explain`,
//! `graph` and `format`.
//!
//! Every export takes the model as a plain object (or a `Map`) of file name
//! → source text, or the same as a JSON string, and the options as an
//! object, a JSON string or `undefined`; each returns JSON text. None
//! throws: a request that cannot be read is answered with a
//! `vakt::invalid-request` or `vakt::invalid-options` diagnostic, and
//! nothing in vakt panics.

use js_sys::{Array, JSON, Map, Object, Reflect};
use vakt::api::{Files, Request};
use wasm_bindgen::prelude::*;

/// Logs a panic to the console; there should never be one.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The version of vakt.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Checks a model: the JSON object of SPEC §6, exactly as `vakt check
/// --format json` prints it.
#[wasm_bindgen]
pub fn check(files: JsValue, options: JsValue) -> String {
    request(&files, &options).check_json()
}

/// Checks a model: `{"exit_code": N, "result": OBJECT}`, with the exit code
/// `vakt check` would give under the `fail_on` option.
#[wasm_bindgen]
pub fn check_status(files: JsValue, options: JsValue) -> String {
    request(&files, &options).check_status_json()
}

/// The active rules under the options (the files may hold `rules` files).
#[wasm_bindgen]
pub fn rules(files: JsValue, options: JsValue) -> String {
    request(&files, &options).rules_json()
}

/// One rule: its title, severity, origin, cite, help and source.
#[wasm_bindgen]
pub fn explain(rule: JsValue, files: JsValue, options: JsValue) -> String {
    let rule = rule.as_string().unwrap_or_default();
    request(&files, &options).explain_json(&rule)
}

/// The model's data-flow graph as `vakt graph --format FORMAT` prints it
/// (`dot`, `mermaid` or `json`; the `category` option is `--category`).
#[wasm_bindgen]
pub fn graph(files: JsValue, format: JsValue, options: JsValue) -> String {
    let format = match format.as_string() {
        Some(format) => format,
        None if format.is_undefined() => "dot".to_owned(),
        None => type_of(&format),
    };
    request(&files, &options).graph_json(&format)
}

/// Every file of the model formatted as `vakt fmt` would write it.
#[wasm_bindgen]
pub fn format(files: JsValue, options: JsValue) -> String {
    request(&files, &options).format_json()
}

/// The request for JS arguments.
fn request(files: &JsValue, options: &JsValue) -> Request {
    let options = match options_json(options) {
        Ok(options) => options,
        Err(problem) => return Request::invalid(&format!("cannot read the options: {problem}")),
    };
    if let Some(text) = files.as_string() {
        return Request::from_json(&text, &options);
    }
    let (files, problems) = read_files(files);
    Request::new(files, &options).with_file_problems(problems)
}

/// The options as JSON text: a string as it is, `undefined` and `null` as
/// the defaults, anything else through `JSON.stringify`.
fn options_json(value: &JsValue) -> Result<String, String> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    if value.is_undefined() || value.is_null() {
        return Ok(String::new());
    }
    match JSON::stringify(value) {
        Ok(text) => Ok(String::from(text)),
        Err(error) => Err(describe(&error)),
    }
}

/// The files of an object or `Map` of name → text, and a problem for each
/// entry that is not a string (and for anything that is not such a map).
/// Strings cross into Rust as UTF-8: a lone surrogate becomes U+FFFD.
fn read_files(value: &JsValue) -> (Files, Vec<String>) {
    let mut read = Read::default();
    if value.is_undefined() || value.is_null() {
    } else if let Some(map) = value.dyn_ref::<Map>() {
        map.for_each(&mut |text, name| read.add(&name, &text));
    } else if value.is_object() && !Array::is_array(value) {
        for name in Object::keys(value.unchecked_ref::<Object>()).iter() {
            match Reflect::get(value, &name) {
                Ok(text) => read.add(&name, &text),
                Err(error) => read.problems.push(format!(
                    "cannot read file `{}`: {}",
                    name.as_string().unwrap_or_default(),
                    describe(&error)
                )),
            }
        }
    } else {
        read.problems.push(format!(
            "the files are {}, not an object of file name to text",
            type_of(value)
        ));
    }
    (read.files, read.problems)
}

/// Files read so far, and problems.
#[derive(Default)]
struct Read {
    files: Files,
    problems: Vec<String>,
}

impl Read {
    fn add(&mut self, name: &JsValue, text: &JsValue) {
        let name = name.as_string().unwrap_or_else(|| describe(name));
        match text.as_string() {
            Some(text) => {
                self.files.insert(name, text);
            }
            None => self.problems.push(format!(
                "the text of file `{name}` is {}, not a string",
                type_of(text)
            )),
        }
    }
}

/// `typeof value`, with arrays and `null` told apart.
fn type_of(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_owned()
    } else if Array::is_array(value) {
        "a list".to_owned()
    } else {
        value
            .js_typeof()
            .as_string()
            .map_or_else(|| "something else".to_owned(), |t| with_article(&t))
    }
}

/// `an object`, `a number`.
fn with_article(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

/// A thrown value as text, as `String(value)` gives it.
fn describe(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.to_string()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}
