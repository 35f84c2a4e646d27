//! The `libcloud` command: one command line over every libcloud-rs provider, as a
//! library so that a binary can carry providers of its own.
//!
//! `cargo install libcloud-cli` installs the `libcloud` binary, which runs
//! [`run`] with [`Registry::builtin`]. A third-party driver crate ships its own
//! `libcloud` with the built-ins plus itself:
//!
//! ```no_run
//! use std::process::ExitCode;
//!
//! # #[derive(Debug)] struct MyFactory;
//! # #[async_trait::async_trait]
//! # impl libcloud::DriverFactory for MyFactory {
//! #     fn meta(&self) -> libcloud::ProviderMeta {
//! #         libcloud::ProviderMeta {
//! #             id: "mine".into(),
//! #             name: "Mine".into(),
//! #             areas: vec![],
//! #             lifecycle: libcloud::Lifecycle::Active,
//! #             api_reference: String::new(),
//! #             package: libcloud::this_crate!(),
//! #         }
//! #     }
//! #     async fn connect(&self, _: &libcloud::ProviderConfig)
//! #         -> libcloud::Result<std::sync::Arc<dyn libcloud::Session>> {
//! #         Ok(std::sync::Arc::new(libcloud::AreaSession::new("mine")))
//! #     }
//! # }
//! fn main() -> ExitCode {
//!     let mut registry = libcloud::Registry::builtin();
//!     registry
//!         .register(std::sync::Arc::new(MyFactory))
//!         .expect("no built-in provider has this id");
//!     libcloud_cli::run(registry)
//! }
//! ```
//!
//! A failure prints one line on stderr, `error[KIND]: TEXT`, where `KIND` is the
//! portable error kind (`not_found`, `invalid_credentials`, `rate_limited`, …) and `TEXT`
//! names the provider, operation, provider code, message and request id.

mod cli;
mod commands;
mod config;
mod deploy_order;
mod interrupt;
mod logging;
mod output;
mod progress;
mod rows;
mod version;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use libcloud::{Error, ErrorKind, Registry};

/// Runs the command line of this process with the providers of `registry`, and returns
/// the exit code: 0 on success, 1 on a failure, 2 on a usage or configuration error,
/// 130 after Ctrl-C or SIGTERM.
pub fn run(registry: Registry) -> ExitCode {
    run_with_args(registry, std::env::args_os())
}

/// [`run`] with the given arguments (the first is the program name) instead of the
/// process's own.
pub fn run_with_args(registry: Registry, args: impl IntoIterator<Item = OsString>) -> ExitCode {
    // Usage errors, `--help` and `--version` exit here, through clap (code 2 for usage).
    let cli = cli::parse(&registry, args);
    logging::init(cli.global.verbose);
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("cannot start the async runtime", e))
        .map(|runtime| runtime.block_on(interrupt::run_until_signal(commands::run(cli, registry))));
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
