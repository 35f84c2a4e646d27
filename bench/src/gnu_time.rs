//! GNU time, the small launcher every client runs under.
//!
//! Linux records the memory high-water mark of the address space a process replaces at
//! `exec` as that process's own peak RSS. A client started straight from the
//! benchmark (whose replay server holds the whole fleet) would therefore report at
//! least the benchmark's own peak. Started by GNU time instead, it replaces a copy of
//! GNU time's tiny address space, and GNU time reports the client's real peak (`%M`).

use std::path::Path;
use std::process::Command;

use crate::{Error, Result};

/// Where GNU time lives on Debian.
pub const GNU_TIME: &str = "/usr/bin/time";

/// Installs GNU time with `apt-get` when it is missing.
pub fn ensure() -> Result<()> {
    if Path::new(GNU_TIME).is_file() {
        return Ok(());
    }
    eprintln!("bench: {GNU_TIME} is missing; installing it with apt-get");
    let install = || {
        Command::new("apt-get")
            .args(["install", "-y", "-q", "time"])
            .status()
            .is_ok_and(|s| s.success())
    };
    let updated_then_installed = || {
        Command::new("apt-get")
            .args(["update", "-q"])
            .status()
            .is_ok_and(|s| s.success())
            && install()
    };
    if (install() || updated_then_installed()) && Path::new(GNU_TIME).is_file() {
        Ok(())
    } else {
        Err(Error::msg(format!(
            "{GNU_TIME} (GNU time) is needed to measure clients: install the `time` package"
        )))
    }
}

/// The peak RSS in bytes from a report written with `-f %M`: the last line holding a
/// number (GNU time writes a line about a failure status before it).
pub fn max_rss(report: &str) -> Option<u64> {
    report
        .lines()
        .rev()
        .find_map(|l| l.trim().parse::<u64>().ok())
        .map(|kib| kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peak_rss_is_read_in_kib() {
        assert_eq!(max_rss("12345\n"), Some(12345 * 1024));
        assert_eq!(
            max_rss("Command exited with non-zero status 3\n2048\n"),
            Some(2048 * 1024)
        );
        assert_eq!(max_rss("Command terminated by signal 9\n"), None);
        assert_eq!(max_rss(""), None);
    }
}
