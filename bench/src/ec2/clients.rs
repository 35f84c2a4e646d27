//! The two clients `ec2-list` times, how each is started against the replay server, and
//! how the number of nodes it listed is read from its output.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{Error, Result};

/// A client of the benchmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Client {
    /// `libcloud nodes list --output json` (release build).
    Ours {
        /// The `libcloud` binary.
        bin: PathBuf,
    },
    /// `bench/python/ec2_list.py` on Apache Libcloud.
    Libcloud {
        /// The virtual environment's Python.
        python: PathBuf,
        /// The driver script.
        script: PathBuf,
    },
}

impl Client {
    /// The program to start.
    pub fn program(&self) -> &Path {
        match self {
            Client::Ours { bin } => bin,
            Client::Libcloud { python, .. } => python,
        }
    }

    /// Its arguments for a server at `127.0.0.1:port`.
    pub fn args(&self, port: u16) -> Vec<String> {
        match self {
            Client::Ours { .. } => [
                "--provider",
                "ec2",
                "--endpoint",
                &format!("http://127.0.0.1:{port}"),
                "--region",
                "us-east-1",
                "nodes",
                "list",
                "--output",
                "json",
            ]
            .map(String::from)
            .to_vec(),
            Client::Libcloud { script, .. } => vec![
                script.display().to_string(),
                "--port".into(),
                port.to_string(),
            ],
        }
    }

    /// Adds the arguments to `cmd`.
    pub fn apply(&self, cmd: &mut Command, port: u16) {
        cmd.args(self.args(port));
    }

    /// Whether its standard output can go to `/dev/null` in timed runs: ours prints the
    /// whole list (counted once, in the check run), the script prints only the count.
    pub fn output_is_the_list(&self) -> bool {
        matches!(self, Client::Ours { .. })
    }

    /// The number of nodes the client reported in `stdout`.
    pub fn count(&self, stdout: &[u8]) -> Result<u64> {
        match self {
            Client::Ours { .. } => count_json_list(stdout),
            Client::Libcloud { .. } => count_line(stdout),
        }
    }
}

/// The length of the JSON array `libcloud … --output json` prints.
pub fn count_json_list(stdout: &[u8]) -> Result<u64> {
    let value: serde_json::Value = serde_json::from_slice(stdout)
        .map_err(|e| Error::msg(format!("the CLI's output is not JSON: {e}")))?;
    value
        .as_array()
        .map(|a| a.len() as u64)
        .ok_or_else(|| Error::msg("the CLI's output is not a JSON list"))
}

/// The number the Python script prints.
pub fn count_line(stdout: &[u8]) -> Result<u64> {
    let text = String::from_utf8_lossy(stdout);
    text.trim()
        .parse()
        .map_err(|_| Error::msg(format!("expected a node count, got {:?}", text.trim())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ours_runs_the_documented_command_line() {
        let c = Client::Ours {
            bin: "/w/target/release/libcloud".into(),
        };
        assert_eq!(
            c.args(4242).join(" "),
            "--provider ec2 --endpoint http://127.0.0.1:4242 --region us-east-1 nodes list --output json"
        );
        assert_eq!(c.program(), Path::new("/w/target/release/libcloud"));
        assert!(c.output_is_the_list());
    }

    #[test]
    fn libcloud_runs_the_script_with_the_port() {
        let c = Client::Libcloud {
            python: "/venv/bin/python".into(),
            script: "/w/bench/python/ec2_list.py".into(),
        };
        assert_eq!(c.args(80), ["/w/bench/python/ec2_list.py", "--port", "80"]);
        assert_eq!(c.program(), Path::new("/venv/bin/python"));
        assert!(!c.output_is_the_list());
    }

    #[test]
    fn counts_are_read_from_each_output() {
        let ours = Client::Ours { bin: "x".into() };
        assert_eq!(
            ours.count(b"[{\"id\":\"i-1\"},{\"id\":\"i-2\"}]\n")
                .unwrap(),
            2
        );
        assert_eq!(ours.count(b"[]").unwrap(), 0);
        assert!(ours.count(b"[{\"id\":\"i-1\"},").is_err(), "a cut-off list");
        assert!(ours.count(b"{\"id\":1}").is_err());
        let theirs = Client::Libcloud {
            python: "p".into(),
            script: "s".into(),
        };
        assert_eq!(theirs.count(b"10000\n").unwrap(), 10_000);
        assert!(theirs.count(b"Traceback").is_err());
    }
}
