//! The three clients `s3-transfer` times and their command lines for an upload or a
//! download of one object at a server on 127.0.0.1.

use std::path::{Path, PathBuf};

/// Size of each multipart part our CLI is told to use.
pub const PART_SIZE_MIB: u64 = 8;
/// Parts our CLI is told to keep in flight.
pub const CONCURRENCY: u64 = 4;

/// Which way the bytes go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// File to object.
    Upload,
    /// Object to file.
    Download,
}

/// A client of the benchmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Client {
    /// `libcloud storage put/get` (release build).
    Ours {
        /// The `libcloud` binary.
        bin: PathBuf,
    },
    /// `bench/python/s3_transfer.py` on Apache Libcloud's S3 driver.
    Libcloud {
        /// The virtual environment's Python.
        python: PathBuf,
        /// The driver script.
        script: PathBuf,
    },
    /// `curl` with its own SigV4 signing: one PUT, one GET.
    Curl,
}

/// Where an object lives and the file it moves from or to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer<'a> {
    /// Upload or download.
    pub direction: Direction,
    /// The server's port on 127.0.0.1.
    pub port: u16,
    /// Bucket.
    pub bucket: &'a str,
    /// Object key.
    pub key: &'a str,
    /// The local file read (upload) or written (download).
    pub file: &'a Path,
    /// Access key and secret key (curl takes them on its command line; the others read
    /// the `AWS_*` variables of the clean environment).
    pub keys: (&'a str, &'a str),
}

impl Client {
    /// The program to start.
    pub fn program(&self) -> PathBuf {
        match self {
            Client::Ours { bin } => bin.clone(),
            Client::Libcloud { python, .. } => python.clone(),
            Client::Curl => "curl".into(),
        }
    }

    /// The arguments for `t`.
    pub fn args(&self, t: &Transfer<'_>) -> Vec<String> {
        let file = t.file.display().to_string();
        let object = format!("{}/{}", t.bucket, t.key);
        let url = format!("http://127.0.0.1:{}/{object}", t.port);
        let mut args: Vec<String> = Vec::new();
        match self {
            Client::Ours { .. } => {
                args.extend(ours_globals(t.port));
                args.push("storage".into());
                match t.direction {
                    Direction::Upload => args.extend(["put".into(), file, object]),
                    Direction::Download => args.extend(["get".into(), object, file]),
                }
            }
            Client::Libcloud { script, .. } => {
                args.push(script.display().to_string());
                args.push(match t.direction {
                    Direction::Upload => "put".into(),
                    Direction::Download => "get".into(),
                });
                args.extend([
                    "--port".into(),
                    t.port.to_string(),
                    "--bucket".into(),
                    t.bucket.into(),
                    "--key".into(),
                    t.key.into(),
                    file,
                ]);
            }
            Client::Curl => {
                args.extend(
                    [
                        "--silent",
                        "--show-error",
                        "--fail",
                        "--aws-sigv4",
                        "aws:amz:us-east-1:s3",
                        "--user",
                    ]
                    .map(String::from),
                );
                args.push(format!("{}:{}", t.keys.0, t.keys.1));
                match t.direction {
                    Direction::Upload => args.extend([
                        "--header".into(),
                        "x-amz-content-sha256: UNSIGNED-PAYLOAD".into(),
                        "--upload-file".into(),
                        file,
                        "--output".into(),
                        "/dev/null".into(),
                    ]),
                    Direction::Download => args.extend([
                        "--header".into(),
                        "x-amz-content-sha256: UNSIGNED-PAYLOAD".into(),
                        "--output".into(),
                        file,
                    ]),
                }
                args.push(url);
            }
        }
        args
    }
}

/// Our CLI's global options for the server at `port`, with the part size and
/// concurrency the memory target is computed from, and `UNSIGNED-PAYLOAD` uploads like
/// curl's (over plain `http` the driver would otherwise sign every body's SHA-256).
pub fn ours_globals(port: u16) -> Vec<String> {
    vec![
        "--provider".into(),
        "s3".into(),
        "--endpoint".into(),
        format!("http://127.0.0.1:{port}"),
        "--region".into(),
        "us-east-1".into(),
        "--set".into(),
        format!("part_size={PART_SIZE_MIB}MiB"),
        "--set".into(),
        format!("multipart_concurrency={CONCURRENCY}"),
        "--set".into(),
        "payload_signing=unsigned".into(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transfer(direction: Direction) -> Transfer<'static> {
        Transfer {
            direction,
            port: 9000,
            bucket: "bench",
            key: "ours.bin",
            file: Path::new("/t/payload.bin"),
            keys: ("AK", "SK"),
        }
    }

    #[test]
    fn ours_puts_and_gets_with_explicit_part_settings() {
        let c = Client::Ours {
            bin: "/w/target/release/libcloud".into(),
        };
        let globals = "--provider s3 --endpoint http://127.0.0.1:9000 --region us-east-1 \
                       --set part_size=8MiB --set multipart_concurrency=4 \
                       --set payload_signing=unsigned";
        assert_eq!(
            c.args(&transfer(Direction::Upload)).join(" "),
            format!("{globals} storage put /t/payload.bin bench/ours.bin")
        );
        assert_eq!(
            c.args(&transfer(Direction::Download)).join(" "),
            format!("{globals} storage get bench/ours.bin /t/payload.bin")
        );
    }

    #[test]
    fn libcloud_script_gets_the_port_bucket_and_key() {
        let c = Client::Libcloud {
            python: "/venv/bin/python".into(),
            script: "/w/bench/python/s3_transfer.py".into(),
        };
        assert_eq!(
            c.args(&transfer(Direction::Download)).join(" "),
            "/w/bench/python/s3_transfer.py get --port 9000 --bucket bench --key ours.bin /t/payload.bin"
        );
        assert_eq!(c.program(), Path::new("/venv/bin/python"));
    }

    #[test]
    fn curl_signs_for_s3_and_talks_to_loopback() {
        let up = Client::Curl.args(&transfer(Direction::Upload));
        assert!(
            up.windows(2)
                .any(|w| w == ["--aws-sigv4", "aws:amz:us-east-1:s3"])
        );
        assert!(up.windows(2).any(|w| w == ["--user", "AK:SK"]));
        assert!(
            up.windows(2)
                .any(|w| w == ["--upload-file", "/t/payload.bin"])
        );
        assert_eq!(up.last().unwrap(), "http://127.0.0.1:9000/bench/ours.bin");
        let down = Client::Curl.args(&transfer(Direction::Download));
        assert!(down.windows(2).any(|w| w == ["--output", "/t/payload.bin"]));
        assert!(!down.contains(&"--upload-file".to_string()));
        assert_eq!(Client::Curl.program(), Path::new("curl"));
    }
}
