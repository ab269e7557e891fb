//! Parsing ahead: a large file is parsed on a second thread while the
//! caller's thread builds the model from the items parsed so far. Parsing
//! is about half of loading, so on two cores loading takes little more
//! than building alone.

use std::sync::mpsc;

use vakt_syntax::ast::Item;
use vakt_syntax::{Diagnostic, FileId, Items, PlainFlow};

/// What the parser hands the builder: an item, or a flow read without a
/// syntax tree (see [`PlainFlow`]).
pub(crate) enum Parsed<'i, 'a> {
    Item(&'i Item),
    Flow(&'i PlainFlow<'a>),
}

/// An item or plain flow on its way from the parsing thread.
#[expect(
    clippy::large_enum_variant,
    reason = "batches are reused, so flows are not boxed one allocation each"
)]
enum Piece<'a> {
    Item(Item),
    Flow(PlainFlow<'a>),
}

impl<'a> Piece<'a> {
    fn parsed(&self) -> Parsed<'_, 'a> {
        match self {
            Piece::Item(item) => Parsed::Item(item),
            Piece::Flow(flow) => Parsed::Flow(flow),
        }
    }
}

/// The next item or plain flow of a file.
fn next_piece<'a>(items: &mut Items<'a>) -> Option<Piece<'a>> {
    match items.next_plain_flow() {
        Some(flow) => Some(Piece::Flow(flow.clone())),
        None => items.next().map(Piece::Item),
    }
}

/// Items handed over at a time, and batches the parser may run ahead of
/// the builder: enough that neither often waits for the other (at 256 and
/// 8 the builder waited 40–165 ms for items on a 100,000-system model, at
/// 1,024 and 32 mostly 10–75 ms), few enough to hold little memory (a
/// plain flow is 768 bytes, so batches of flows hold about 25 MB at most).
const BATCH: usize = 1024;
const AHEAD: usize = 32;

/// Files smaller than this are parsed on the caller's thread: the second
/// thread costs about what it saves there (a 6 MB model of 10,000 systems
/// loads no faster with it; a 62 MB one of 100,000 does).
/// (Unit tests parse every file but empty ones ahead.)
pub(super) const MIN_BYTES: usize = if cfg!(test) { 1 } else { 8 << 20 };

/// Parses `text` on a second thread and calls `each` with every item, in
/// order, on this one; returns the file's syntax errors. Falls back to
/// parsing here if no thread can be started.
pub(super) fn parse_ahead(
    file: FileId,
    text: &str,
    each: &mut dyn FnMut(Parsed),
) -> Vec<Diagnostic> {
    std::thread::scope(|scope| {
        let (full_tx, full_rx) = mpsc::sync_channel::<Vec<Piece>>(AHEAD);
        // Batches the builder is done with go back, so the parser reuses
        // their buffers (and frees what it allocated on its own thread).
        let (spent_tx, spent_rx) = mpsc::channel::<Vec<Piece>>();
        let parser = std::thread::Builder::new()
            .name("vakt-parse".to_owned())
            .spawn_scoped(scope, move || {
                let mut items = Items::new(file, text);
                let mut done = false;
                while !done {
                    let mut batch = match spent_rx.try_recv() {
                        Ok(mut spent) => {
                            for piece in &mut spent {
                                if let Piece::Item(item) = piece {
                                    items.recycle(item);
                                }
                            }
                            spent.clear();
                            spent
                        }
                        Err(_) => Vec::with_capacity(BATCH),
                    };
                    while batch.len() < BATCH {
                        let Some(piece) = next_piece(&mut items) else {
                            done = true;
                            break;
                        };
                        batch.push(piece);
                    }
                    // The builder stops listening only if it is gone.
                    if full_tx.send(batch).is_err() {
                        break;
                    }
                }
                items.finish().1
            });
        let Ok(parser) = parser else {
            return parse_here(file, text, each);
        };
        for batch in full_rx {
            for piece in &batch {
                each(piece.parsed());
            }
            // The parser may have finished and stopped taking them back.
            let _ = spent_tx.send(batch);
        }
        parser.join().unwrap_or_else(|_| {
            vec![Diagnostic::error(
                "vakt::internal",
                "the parser stopped unexpectedly; the model may be incomplete",
            )]
        })
    })
}

