//! Reading the files of a model: the inputs, the files and built-in packs
//! they `use`, with cycle detection. Files come through the caller's
//! [`Loader`]; this crate does no I/O.

use rustc_hash::{FxHashMap, FxHashSet};
use vakt_syntax::ast::Item;
use vakt_syntax::{Diagnostic, FileId, Origin, Sources, Span, did_you_mean};

use crate::build::{Builder, Built};

mod ahead;

use ahead::Parsed;

/// The length in UTF-8 of U+FFFD, which replaces invalid bytes in the text.
const REPLACEMENT_LEN: u32 = 3;

/// Reads files named by `use` and `--rules`.
pub trait Loader {
    /// The bytes of the file at `path` (`/`-separated; relative to the
    /// working directory unless absolute), or why it cannot be read.
    fn read(&self, path: &str) -> Result<Vec<u8>, String>;
}

/// A loader that has no files (for inputs that use only built-in packs).
pub struct NoFiles;

impl Loader for NoFiles {
    fn read(&self, _path: &str) -> Result<Vec<u8>, String> {
        Err("no files are available here".to_owned())
    }
}

/// A built-in rule pack.
#[derive(Clone, Copy, Debug)]
pub struct Pack {
    /// The name `use` refers to it by (`kommune`).
    pub name: &'static str,
    /// Its source text.
    pub text: &'static str,
}

impl Pack {
    /// The name its source file is shown under.
    pub fn file_name(&self) -> String {
        format!("builtin/{}.vakt", self.name)
    }
}

/// A file given directly: a command-line argument, standard input, or a
/// file of an in-memory model.
#[derive(Clone, Debug)]
pub struct Input {
    /// The name to show (a path relative to the working directory, or `<stdin>`).
    pub name: String,
    /// Its contents.
    pub bytes: Vec<u8>,
}

/// Whether a `use` target names a built-in pack rather than a file.
pub fn is_pack_name(target: &str) -> bool {
    !target.contains('/') && !target.ends_with(".vakt")
}

/// How many threads a check uses: loading here, evaluation in
/// `vakt-rules`, reading files in the CLI.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Threads {
    /// Everything on the caller's thread (the only choice in WebAssembly).
    #[default]
    One,
    /// Two for large inputs: a large file is parsed on a second thread
    /// while the caller's builds the model from the items parsed so far,
    /// and the rules of a large model run over half of its entities on
    /// each. The model, findings and diagnostics are the same as with one.
    Two,
}

/// Reads `rules` (pack names or rule files, loaded first), then `inputs`,
/// and everything they `use`, each file once, and resolves them into a
/// model. Each file is parsed and added to the model item by item, so no
/// whole syntax tree is held.
pub fn load(
    inputs: Vec<Input>,
    rules: &[String],
    packs: &[Pack],
    loader: &dyn Loader,
    threads: Threads,
) -> Built {
    let mut state = State {
        threads,
        sources: Sources::new(),
        uses: Vec::new(),
        diagnostics: Vec::new(),
        builder: Builder::new(),
        by_key: FxHashMap::default(),
        packs,
        loader,
    };
    for target in rules {
        if let Some(file) = state.open_target(target, "", None) {
            state.follow_uses(file);
        }
    }
    for input in inputs {
        let key = normalize(&input.name);
        if state.by_key.contains_key(&key) {
            continue;
        }
        let file = state.add(key, input.bytes, Origin::User);
        state.follow_uses(file);
    }
    state.builder.finish(state.sources, state.diagnostics)
}

struct State<'a> {
    threads: Threads,
    sources: Sources,
    /// The `use` declarations of each file: target and span.
    uses: Vec<Vec<(String, Span)>>,
    diagnostics: Vec<Diagnostic>,
    builder: Builder,
    /// Normalized path or `builtin/NAME.vakt` → file.
    by_key: FxHashMap<String, FileId>,
    packs: &'a [Pack],
    loader: &'a dyn Loader,
}

