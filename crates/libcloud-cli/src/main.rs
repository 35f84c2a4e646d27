//! The `libcloud` command: one command line over every libcloud-rs provider.
//!
//! A failure prints one line on stderr, `error[KIND]: TEXT`, where `KIND` is the
//! portable error kind (`not_found`, `invalid_credentials`, `rate_limited`, …) and `TEXT`
//! names the provider, operation, provider code, message and request id.

mod cli;
mod commands;
mod config;
mod interrupt;
mod logging;
mod output;
mod progress;
mod rows;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use libcloud::{Error, ErrorKind};

fn main() -> ExitCode {
    // Usage errors, `--help` and `--version` exit here, through clap (code 2 for usage).
    let cli = cli::Cli::parse();
    logging::init(cli.global.verbose);
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("cannot start the async runtime", e))
        .map(|runtime| runtime.block_on(interrupt::run_until_signal(commands::run(cli))));
    let result = match result {
        Ok(interrupt::Outcome::Finished(result)) => result,
        Ok(interrupt::Outcome::Interrupted) => return ExitCode::from(interrupt::INTERRUPTED_EXIT),
        Err(err) => Err(err),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if output::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::debug!(kind = %err.kind(), "command failed");
            // A closed stderr must not turn the failure into a panic (exit 101).
            let _ = writeln!(
                std::io::stderr(),
                "error[{}]: {}",
                err.kind(),
                one_line(&err.to_string())
            );
            exit_code(&err)
        }
    }
}

/// 2 for configuration errors (like usage errors), 1 for everything else.
fn exit_code(err: &Error) -> ExitCode {
    match err.kind() {
        ErrorKind::Configuration => ExitCode::from(2),
        _ => ExitCode::FAILURE,
    }
}

/// Error text on one line, whatever the provider put in its message.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_text_is_folded_onto_one_line() {
        assert_eq!(one_line("a\n  b\r\n\nc  "), "a b c");
        assert_eq!(one_line("plain"), "plain");
    }

    #[test]
    fn configuration_errors_exit_2() {
        assert_eq!(
            exit_code(&Error::new(ErrorKind::Configuration, "bad file")),
            ExitCode::from(2)
        );
        assert_eq!(exit_code(&Error::not_found("x")), ExitCode::FAILURE);
    }
}