/// Parses `text` on this thread, calling `each` with every item.
pub(super) fn parse_here(
    file: FileId,
    text: &str,
    each: &mut dyn FnMut(Parsed),
) -> Vec<Diagnostic> {
    let mut items = Items::new(file, text);
    loop {
        if let Some(flow) = items.next_plain_flow() {
            each(Parsed::Flow(flow));
            continue;
        }
        let Some(mut item) = items.next() else {
            break;
        };
        each(Parsed::Item(&item));
        items.recycle(&mut item);
    }
    items.finish().1
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use vakt_syntax::ast::Item;
    use vakt_syntax::{Diagnostic, FileId};

    use super::{AHEAD, BATCH, Parsed, parse_ahead, parse_here};
    use crate::{Input, NoFiles, Threads, load};

    /// A file of many more items than the parser may run ahead by, with
    /// syntax errors and comments spread through it.
    fn large_file() -> String {
        let mut text = String::from("zone z \"Z\" { trust = closed }\n");
        let mut i = 0;
        while i < 2 * AHEAD * BATCH {
            let _ = writeln!(text, "system s{i} \"S {i}\" {{ zone = z, stores = [c] }}");
            let _ = writeln!(text, "flow s{i} -> s{} {{ carries = [c] }}", i + 1);
            match i % 4001 {
                17 => text.push_str("system broken { zone = }\n"),
                1000 => text.push_str("// a comment\nuse \"elsewhere.vakt\"\n"),
                2000 => text.push_str("flow a -> { }\n"),
                _ => {}
            }
            i += 2;
        }
        text
    }

    #[test]
    fn parsing_ahead_yields_the_same_items_and_errors_in_order() {
        let text = large_file();
        type Parse = fn(FileId, &str, &mut dyn FnMut(Parsed)) -> Vec<Diagnostic>;
        let read = |parse: Parse| {
            let mut items = Vec::new();
            let diagnostics: Vec<vakt_syntax::Diagnostic> =
                parse(FileId(0), &text, &mut |parsed| match parsed {
                    Parsed::Item(item) => items.push(format!("{item:?}")),
                    Parsed::Flow(flow) => items.push(format!("{:?}", Item::Flow(flow.to_decl()))),
                });
            (items, format!("{diagnostics:?}"))
        };
        let (here, here_errors) = read(parse_here);
        let (ahead, ahead_errors) = read(parse_ahead);
        assert!(here.len() > 2 * AHEAD * BATCH, "{} items", here.len());
        assert!(here_errors.contains("vakt::syntax-error"), "{here_errors}");
        assert_eq!(here.len(), ahead.len());
        assert!(here == ahead, "the items differ");
        assert_eq!(here_errors, ahead_errors);
    }

    #[test]
    fn loading_on_two_threads_builds_the_same_model() {
        let files = [
            (
                "vestby.vakt",
                include_str!("../../../../examples/vestby.vakt"),
            ),
            ("bodo.vakt", include_str!("../../../../examples/bodo.vakt")),
            (
                "violations.vakt",
                include_str!("../../../../examples/violations.vakt"),
            ),
        ];
        let load_with = |threads| {
            let inputs = files
                .iter()
                .map(|(name, text)| Input {
                    name: (*name).to_owned(),
                    bytes: text.as_bytes().to_vec(),
                })
                .collect();
            load(inputs, &[], &[], &NoFiles, threads)
        };
        let (one, two) = (load_with(Threads::One), load_with(Threads::Two));
        assert!(one.model.entities(vakt_syntax::ast::Kind::Flow).len() > 20);
        assert_eq!(
            format!("{:?}", one.diagnostics),
            format!("{:?}", two.diagnostics)
        );
        assert_eq!(format!("{:?}", one.model), format!("{:?}", two.model));
    }
}
