//! The three clients `gcs-transfer` times and their command lines for an upload or a
//! download of one object at the benchmark's fake-gcs-server on 127.0.0.1.

use std::path::{Path, PathBuf};

/// Size of each resumable upload request our CLI is told to use (its default, made
/// explicit so the report's note stays true if the default changes).
pub const CHUNK_SIZE_MIB: u64 = 16;

/// The project our CLI names when it creates the bucket (the emulator accepts any).
pub const PROJECT: &str = "libcloud-bench";

/// Which way the bytes go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// File to object.
    Upload,
    /// Object to file.
    Download,
}

impl Direction {
    /// `upload` or `download`, for progress lines.
    pub fn word(self) -> &'static str {
        match self {
            Direction::Upload => "upload",
            Direction::Download => "download",
        }
    }
}

/// A client of the benchmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Client {
    /// `libcloud --provider gcs storage put/get` (release build), reaching the emulator
    /// through `STORAGE_EMULATOR_HOST`.
    Ours {
        /// The `libcloud` binary.
        bin: PathBuf,
    },
    /// `bench/python/gcs_transfer.py` on Apache Libcloud's `google_storage` driver.
    Libcloud {
        /// The virtual environment's Python.
        python: PathBuf,
        /// The driver script.
        script: PathBuf,
    },
    /// `curl`: one `uploadType=media` POST, one `alt=media` GET (JSON API).
    Curl,
}

/// Where an object lives and the file it moves from or to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transfer<'a> {
    /// Upload or download.
    pub direction: Direction,
    /// The emulator's port on 127.0.0.1.
    pub port: u16,
    /// Bucket.
    pub bucket: &'a str,
    /// Object name.
    pub key: &'a str,
    /// The local file read (upload) or written (download).
    pub file: &'a Path,
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

    /// The object this client writes (each its own, so no client reads another's).
    pub fn key(&self) -> &'static str {
        match self {
            Client::Ours { .. } => "ours.bin",
            Client::Libcloud { .. } => "libcloud.bin",
            Client::Curl => "curl.bin",
        }
    }

    /// The arguments for `t`.
    pub fn args(&self, t: &Transfer<'_>) -> Vec<String> {
        let file = t.file.display().to_string();
        match self {
            Client::Ours { .. } => {
                let object = format!("{}/{}", t.bucket, t.key);
                let mut args = ours_globals();
                args.push("storage".into());
                match t.direction {
                    Direction::Upload => args.extend(["put".into(), file, object]),
                    Direction::Download => args.extend(["get".into(), object, file]),
                }
                args
            }
            Client::Libcloud { script, .. } => vec![
                script.display().to_string(),
                match t.direction {
                    Direction::Upload => "put".into(),
                    Direction::Download => "get".into(),
                },
                "--port".into(),
                t.port.to_string(),
                "--bucket".into(),
                t.bucket.into(),
                "--key".into(),
                t.key.into(),
                file,
            ],
            Client::Curl => {
                let mut args: Vec<String> = ["--silent", "--show-error", "--fail"]
                    .map(String::from)
                    .to_vec();
                match t.direction {
                    Direction::Upload => args.extend([
                        "--request".into(),
                        "POST".into(),
                        "--header".into(),
                        "Content-Type: application/octet-stream".into(),
                        "--upload-file".into(),
                        file,
                        "--output".into(),
                        "/dev/null".into(),
                        media_upload_url(t.port, t.bucket, t.key),
                    ]),
                    Direction::Download => args.extend([
                        "--output".into(),
                        file,
                        media_download_url(t.port, t.bucket, t.key),
                    ]),
                }
                args
            }
        }
    }

    /// Variables the client needs on top of the sandbox's clean environment.
    pub fn env(&self, port: u16) -> Vec<(String, String)> {
        match self {
            Client::Ours { .. } => vec![("STORAGE_EMULATOR_HOST".into(), endpoint(port))],
            Client::Libcloud { .. } | Client::Curl => Vec::new(),
        }
    }

    /// A short label for progress lines.
    pub fn label(&self) -> &'static str {
        match self {
            Client::Ours { .. } => "libcloud-rs CLI",
            Client::Libcloud { .. } => "Apache Libcloud",
            Client::Curl => "curl",
        }
    }
}

/// `http://127.0.0.1:PORT`.
pub fn endpoint(port: u16) -> String {
    format!("http://127.0.0.1:{port}")
}

