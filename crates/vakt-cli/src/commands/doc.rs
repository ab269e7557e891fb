//! `vakt doc`: a record of processing activities (GDPR art. 30) in Markdown.

use vakt::output::doc::{self, DocOptions, Lang};

use super::{emit, load, loaded};
use crate::args::{self, DocArgs};
use crate::write::Stop;
use crate::{ExitStatus, Io};

pub(super) fn run(args: DocArgs, io: &mut Io<'_>) -> Result<ExitStatus, Stop> {
    let outcome = load(args.model, io);
    if let Some(status) = loaded(&outcome, io)? {
        return Ok(status);
    }
    let lang = match args.lang {
        args::Lang::Nb => Lang::Nb,
        args::Lang::En => Lang::En,
    };
    let text = doc::render(&outcome, &DocOptions { lang });
    emit(args.output.as_deref(), &text, io)?;
    Ok(ExitStatus::Success)
}