impl State<'_> {
    /// Adds a file, parses it and adds its items to the model.
    fn add(&mut self, name: String, bytes: Vec<u8>, origin: Origin) -> FileId {
        let (text, utf8_error) = match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let len = e.utf8_error().error_len().unwrap_or(1);
                (
                    String::from_utf8_lossy(e.as_bytes()).into_owned(),
                    Some((at, len)),
                )
            }
        };
        let key = name.clone();
        let file = self.sources.add(name, text, origin);
        self.by_key.insert(key, file);
        let source = self
            .sources
            .get(file)
            .map(|f| f.shared_text())
            .unwrap_or_default();
        let mut uses = Vec::new();
        match utf8_error {
            Some((at, len)) => {
                let at = u32::try_from(at).unwrap_or(u32::MAX);
                self.diagnostics.push(
                    Diagnostic::error(
                        "vakt::invalid-utf8",
                        format!("the file is not valid UTF-8 (byte {at})"),
                    )
                    .with_label(
                        // The text holds U+FFFD where the bytes were invalid:
                        // the label covers it whole, on character boundaries.
                        Span::new(file, at, at.saturating_add(REPLACEMENT_LEN)),
                        format!("{len} invalid byte(s) here"),
                    )
                    .with_help("save the file as UTF-8"),
                );
            }
            None => {
                self.builder.start_file(source.len());
                let builder = &mut self.builder;
                let mut each = |parsed: Parsed| match parsed {
                    Parsed::Item(item) => {
                        if let Item::Use(u) = item {
                            uses.push((u.target.value.to_string(), u.span));
                        }
                        builder.add(item);
                    }
                    Parsed::Flow(flow) => builder.add_plain_flow(flow),
                };
                let diagnostics =
                    if self.threads == Threads::Two && source.len() >= ahead::MIN_BYTES {
                        ahead::parse_ahead(file, &source, &mut each)
                    } else {
                        ahead::parse_here(file, &source, &mut each)
                    };
                self.diagnostics.extend(diagnostics);
            }
        }
        self.uses.push(uses);
        file
    }

    /// Opens a `use` target (a pack name or a path relative to `base`),
    /// unless already open; reports problems at `at`.
    fn open_target(&mut self, target: &str, base: &str, at: Option<Span>) -> Option<FileId> {
        if is_pack_name(target) {
            let Some(pack) = self.packs.iter().find(|p| p.name == target) else {
                let names = self.packs.iter().map(|p| p.name);
                let help = match did_you_mean(target, names) {
                    Some(name) => format!("did you mean `{name}`?"),
                    None => format!(
                        "the built-in packs are {}; a file path needs a `/` or the `.vakt` extension",
                        self.packs
                            .iter()
                            .map(|p| format!("`{}`", p.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.report(
                    Diagnostic::error(
                        "vakt::unknown-pack",
                        format!("there is no built-in rule pack `{target}`"),
                    )
                    .with_help(help),
                    at,
                    "unknown pack",
                );
                return None;
            };
            let key = pack.file_name();
            if let Some(&file) = self.by_key.get(&key) {
                return Some(file);
            }
            return Some(self.add(key, pack.text.as_bytes().to_vec(), Origin::Builtin));
        }
        let path = join(base, target);
        if let Some(&file) = self.by_key.get(&path) {
            return Some(file);
        }
        match self.loader.read(&path) {
            Ok(bytes) => Some(self.add(path, bytes, Origin::User)),
            Err(reason) => {
                self.report(
                    Diagnostic::error(
                        "vakt::missing-file",
                        format!("cannot read `{path}`: {reason}"),
                    )
                    .with_help(
                        "check the path; `use` paths are relative to the file that contains them",
                    ),
                    at,
                    "used here",
                );
                None
            }
        }
    }

    fn report(&mut self, mut diagnostic: Diagnostic, at: Option<Span>, label: &str) {
        if let Some(span) = at {
            diagnostic.labels.insert(
                0,
                vakt_syntax::Label {
                    span,
                    message: Some(label.to_owned()),
                },
            );
        }
        self.diagnostics.push(diagnostic);
    }

    /// Loads everything `root` uses, depth first in source order, and
    /// reports `use` cycles.
    fn follow_uses(&mut self, root: FileId) {
        let mut stack: Vec<(FileId, usize)> = vec![(root, 0)];
        let mut on_stack: FxHashSet<FileId> = FxHashSet::default();
        on_stack.insert(root);
        let mut done: FxHashSet<FileId> = FxHashSet::default();
        while let Some(&mut (file, ref mut next)) = stack.last_mut() {
            let Some((target, span)) = self.nth_use(file, *next) else {
                on_stack.remove(&file);
                done.insert(file);
                stack.pop();
                continue;
            };
            *next += 1;
            let base = self.sources.name(file).to_owned();
            let known = self
                .key_of(&target, &base)
                .and_then(|k| self.by_key.get(&k).copied());
            if let Some(used) = known {
                if on_stack.contains(&used) {
                    self.report_cycle(&stack, used, span);
                }
                continue;
            }
            if let Some(used) = self.open_target(&target, &base, Some(span))
                && !done.contains(&used)
            {
                on_stack.insert(used);
                stack.push((used, 0));
            }
        }
    }

    fn key_of(&self, target: &str, base: &str) -> Option<String> {
        if is_pack_name(target) {
            self.packs
                .iter()
                .find(|p| p.name == target)
                .map(Pack::file_name)
        } else {
            Some(join(base, target))
        }
    }

    fn nth_use(&self, file: FileId, n: usize) -> Option<(String, Span)> {
        self.uses.get(file.index())?.get(n).cloned()
    }

    fn report_cycle(&mut self, stack: &[(FileId, usize)], used: FileId, at: Span) {
        let start = stack.iter().position(|(f, _)| *f == used).unwrap_or(0);
        let chain: Vec<&str> = stack
            .iter()
            .skip(start)
            .map(|(f, _)| self.sources.name(*f))
            .chain(std::iter::once(self.sources.name(used)))
            .collect();
        let chain = chain.join(" → ");
        self.diagnostics.push(
            Diagnostic::error("vakt::use-cycle", format!("`use` cycle: {chain}"))
                .with_label(at, "this `use` closes the cycle")
                .with_help("remove one of the `use` declarations; a file may use another only if that one does not use it back"),
        );
    }
}

/// Joins a `use` path to the folder of the using file and normalizes it.
fn join(base: &str, target: &str) -> String {
    if target.starts_with('/') {
        return normalize(target);
    }
    let folder = match base.rfind('/') {
        Some(at) => base.get(..=at).unwrap_or(""),
        None => "",
    };
    normalize(&format!("{folder}{target}"))
}

/// Removes `.` segments and resolves `..` where possible, lexically.
pub fn normalize(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            ".." if absolute => {}
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_relative_to_the_using_file() {
        assert_eq!(
            join("examples/vestby.vakt", "shared/a.vakt"),
            "examples/shared/a.vakt"
        );
        assert_eq!(
            join("examples/vestby.vakt", "../rules/x.vakt"),
            "rules/x.vakt"
        );
        assert_eq!(join("vestby.vakt", "./a.vakt"), "a.vakt");
        assert_eq!(join("<stdin>", "a.vakt"), "a.vakt");
        assert_eq!(join("a/b.vakt", "/etc/x.vakt"), "/etc/x.vakt");
        assert_eq!(normalize("../../x.vakt"), "../../x.vakt");
        assert_eq!(normalize("/../x.vakt"), "/x.vakt");
    }

    #[test]
    fn invalid_utf8_is_labelled_on_character_boundaries() {
        // Regression (fuzz target `check`): the label covered one byte of
        // the three-byte U+FFFD that replaces the invalid byte in the text.
        let input = Input {
            name: "a.vakt".to_owned(),
            bytes: b"zone a \"\xffb\" { trust = closed }".to_vec(),
        };
        let built = load(vec![input], &[], &[], &NoFiles, Threads::One);
        let [diagnostic] = built.diagnostics.as_slice() else {
            panic!("{:?}", built.diagnostics);
        };
        assert_eq!(diagnostic.code, "vakt::invalid-utf8");
        let span = diagnostic.primary_span().unwrap();
        let text = built.model.sources.get(span.file).unwrap().text();
        assert_eq!(text.get(span.range()), Some("\u{fffd}"));
    }

    #[test]
    fn pack_names_have_no_slash_or_extension() {
        assert!(is_pack_name("kommune"));
        assert!(!is_pack_name("kommune.vakt"));
        assert!(!is_pack_name("./kommune"));
    }
}