/// Our CLI's global options: the provider and an explicit resumable chunk size.
pub fn ours_globals() -> Vec<String> {
    vec![
        "--provider".into(),
        "gcs".into(),
        "--set".into(),
        format!("chunk_size={CHUNK_SIZE_MIB}MiB"),
    ]
}

/// Our CLI's arguments creating `bucket` (in [`PROJECT`]).
pub fn create_bucket_args(bucket: &str) -> Vec<String> {
    let mut args = ours_globals();
    args.extend([
        "--set".into(),
        format!("project={PROJECT}"),
        "storage".into(),
        "containers".into(),
        "create".into(),
        bucket.into(),
    ]);
    args
}

/// The JSON API's single-request upload of `key` into `bucket`.
pub fn media_upload_url(port: u16, bucket: &str, key: &str) -> String {
    format!(
        "{}/upload/storage/v1/b/{bucket}/o?uploadType=media&name={key}",
        endpoint(port)
    )
}

/// The JSON API's media download of `key` (the URL our CLI reads too).
pub fn media_download_url(port: u16, bucket: &str, key: &str) -> String {
    format!("{}?alt=media", object_url(port, bucket, key))
}

/// The JSON API's resource of `key` (a `DELETE` there removes the object).
pub fn object_url(port: u16, bucket: &str, key: &str) -> String {
    format!("{}/storage/v1/b/{bucket}/o/{key}", endpoint(port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transfer(direction: Direction) -> Transfer<'static> {
        Transfer {
            direction,
            port: 4443,
            bucket: "bench",
            key: "ours.bin",
            file: Path::new("/t/payload.bin"),
        }
    }

    #[test]
    fn ours_puts_and_gets_through_the_emulator_variable() {
        let c = Client::Ours {
            bin: "/w/target/release/libcloud".into(),
        };
        assert_eq!(
            c.args(&transfer(Direction::Upload)).join(" "),
            "--provider gcs --set chunk_size=16MiB storage put /t/payload.bin bench/ours.bin"
        );
        assert_eq!(
            c.args(&transfer(Direction::Download)).join(" "),
            "--provider gcs --set chunk_size=16MiB storage get bench/ours.bin /t/payload.bin"
        );
        assert_eq!(
            c.env(4443),
            [(
                "STORAGE_EMULATOR_HOST".to_string(),
                "http://127.0.0.1:4443".to_string()
            )]
        );
    }

    #[test]
    fn the_bucket_is_created_in_a_project() {
        assert_eq!(
            create_bucket_args("bench").join(" "),
            "--provider gcs --set chunk_size=16MiB --set project=libcloud-bench \
             storage containers create bench"
        );
    }

    #[test]
    fn libcloud_script_gets_the_port_bucket_and_key() {
        let c = Client::Libcloud {
            python: "/venv/bin/python".into(),
            script: "/w/bench/python/gcs_transfer.py".into(),
        };
        assert_eq!(
            c.args(&transfer(Direction::Upload)).join(" "),
            "/w/bench/python/gcs_transfer.py put --port 4443 --bucket bench --key ours.bin \
             /t/payload.bin"
        );
        assert_eq!(c.args(&transfer(Direction::Download))[1], "get");
        assert_eq!(c.program(), Path::new("/venv/bin/python"));
        assert!(c.env(4443).is_empty());
    }

    #[test]
    fn curl_posts_one_media_upload_and_gets_alt_media() {
        let up = Client::Curl.args(&transfer(Direction::Upload));
        assert!(up.windows(2).any(|w| w == ["--request", "POST"]));
        assert!(
            up.windows(2)
                .any(|w| w == ["--upload-file", "/t/payload.bin"])
        );
        assert_eq!(
            up.last().unwrap(),
            "http://127.0.0.1:4443/upload/storage/v1/b/bench/o?uploadType=media&name=ours.bin"
        );
        let down = Client::Curl.args(&transfer(Direction::Download));
        assert!(down.contains(&"--fail".to_string()));
        assert!(down.windows(2).any(|w| w == ["--output", "/t/payload.bin"]));
        assert_eq!(
            down.last().unwrap(),
            "http://127.0.0.1:4443/storage/v1/b/bench/o/ours.bin?alt=media"
        );
    }

    #[test]
    fn each_client_writes_its_own_object() {
        let clients = [
            Client::Ours { bin: "/b".into() },
            Client::Libcloud {
                python: "/p".into(),
                script: "/s".into(),
            },
            Client::Curl,
        ];
        let keys: std::collections::BTreeSet<&str> = clients.iter().map(Client::key).collect();
        assert_eq!(keys.len(), 3);
    }
}
