//! The three clients `swift-transfer` times, and their command lines.

use std::path::{Path, PathBuf};

/// Which way a transfer goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Local file to object.
    Put,
    /// Object to local file.
    Get,
}

/// A client of the benchmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Client {
    /// `libcloud --provider openstack storage put|get` (release build).
    Ours {
        /// The `libcloud` binary.
        bin: PathBuf,
    },
    /// `bench/python/swift_transfer.py` on Apache Libcloud.
    Libcloud {
        /// The virtual environment's Python.
        python: PathBuf,
        /// The driver script.
        script: PathBuf,
    },
    /// python-swiftclient's `swift upload --use-slo` / `swift download`.
    SwiftClient {
        /// The `swift` program of the virtual environment.
        swift: PathBuf,
    },
}

impl Client {
    /// The program to start.
    pub fn program(&self) -> &Path {
        match self {
            Client::Ours { bin } => bin,
            Client::Libcloud { python, .. } => python,
            Client::SwiftClient { swift } => swift,
        }
    }

    /// The object this client writes (each its own, so no client reads another's).
    pub fn key(&self) -> &'static str {
        match self {
            Client::Ours { .. } => "ours.bin",
            Client::Libcloud { .. } => "libcloud.bin",
            Client::SwiftClient { .. } => "swiftclient.bin",
        }
    }

    /// Its arguments for moving `file` one way, segments of `segment` bytes on upload.
    pub fn args(
        &self,
        direction: Direction,
        container: &str,
        file: &Path,
        segment: u64,
    ) -> Vec<String> {
        let file = file.display().to_string();
        let object = format!("{container}/{}", self.key());
        match (self, direction) {
            (Client::Ours { .. }, Direction::Put) => vec![
                "--provider".into(),
                "openstack".into(),
                "storage".into(),
                "put".into(),
                file,
                object,
            ],
            (Client::Ours { .. }, Direction::Get) => vec![
                "--provider".into(),
                "openstack".into(),
                "storage".into(),
                "get".into(),
                object,
                file,
            ],
            (Client::Libcloud { script, .. }, d) => vec![
                script.display().to_string(),
                match d {
                    Direction::Put => "put".into(),
                    Direction::Get => "get".into(),
                },
                "--container".into(),
                container.into(),
                "--key".into(),
                self.key().into(),
                "--segment-size".into(),
                segment.to_string(),
                file,
            ],
            (Client::SwiftClient { .. }, Direction::Put) => vec![
                "upload".into(),
                "--use-slo".into(),
                "--segment-size".into(),
                segment.to_string(),
                "--object-name".into(),
                self.key().into(),
                container.into(),
                file,
            ],
            (Client::SwiftClient { .. }, Direction::Get) => vec![
                "download".into(),
                container.into(),
                self.key().into(),
                "--output".into(),
                file,
            ],
        }
    }

    /// A label for tables and progress lines.
    pub fn label(&self) -> &'static str {
        match self {
            Client::Ours { .. } => "libcloud-rs CLI",
            Client::Libcloud { .. } => "Apache Libcloud",
            Client::SwiftClient { .. } => "python-swiftclient",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_client_moves_its_own_object() {
        let ours = Client::Ours {
            bin: "/w/libcloud".into(),
        };
        assert_eq!(
            ours.args(Direction::Put, "bench", Path::new("/s/f"), 16)
                .join(" "),
            "--provider openstack storage put /s/f bench/ours.bin"
        );
        let swift = Client::SwiftClient {
            swift: "/venv/bin/swift".into(),
        };
        let up = swift.args(Direction::Put, "bench", Path::new("/s/f"), 16777216);
        assert!(up.windows(2).any(|w| w == ["--segment-size", "16777216"]));
        assert!(up.contains(&"--use-slo".to_string()));
        let lib = Client::Libcloud {
            python: "/venv/python".into(),
            script: "/w/swift_transfer.py".into(),
        };
        assert_eq!(
            lib.args(Direction::Get, "bench", Path::new("/s/f"), 1)[1],
            "get"
        );
        assert_ne!(lib.key(), swift.key());
    }
}
