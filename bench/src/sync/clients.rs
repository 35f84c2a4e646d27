//! The three clients `sync` times and how each is told to sync a directory into a
//! bucket of the S3 server on 127.0.0.1: its program, its arguments and the variables
//! it needs beyond the sandbox's clean environment. Each runs with its own defaults
//! (concurrency, part size, what it compares).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The region every client signs for.
pub const REGION: &str = "us-east-1";
/// The name of rclone's remote, configured by environment variables.
pub const RCLONE_REMOTE: &str = "bench";

/// A client of the benchmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Client {
    /// `libcloud storage sync` (release build).
    Ours {
        /// The `libcloud` binary.
        bin: PathBuf,
    },
    /// `rclone sync` (Debian's package) with an S3 remote from environment variables.
    Rclone {
        /// The `rclone` binary.
        bin: PathBuf,
        /// The (empty) configuration file it is pointed at, so it reads none of the
        /// caller's.
        config: PathBuf,
    },
    /// `aws s3 sync` (PyPI `awscli` in the benchmark's virtual environment).
    Aws {
        /// The venv's `aws`.
        bin: PathBuf,
    },
}

/// Where a sync goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target<'a> {
    /// The server's port on 127.0.0.1.
    pub port: u16,
    /// Access key and secret key the server checks signatures with.
    pub keys: (&'a str, &'a str),
    /// The bucket.
    pub bucket: &'a str,
    /// The local directory synced.
    pub dir: &'a Path,
}

impl Target<'_> {
    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Client {
    /// A short name, for bucket names and logs.
    pub fn key(&self) -> &'static str {
        match self {
            Client::Ours { .. } => "ours",
            Client::Rclone { .. } => "rclone",
            Client::Aws { .. } => "aws",
        }
    }

    /// The program to start.
    pub fn program(&self) -> &Path {
        match self {
            Client::Ours { bin } | Client::Rclone { bin, .. } | Client::Aws { bin } => bin,
        }
    }

    /// The arguments that sync `t.dir` into `t.bucket`.
    pub fn args(&self, t: &Target<'_>) -> Vec<OsString> {
        let dir = OsString::from(t.dir);
        let words = |w: &[&str]| w.iter().map(OsString::from).collect::<Vec<_>>();
        match self {
            Client::Ours { .. } => {
                let mut args = words(&["--endpoint", &t.endpoint(), "--region", REGION]);
                args.extend(words(&["--output", "json", "storage", "sync"]));
                args.push(dir);
                args.push(format!("s3:{}/", t.bucket).into());
                args
            }
            Client::Rclone { .. } => {
                let mut args = words(&["sync"]);
                args.push(dir);
                args.push(format!("{RCLONE_REMOTE}:{}/", t.bucket).into());
                args
            }
            Client::Aws { .. } => {
                let mut args = words(&["--endpoint-url", &t.endpoint(), "s3", "sync"]);
                args.push(dir);
                args.push(format!("s3://{}/", t.bucket).into());
                args.extend(words(&["--no-progress"]));
                args
            }
        }
    }

    /// Variables the client needs besides the sandbox's environment (which already
    /// holds the AWS keys): no instance-metadata lookups for the AWS-family clients,
    /// the region, and rclone's remote.
    pub fn env(&self, t: &Target<'_>) -> Vec<(String, OsString)> {
        let mut vars: Vec<(String, OsString)> = vec![
            ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
            ("AWS_DEFAULT_REGION".into(), REGION.into()),
        ];
        if let Client::Rclone { config, .. } = self {
            let remote =
                |name: &str| format!("RCLONE_CONFIG_{}_{name}", RCLONE_REMOTE.to_uppercase());
            vars.extend([
                ("RCLONE_CONFIG".into(), config.clone().into_os_string()),
                (remote("TYPE"), "s3".into()),
                (remote("PROVIDER"), "Other".into()),
                (remote("ENDPOINT"), t.endpoint().into()),
                (remote("ACCESS_KEY_ID"), t.keys.0.into()),
                (remote("SECRET_ACCESS_KEY"), t.keys.1.into()),
                (remote("REGION"), REGION.into()),
            ]);
        }
        vars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> Target<'static> {
        Target {
            port: 9000,
            keys: ("AK", "SK"),
            bucket: "sync-x-1",
            dir: Path::new("/t/tree"),
        }
    }

    fn line(c: &Client) -> String {
        c.args(&target())
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn get(vars: &[(String, OsString)], name: &str) -> Option<String> {
        vars.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.to_string_lossy().into_owned())
    }

    #[test]
    fn ours_syncs_to_the_s3_provider_path_at_the_endpoint() {
        let c = Client::Ours {
            bin: "/w/target/release/libcloud".into(),
        };
        assert_eq!(
            line(&c),
            "--endpoint http://127.0.0.1:9000 --region us-east-1 --output json \
             storage sync /t/tree s3:sync-x-1/"
        );
        assert_eq!(c.program(), Path::new("/w/target/release/libcloud"));
        let vars = c.env(&target());
        assert_eq!(
            get(&vars, "AWS_EC2_METADATA_DISABLED").as_deref(),
            Some("true")
        );
        assert!(get(&vars, "RCLONE_CONFIG").is_none());
    }

    #[test]
    fn rclone_gets_its_remote_from_the_environment() {
        let c = Client::Rclone {
            bin: "/usr/bin/rclone".into(),
            config: "/sb/rclone.conf".into(),
        };
        assert_eq!(line(&c), "sync /t/tree bench:sync-x-1/");
        let vars = c.env(&target());
        assert_eq!(
            get(&vars, "RCLONE_CONFIG").as_deref(),
            Some("/sb/rclone.conf")
        );
        assert_eq!(
            get(&vars, "RCLONE_CONFIG_BENCH_TYPE").as_deref(),
            Some("s3")
        );
        assert_eq!(
            get(&vars, "RCLONE_CONFIG_BENCH_PROVIDER").as_deref(),
            Some("Other")
        );
        assert_eq!(
            get(&vars, "RCLONE_CONFIG_BENCH_ENDPOINT").as_deref(),
            Some("http://127.0.0.1:9000")
        );
        assert_eq!(
            get(&vars, "RCLONE_CONFIG_BENCH_ACCESS_KEY_ID").as_deref(),
            Some("AK")
        );
        assert_eq!(
            get(&vars, "RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY").as_deref(),
            Some("SK")
        );
        assert_eq!(c.key(), "rclone");
    }

    #[test]
    fn aws_syncs_to_the_endpoint_url() {
        let c = Client::Aws {
            bin: "/venv/bin/aws".into(),
        };
        assert_eq!(
            line(&c),
            "--endpoint-url http://127.0.0.1:9000 s3 sync /t/tree s3://sync-x-1/ --no-progress"
        );
        assert_eq!(
            get(&c.env(&target()), "AWS_DEFAULT_REGION").as_deref(),
            Some("us-east-1")
        );
    }
}
