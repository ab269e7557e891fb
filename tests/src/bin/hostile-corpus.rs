//! Writes the hostile corpus (`vakt_tests::hostile::corpus`) to a
//! directory as `NAME.vakt` files, and lists each with the diagnostic code
//! it must get (`-` for a file that must load):
//!
//! ```text
//! cargo run -p vakt-tests --bin hostile-corpus -- DIR
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: hostile-corpus DIR");
        return ExitCode::from(2);
    };
    for case in vakt_tests::hostile::corpus() {
        let path = dir.join(format!("{}.vakt", case.name));
        #[expect(
            clippy::disallowed_methods,
            reason = "this tool writes the corpus to disk"
        )]
        if let Err(e) = std::fs::write(&path, &case.bytes) {
            eprintln!("hostile-corpus: {}: {e}", path.display());
            return ExitCode::from(2);
        }
        println!("{} {}", case.name, case.expect.unwrap_or("-"));
    }
    ExitCode::SUCCESS
}
