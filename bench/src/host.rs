//! Host tools the transfer benchmarks lean on: `curl`, the reference client, and
//! `sync`, run between timed transfers.

use std::process::{Command, Stdio};

use crate::{Error, Result};

/// `curl` and its version (e.g. `curl 7.88.1`), for the table headings; an error when
/// curl cannot be run.
pub fn curl_label() -> Result<String> {
    let out = Command::new("curl")
        .arg("--version")
        .output()
        .map_err(|e| Error::msg(format!("curl is needed as the reference client: {e}")))?;
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" "))
}

/// Writes dirty pages out before a timed run (untimed), so the disk writes one run left
/// behind do not land in the next run's figures.
pub fn settle() {
    let _ = Command::new("sync")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_is_named_with_its_version() {
        let label = curl_label().expect("curl is installed where the benchmarks run");
        let mut words = label.split(' ');
        assert_eq!(words.next(), Some("curl"));
        assert!(words.next().is_some_and(|v| v.contains('.')), "{label}");
    }
}
