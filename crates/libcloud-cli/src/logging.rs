//! Log output on stderr: `-v` levels, else `RUST_LOG`, else errors only (retries and
//! other warnings show from `-v` on, so a failure stays one line).

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// The filter for `verbose` occurrences of `-v`, when given.
fn level(verbose: u8) -> Option<&'static str> {
    match verbose {
        0 => None,
        1 => Some("info"),
        2 => Some("debug"),
        _ => Some("trace"),
    }
}

/// Installs the stderr logger. `-v` flags win over `RUST_LOG`; an unusable `RUST_LOG`
/// falls back to errors only.
pub fn init(verbose: u8) {
    let filter = match level(verbose) {
        Some(level) => EnvFilter::new(level),
        None => EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("error")),
    };
    // Ignoring the result: it only fails when a logger is installed already.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_v_means_more_detail() {
        assert_eq!(level(0), None);
        assert_eq!(level(1), Some("info"));
        assert_eq!(level(2), Some("debug"));
        assert_eq!(level(3), Some("trace"));
        assert_eq!(level(9), Some("trace"));
    }
}
