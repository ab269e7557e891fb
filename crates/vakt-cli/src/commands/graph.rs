//! `vakt graph`: the model's data flows as DOT, Mermaid or JSON.

use vakt::output::graph::{self, GraphOptions};

use super::{emit, load, loaded, usage_error};
use crate::args::{GraphArgs, GraphFormat};
use crate::write::Stop;
use crate::{ExitStatus, Io};

pub(super) fn run(args: GraphArgs, io: &mut Io<'_>) -> Result<ExitStatus, Stop> {
    let outcome = load(args.model, io);
    if let Some(status) = loaded(&outcome, io)? {
        return Ok(status);
    }
    let options = GraphOptions {
        category: args.category,
    };
    if let Some(diagnostic) = graph::check_options(&outcome, &options) {
        return usage_error(diagnostic, io);
    }
    let text = match args.format {
        GraphFormat::Dot => graph::dot(&outcome, &options),
        GraphFormat::Mermaid => graph::mermaid(&outcome, &options),
        GraphFormat::Json => graph::json(&outcome, &options),
    };
    emit(args.output.as_deref(), &text, io)?;
    Ok(ExitStatus::Success)
}
