//! The `vakt` binary: connects [`vakt_cli::run`] to the process.

use std::process::ExitCode;

fn main() -> ExitCode {
    let context = vakt_cli::Context::from_process();
    let mut stdin = std::io::stdin().lock();
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    let mut io = vakt_cli::Io {
        stdin: &mut stdin,
        stdout: &mut stdout,
        stderr: &mut stderr,
        context,
    };
    let status = vakt_cli::run(std::env::args_os(), &mut io);
    ExitCode::from(status.code())
}
