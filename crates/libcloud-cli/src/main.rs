//! The `libcloud` command with every provider compiled into this build.

use std::process::ExitCode;

fn main() -> ExitCode {
    libcloud_cli::run(libcloud::Registry::builtin())
}
